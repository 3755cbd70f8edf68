// Path, query and body validation against a route's zod schemas, refusing with a declared error
// code and its parameters. A query string may hold only the parameters the route declares:
// a misspelt or unknown one is refused with the allowed names rather than silently ignored.
import { z } from 'zod';
import { apiError, type HttpError } from './api-error.js';

export type RequestPart = 'path' | 'query' | 'body';

const strictQueries = new WeakMap<z.ZodType, z.ZodType>();

/** The schema a query string is checked with: an object schema that refuses unknown keys. */
export function strictQuerySchema(schema: z.ZodType): z.ZodType {
  if (!(schema instanceof z.ZodObject)) return schema;
  let strict = strictQueries.get(schema);
  if (!strict) {
    strict = schema.strict();
    strictQueries.set(schema, strict);
  }
  return strict;
}

/** Distinct query strings kept per schema; past it, the kept answers start over. */
const KEPT_QUERIES = 512;
const keptQueries = new WeakMap<z.ZodType, Map<string, unknown>>();

/**
 * A query string checked against a route's schema, given as its raw text and as parsed: a
 * schema's answer depends only on the text (no clock, no store), so the answer to a text seen
 * before is reused and only what failed or is new is parsed. Each caller gets its own copy, so
 * nothing a handler does to its query reaches the next request.
 */
export function validateQueryString(
  schema: z.ZodType,
  raw: string,
  parsed: () => Record<string, string>,
): unknown {
  let kept = keptQueries.get(schema);
  if (!kept) {
    kept = new Map();
    keptQueries.set(schema, kept);
  }
  if (kept.has(raw)) return copied(kept.get(raw));
  const checked = validateRequest(schema, parsed(), 'query');
  if (kept.size >= KEPT_QUERIES) kept.clear();
  kept.set(raw, copied(checked));
  return checked;
}

/**
 * A deep copy of a checked query: plain objects, arrays and primitives (what query schemas
 * answer) copied directly, several times cheaper than structuredClone; anything else by it.
 */
function copied(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copied);
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copied((value as Record<string, unknown>)[key]);
  return copy;
}

export function validateRequest(schema: z.ZodType, input: unknown, where: RequestPart): unknown {
  const checked = where === 'query' ? strictQuerySchema(schema) : schema;
  const result = checked.safeParse(input);
  if (result.success) return result.data;
  throw refusal(checked, result.error.issues[0], where);
}

function allowedKeys(schema: z.ZodType): string {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape).join(', ') : '';
}

function refusal(
  schema: z.ZodType,
  issue: z.core.$ZodIssue | undefined,
  where: RequestPart,
): HttpError {
  if (!issue)
    return apiError('invalid_value', { field: where, detail: 'invalid' }, { field: where });
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = [...issue.path, ...keys.slice(0, 1)];
  const field =
    where === 'body'
      ? path.map(String).join('.') || 'body'
      : String(path.find((part) => typeof part === 'string') ?? where);
  const extra = { field };
  switch (issue.code) {
    case 'unrecognized_keys':
      return apiError(
        'unknown_parameter',
        { field, allowed: where === 'query' ? allowedKeys(schema) : 'see /api/docs' },
        extra,
      );
    case 'invalid_value':
      return apiError(
        'invalid_choice',
        { field, allowed: issue.values.map(String).join(', ') },
        extra,
      );
    case 'invalid_type':
      return apiError('invalid_type', { field, expected: issue.expected }, extra);
    case 'too_small':
      return apiError('too_small', { field, minimum: String(issue.minimum) }, extra);
    case 'too_big':
      return apiError('too_big', { field, maximum: String(issue.maximum) }, extra);
    case 'invalid_format':
      return apiError('invalid_format', { field, format: issue.format }, extra);
    default:
      return apiError('invalid_value', { field, detail: issue.message }, extra);
  }
}
