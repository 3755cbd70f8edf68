/** A query the parser refuses, with where and what it expected, for showing next to the input. */
export class QuerySyntaxError extends Error {
  constructor(
    /** 0-based character offset in the query. */
    readonly position: number,
    /** What would have been valid there, e.g. "')'" or "a term, phrase or '('". */
    readonly expected: string,
    /** The reason in words, without the position prefix. */
    readonly reason: string,
  ) {
    super(`at position ${position}: ${reason}`);
    this.name = 'QuerySyntaxError';
  }
}
