// Every reason the query lexer and parser can refuse a query for, once: a stable code, the
// parameters it carries and its English sentence. The CLI prints the sentence; the API sends the
// code and parameters so the dashboard can say it in the reader's language. Pure data, no
// imports: the dashboard bundles it.

/** What the parser expected, as sent in an `expected` parameter; the dashboard translates each. */
export const QUERY_EXPECTATIONS = ["a term, phrase or '('", "')'", 'end of query'] as const;
export type QueryExpectation = (typeof QUERY_EXPECTATIONS)[number];

/** What a `found` parameter holds when it is not the query's own text in quotes. */
export const QUERY_FOUND_WORDS = ['end of query', 'a space'] as const;

interface QuerySyntaxSpec {
  /** Names of the parameters the sentence uses, as `{name}`; the position is always given. */
  params: readonly string[];
  en: string;
}

export const QUERY_SYNTAX_CODES = {
  query_too_long: {
    params: ['length', 'maximum'],
    en: 'query is {length} characters long; the limit is {maximum}',
  },
  query_too_deep: { params: ['maximum'], en: 'query nests deeper than {maximum} levels' },
  query_too_many_terms: { params: ['maximum'], en: 'query has more than {maximum} terms' },
  query_unexpected_token: {
    params: ['expected', 'found'],
    en: 'expected {expected} but found {found}',
  },
  query_unmatched_paren: {
    params: [],
    en: "expected end of query but found ')' (no '(' is open)",
  },
  query_unclosed_phrase: {
    params: ['opened'],
    en: `expected '"' to close the phrase opened at position {opened} but found end of query`,
  },
  query_only_excludes: {
    params: [],
    en: 'the query only excludes things (NOT or -); add at least one word, phrase or field to look for',
  },
  query_dangling_minus: {
    params: [],
    en: "expected a term, phrase or '(' right after '-' (write -word to exclude a word)",
  },
  query_dangling_equals: {
    params: [],
    en: "expected a term or phrase right after '=' (write =word for exact diacritics)",
  },
  query_star_inside_word: {
    params: [],
    en: "'*' is only allowed at the end of a word (e.g. ngập*)",
  },
  query_short_prefix: {
    params: ['minimum'],
    en: "a wildcard needs at least {minimum} letters or digits before '*'",
  },
  query_no_letters: { params: ['token'], en: "'{token}' has no letters or digits to look for" },
  query_phrase_no_letters: { params: [], en: 'the phrase has no letters or digits to look for' },
  query_phrase_needs_space: {
    params: ['found'],
    en: 'expected a space after the phrase but found {found}',
  },
  query_proximity_number: {
    params: ['found'],
    en: `expected a number after '~' (e.g. "kẹt xe"~5) but found {found}`,
  },
  query_proximity_one_word: {
    params: [],
    en: 'proximity (~N) needs a phrase of two or more words',
  },
  query_proximity_in_field: {
    params: ['queryField'],
    en: 'proximity (~N) cannot be used inside {queryField}:',
  },
  query_near_distance_number: {
    params: ['token'],
    en: "expected a number after 'NEAR/' (e.g. NEAR/5) but found '{token}'",
  },
  query_near_distance_too_large: {
    params: ['distance', 'maximum'],
    en: 'proximity distance {distance} is larger than {maximum}',
  },
  query_near_mixed_distance: {
    params: ['first', 'second'],
    en: 'a chain of NEAR must use one distance (found NEAR/{first} and NEAR/{second})',
  },
  query_near_operand: {
    params: [],
    en: 'NEAR joins words or "phrases" only; put field filters and groups around the whole NEAR',
  },
  query_near_in_field: { params: ['queryField'], en: 'NEAR cannot be used inside {queryField}:' },
  query_nested_field: {
    params: ['queryField'],
    en: 'field filters cannot be nested ({queryField}: inside a field)',
  },
  query_missing_value: {
    params: ['queryField', 'found'],
    en: "expected a term, phrase or '(' right after '{queryField}:' but found {found}",
  },
  query_empty_value: { params: ['queryField'], en: '{queryField}: needs a value' },
  query_unknown_value: {
    params: ['queryField', 'value', 'allowed'],
    en: '{queryField}: "{value}" is not one of {allowed}',
  },
  query_unknown_place: {
    params: ['value'],
    en: 'place: no province, former district or ward is called "{value}"',
  },
  query_unknown_sector: {
    params: ['value', 'allowed'],
    en: 'sector: no sector is called "{value}" (ids: {allowed})',
  },
  query_whole_name: {
    params: ['queryField'],
    en: "{queryField}: takes a whole name or code; '*' cannot be used",
  },
  query_site_wildcard: {
    params: [],
    en: "site: matches a host and its subdomains; '*' is not needed",
  },
} as const satisfies Record<string, QuerySyntaxSpec>;

export type QuerySyntaxCode = keyof typeof QUERY_SYNTAX_CODES;

export type QuerySyntaxParams<C extends QuerySyntaxCode> = Record<
  (typeof QUERY_SYNTAX_CODES)[C]['params'][number],
  string | number
>;

/** The English sentence of a refusal, as the CLI prints it. */
export function querySyntaxReason(code: QuerySyntaxCode, params: Record<string, string | number>) {
  return QUERY_SYNTAX_CODES[code].en.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
