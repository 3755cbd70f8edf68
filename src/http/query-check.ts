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
    return {
      ok: false,
      message: error.reason,
      position: error.position,
      expected: error.expected,
      code: error.code,
      params: error.params,
    };
  }
}

/** The 400 for a query that does not parse: field, position, expectation and a declared code. */
export function queryRefusal(error: QuerySyntaxError, field: string) {
  const where = { field, position: error.position, expected: error.expected };
  const params = { ...error.params, field, position: error.position };
  return apiError(error.code, params as never, where);
}

/** Query texts known to parse: a search asked again is not parsed again to check it. */
const validQueries = new Set<string>();
const KEPT_VALID = 1000;

/** Throws a 400 naming the field, position and expectation when the query does not parse. */
export function requireValidQuery(query: string, field: string): void {
  if (validQueries.has(query)) return;
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw queryRefusal(error, field);
    throw error;
  }
  if (validQueries.size >= KEPT_VALID) validQueries.clear();
  validQueries.add(query);
}
