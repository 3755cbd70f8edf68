// The server's refusals in English, by code: every code of src/http/error-codes.ts.
import type { ApiErrorCode, NotFoundThing } from '../../../src/http/error-codes.js';
import { queryErrorsEn } from './query-errors-en.js';

export const errorsEn: Record<ApiErrorCode, string> = {
  bad_request: 'The request is invalid: {detail}',
  unauthorized: 'Not signed in: {detail}',
  forbidden: 'Not allowed: {detail}',
  not_found_detail: 'Not found: {detail}',
  conflict: 'Conflict: {detail}',
  payload_too_large: 'What was sent is too large.',
  unsupported_media_type: 'Unsupported content type: {detail}',
  too_many_requests: 'Too many requests: {detail}',
  internal_error: 'The server ran into an error; please try again.',
  not_implemented: 'Not available on this server: {detail}',
  unavailable: 'Temporarily unavailable: {detail}',
  storage_full:
    'The server’s disk is full ({path}): nothing was saved; ask the administrator to free space.',
  not_found: '{what} not found.',
  no_route: 'The server has no address {method} {path}.',
  unknown_parameter: '“{field}” is not a parameter here; allowed: {allowed}.',
  invalid_choice: '{field}: not one of {allowed}.',
  invalid_type: '{field}: expected {expected}.',
  too_small: '{field}: at least {minimum}.',
  too_big: '{field}: at most {maximum}.',
  invalid_format: '{field}: not a valid {format}.',
  invalid_value: 'Invalid value for {field}: {detail}',
  invalid_json: 'What was sent is not valid JSON.',
  json_required: 'What was sent must be JSON.',
  date_out_of_range: '{field}: {value} is outside the allowed range {earliest} to {latest}.',
  ...queryErrorsEn,
  query_timeout:
    'The query took longer than {budgetMs} ms and was stopped; narrow the time range or simplify the query.',
  source_private_address:
    '{host} is a private, loopback or link-local address; nghe refuses these unless {setting} is set.',
  source_url_invalid: 'Not a source address: {detail}',
  source_exists: 'Already a source (#{id}).',
  unknown_place: '{field}: no province, former district or ward is called “{value}”.',
  unknown_sector: '{field}: no sector is called “{value}”.',
  purpose_required: '{field}: choose which of the unit’s functions this topic serves ({allowed}).',
  justification_too_short:
    '{field}: say why this topic is needed, in at least {minimum} characters.',
  topic_name_taken: 'A topic named “{name}” already exists (#{id}).',
  sign_in_required: 'Please sign in again.',
  rate_limited:
    'Too many requests: at most {perSecond} a second (bursts of {burst}); try again in {retryAfter} s.',
};

export const thingsEn: Record<NotFoundThing, string> = {
  topic: 'Topic',
  mention: 'Mention',
  source: 'Source',
  'alert rule': 'Alert rule',
  alert: 'Alert',
  user: 'User',
  unit: 'Unit',
  'active token': 'Active token',
};
