// Query-language checks shared by topic routes and the live query checker.
import { formatQuery } from '../query/format.js';
import { parseQuery, QuerySyntaxError } from '../query/parse.js';
import { apiError } from './api-error.js';
import type { QueryCheck } from './api-types.js';

export function checkQuery(query: string): QueryCheck {
  try {
    return { ok: true, normalized: formatQuery(parseQuery(query)) };
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    return { ok: false, message: error.reason, position: error.position, expected: error.expected };
  }
}

/** The 400 for a query that does not parse: field, position, expectation and a declared code. */
export function queryRefusal(error: QuerySyntaxError, field: string) {
  const where = { field, position: error.position, expected: error.expected };
  const detail = error.detail;
  if (detail?.code === 'query_unknown_value') {
    const { queryField, value, allowed } = detail;
    return apiError(
      'query_unknown_value',
      { field, position: error.position, queryField, value, allowed },
      where,
    );
  }
  if (detail?.code === 'query_unclosed_phrase') {
    return apiError('query_unclosed_phrase', { field, position: error.position }, where);
  }
  return apiError('query_syntax', { field, position: error.position, reason: error.reason }, where);
}

/** Throws a 400 naming the field, position and expectation when the query does not parse. */
export function requireValidQuery(query: string, field: string): void {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw queryRefusal(error, field);
    throw error;
  }
}
