// Every error code the API can answer with, once: its HTTP status, the parameters it carries and
// its English sentence. The server writes `message` from the sentence; the dashboard translates
// the code from its own catalogue (web/src/i18n/errors-*.ts), which must cover every code here.
// Pure data, importing only pure data: the dashboard bundles it.
import { QUERY_SYNTAX_CODES, type QuerySyntaxCode } from '../query/syntax-codes.js';

interface ErrorCodeSpec {
  status: number;
  /** Names of the parameters the sentence uses, as `{name}`. */
  params: readonly string[];
  en: string;
}

type QuerySyntaxApiCodes = {
  readonly [C in QuerySyntaxCode]: {
    readonly status: 400;
    readonly params: readonly ['field', 'position', ...(typeof QUERY_SYNTAX_CODES)[C]['params']];
    readonly en: string;
  };
};

function querySyntaxApiCodes(): QuerySyntaxApiCodes {
  const entries = Object.entries(QUERY_SYNTAX_CODES).map(([code, spec]) => [
    code,
    {
      status: 400,
      params: ['field', 'position', ...spec.params],
      en: `{field}: ${spec.en} (at position {position})`,
    },
  ]);
  return Object.fromEntries(entries) as QuerySyntaxApiCodes;
}

export const API_ERROR_CODES = {
  // Generic codes by status, for refusals that have no more specific code yet: `detail` is the
  // server's own sentence (English).
  bad_request: { status: 400, params: ['detail'], en: 'The request is invalid: {detail}' },
  unauthorized: { status: 401, params: ['detail'], en: 'Not signed in: {detail}' },
  forbidden: { status: 403, params: ['detail'], en: 'Not allowed: {detail}' },
  not_found_detail: { status: 404, params: ['detail'], en: 'Not found: {detail}' },
  conflict: { status: 409, params: ['detail'], en: 'Conflict: {detail}' },
  payload_too_large: { status: 413, params: [], en: 'request body too large' },
  unsupported_media_type: {
    status: 415,
    params: ['detail'],
    en: 'Unsupported content type: {detail}',
  },
  too_many_requests: { status: 429, params: ['detail'], en: 'Too many requests: {detail}' },
  internal_error: { status: 500, params: [], en: 'internal error' },
  not_implemented: { status: 501, params: ['detail'], en: 'Not available: {detail}' },
  unavailable: { status: 503, params: ['detail'], en: 'Temporarily unavailable: {detail}' },
  storage_full: {
    status: 507,
    params: ['path'],
    en: 'The disk holding {path} is full: nothing of this request was written; free some space and retry',
  },

  // Not found, naming what (one of NOT_FOUND_THINGS, translated by the dashboard).
  not_found: { status: 404, params: ['what'], en: '{what} not found' },
  no_route: { status: 404, params: ['method', 'path'], en: 'No route for {method} {path}' },

  // Validation of path, query and body.
  unknown_parameter: {
    status: 400,
    params: ['field', 'allowed'],
    en: '{field}: unknown parameter; allowed: {allowed}',
  },
  invalid_choice: {
    status: 400,
    params: ['field', 'allowed'],
    en: '{field}: not one of {allowed}',
  },
  invalid_type: {
    status: 400,
    params: ['field', 'expected'],
    en: '{field}: expected {expected}',
  },
  too_small: { status: 400, params: ['field', 'minimum'], en: '{field}: at least {minimum}' },
  too_big: { status: 400, params: ['field', 'maximum'], en: '{field}: at most {maximum}' },
  invalid_format: {
    status: 400,
    params: ['field', 'format'],
    en: '{field}: not a valid {format}',
  },
  invalid_value: { status: 400, params: ['field', 'detail'], en: '{field}: {detail}' },
  invalid_json: { status: 400, params: [], en: 'body: not valid JSON' },
  json_required: { status: 415, params: [], en: 'body must be application/json' },
  date_out_of_range: {
    status: 400,
    params: ['field', 'value', 'earliest', 'latest'],
    en: '{field}: {value} is outside the allowed range {earliest} to {latest}',
  },

  // The query language.
  // Each refusal of the query language (src/query/syntax-codes.ts), with the query's field.
  ...querySyntaxApiCodes(),
  query_timeout: {
    status: 503,
    params: ['budgetMs'],
    en: 'The query ran past its time budget of {budgetMs} ms and was stopped; narrow the time range or simplify the query',
  },

  // Sources.
  source_private_address: {
    status: 400,
    params: ['host', 'setting'],
    en: '{host} is a private, loopback or link-local address; nghe refuses these unless {setting} is set',
  },
  source_url_invalid: { status: 400, params: ['detail'], en: 'Not a source address: {detail}' },
  source_exists: { status: 409, params: ['id'], en: 'Already a source (id {id})' },

  // Filters by place and sector (query parameters `place=` and `sector=`).
  unknown_place: {
    status: 400,
    params: ['field', 'value'],
    en: '{field}: no province, former district or ward is called "{value}"',
  },
  unknown_sector: {
    status: 400,
    params: ['field', 'value'],
    en: '{field}: no sector is called "{value}"',
  },

  // Topics.
  purpose_required: {
    status: 400,
    params: ['field', 'allowed'],
    en: "{field}: say which of the unit's functions this topic serves ({allowed})",
  },
  justification_too_short: {
    status: 400,
    params: ['field', 'minimum'],
    en: '{field}: say why this topic is needed, in at least {minimum} characters',
  },
  topic_name_taken: {
    status: 409,
    params: ['name', 'id'],
    en: 'A topic named "{name}" already exists (id {id})',
  },

  // Sign-in and limits.
  sign_in_required: {
    status: 401,
    params: [],
    en: 'Sign in, or send a valid bearer token (Authorization: Bearer TOKEN)',
  },
  rate_limited: {
    status: 429,
    params: ['perSecond', 'burst', 'retryAfter'],
    en: 'Too many requests: the limit is {perSecond} a second (bursts of {burst}) per token; retry after {retryAfter} s',
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

export type ApiErrorParams<C extends ApiErrorCode> = Record<
  (typeof API_ERROR_CODES)[C]['params'][number],
  string | number
>;

/** What `not_found` may name; each has a translation in the dashboard. */
export const NOT_FOUND_THINGS = [
  'topic',
  'mention',
  'source',
  'alert rule',
  'alert',
  'user',
  'unit',
  'active token',
] as const;
export type NotFoundThing = (typeof NOT_FOUND_THINGS)[number];

/** The generic code for a status, for an HttpError raised without a specific code. */
export function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found_detail';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'too_many_requests';
    case 501:
      return 'not_implemented';
    case 503:
      return 'unavailable';
    case 507:
      return 'storage_full';
    default:
      return status >= 500 ? 'internal_error' : 'bad_request';
  }
}

/** Fills `{name}` placeholders; unknown names stay as written. */
export function fillTemplate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
