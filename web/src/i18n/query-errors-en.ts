// Refusals of the query language in English, by code: every code of src/query/syntax-codes.ts.
// Shown under the query input, so the input's own name is not repeated.
import type { QuerySyntaxCode } from '../../../src/query/syntax-codes.js';

export const queryErrorsEn: Record<QuerySyntaxCode, string> = {
  query_too_long:
    'Query error at position {position}: the query is {length} characters long; the limit is {maximum}.',
  query_too_deep: 'Query error at position {position}: brackets nest deeper than {maximum} levels.',
  query_too_many_terms: 'Query error at position {position}: more than {maximum} terms.',
  query_unexpected_token:
    'Query error at position {position}: expected {expected} but found {found}.',
  query_unmatched_paren: 'Query error at position {position}: “)” closes no open “(”.',
  query_unclosed_phrase:
    'Query error at position {position}: the phrase opened at position {opened} is not closed with ".',
  query_only_excludes:
    'Query error at position {position}: the query only excludes things (NOT or -); add at least one word, phrase or field to look for.',
  query_dangling_minus:
    'Query error at position {position}: “-” must be followed by a word, phrase or “(” (write -word to exclude a word).',
  query_dangling_equals:
    'Query error at position {position}: “=” must be followed by a word or phrase (write =word for exact diacritics).',
  query_star_inside_word:
    'Query error at position {position}: “*” is only allowed at the end of a word (e.g. ngập*).',
  query_short_prefix:
    'Query error at position {position}: a wildcard needs at least {minimum} letters or digits before “*”.',
  query_no_letters:
    'Query error at position {position}: “{token}” has no letters or digits to look for.',
  query_phrase_no_letters:
    'Query error at position {position}: the phrase has no letters or digits to look for.',
  query_phrase_needs_space:
    'Query error at position {position}: expected a space after the phrase but found {found}.',
  query_proximity_number:
    'Query error at position {position}: expected a number after “~” (e.g. "kẹt xe"~5) but found {found}.',
  query_proximity_one_word:
    'Query error at position {position}: proximity (~N) needs a phrase of two or more words.',
  query_proximity_in_field:
    'Query error at position {position}: proximity (~N) cannot be used inside {queryField}:.',
  query_near_distance_number:
    'Query error at position {position}: expected a number after “NEAR/” (e.g. NEAR/5) but found “{token}”.',
  query_near_distance_too_large:
    'Query error at position {position}: proximity distance {distance} is larger than {maximum}.',
  query_near_mixed_distance:
    'Query error at position {position}: a chain of NEAR must use one distance (found NEAR/{first} and NEAR/{second}).',
  query_near_operand:
    'Query error at position {position}: NEAR joins words or phrases only; put field filters and groups around the whole NEAR.',
  query_near_in_field:
    'Query error at position {position}: NEAR cannot be used inside {queryField}:.',
  query_nested_field:
    'Query error at position {position}: field filters cannot be nested ({queryField}: inside a field).',
  query_missing_value:
    'Query error at position {position}: expected a word, phrase or “(” right after “{queryField}:” but found {found}.',
  query_empty_value: 'Query error at position {position}: {queryField}: needs a value.',
  query_unknown_value:
    'Query error at position {position}: {queryField}: “{value}” is not one of {allowed}.',
  query_unknown_place:
    'Query error at position {position}: no province, former district or ward is called “{value}”.',
  query_unknown_sector:
    'Query error at position {position}: no sector is called “{value}” (ids: {allowed}).',
  query_whole_name:
    'Query error at position {position}: {queryField}: takes a whole name or code; “*” cannot be used.',
  query_site_wildcard:
    'Query error at position {position}: site: matches a host and its subdomains; “*” is not needed.',
};

/** What the parser expected or found, where it is not the query's own text. */
export const queryWordsEn: Record<string, string> = {
  "a term, phrase or '('": 'a word, phrase or “(”',
  "')'": '“)”',
  'end of query': 'the end of the query',
  'a space': 'a space',
};
