import { type QuerySyntaxCode, type QuerySyntaxParams, querySyntaxReason } from './syntax-codes.js';

/** A query the parser refuses, with where and what it expected, for showing next to the input. */
export class QuerySyntaxError<C extends QuerySyntaxCode = QuerySyntaxCode> extends Error {
  /** The reason in words (English), without the position prefix. */
  readonly reason: string;

  constructor(
    /** 0-based character offset in the query. */
    readonly position: number,
    /** What would have been valid there, e.g. "')'" or "a term, phrase or '('". */
    readonly expected: string,
    /** A stable name for the refusal (src/query/syntax-codes.ts), for saying it in another language. */
    readonly code: C,
    /** The values the sentence of `code` names. */
    readonly params: QuerySyntaxParams<C>,
  ) {
    const reason = querySyntaxReason(code, params as Record<string, string | number>);
    super(`at position ${position}: ${reason}`);
    this.reason = reason;
    this.name = 'QuerySyntaxError';
  }
}
