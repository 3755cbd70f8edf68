/** A query the parser refuses, with where and what it expected, for showing next to the input. */
export class QuerySyntaxError extends Error {
  constructor(
    /** 0-based character offset in the query. */
    readonly position: number,
    /** What would have been valid there, e.g. "')'" or "a term, phrase or '('". */
    readonly expected: string,
    /** The reason in words, without the position prefix. */
    readonly reason: string,
    /** A stable name for the refusal and its values, for saying it in another language. */
    readonly detail: QueryErrorDetail | null = null,
  ) {
    super(`at position ${position}: ${reason}`);
    this.name = 'QuerySyntaxError';
  }
}

/** Refusals that can be told in other words than `reason`; others are shown by their reason. */
export type QueryErrorDetail =
  | { code: 'query_unknown_value'; queryField: string; value: string; allowed: string }
  | { code: 'query_unclosed_phrase' };
