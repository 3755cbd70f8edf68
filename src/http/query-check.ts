// Query-language checks shared by topic routes and the live query checker.
import { formatQuery } from '../query/format.js';
import { parseQuery, QuerySyntaxError } from '../query/parse.js';
import { HttpError } from './api-error.js';
import type { QueryCheck } from './api-types.js';

export function checkQuery(query: string): QueryCheck {
  try {
    return { ok: true, normalized: formatQuery(parseQuery(query)) };
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    return { ok: false, message: error.reason, position: error.position, expected: error.expected };
  }
}

/** Throws a 400 naming the field, position and expectation when the query does not parse. */
export function requireValidQuery(query: string, field: string): void {
  const check = checkQuery(query);
  if (!check.ok) {
    throw new HttpError(400, `${field}: ${check.message} (at position ${check.position})`, {
      field,
      position: check.position,
      expected: check.expected,
    });
  }
}
