// Splits a query string into tokens for the parser. Operators are upper-case only: `and`, `or`,
// `not` and `near` in lower case are ordinary words, so Vietnamese or English text typed as is
// never turns into logic by accident.
import { type FieldName, META_FIELDS, TEXT_FIELDS } from './ast.js';
import { QuerySyntaxError } from './syntax-error.js';

export type Token =
  | { type: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus' | 'eof'; position: number }
  | { type: 'near'; position: number; distance: number }
  | { type: 'field'; position: number; field: FieldName; end: number }
  | {
      type: 'term';
      position: number;
      text: string;
      prefix: boolean;
      exact: boolean;
    }
  | {
      type: 'phrase';
      position: number;
      text: string;
      prefix: boolean;
      exact: boolean;
      proximity: number | null;
    };

/** NEAR without `/N`, as in SQLite FTS5. */
export const DEFAULT_NEAR_DISTANCE = 10;
/** Larger windows stop meaning "near" and cost more to check. */
export const MAX_NEAR_DISTANCE = 1000;

const FIELD_NAMES = new Set<string>([...TEXT_FIELDS, ...META_FIELDS]);
const WORD_END = /[\s()"]/u;
const WHITESPACE = /\s/u;

export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const char = input[i]!;
    if (WHITESPACE.test(char)) {
      i++;
    } else if (char === '(') {
      tokens.push({ type: 'lparen', position: i++ });
    } else if (char === ')') {
      tokens.push({ type: 'rparen', position: i++ });
    } else if (char === '-' && startsOperand(input, i + 1)) {
      tokens.push({ type: 'minus', position: i++ });
    } else if (char === '-') {
      throw new QuerySyntaxError(
        i,
        "a term, phrase or '(' right after '-'",
        'query_dangling_minus',
        {},
      );
    } else if (char === '=' && input[i + 1] === '"') {
      i = lexPhrase(input, i + 1, i, true, tokens);
    } else if (char === '=') {
      if (!startsWord(input, i + 1)) {
        throw new QuerySyntaxError(
          i,
          "a term or phrase right after '='",
          'query_dangling_equals',
          {},
        );
      }
      i = lexWord(input, i + 1, i, true, tokens);
    } else if (char === '"') {
      i = lexPhrase(input, i, i, false, tokens);
    } else {
      i = lexWord(input, i, i, false, tokens);
    }
  }
  tokens.push({ type: 'eof', position: input.length });
  return tokens;
}

function startsWord(input: string, at: number): boolean {
  const next = input[at];
  return next !== undefined && !WORD_END.test(next);
}

function startsOperand(input: string, at: number): boolean {
  const next = input[at];
  return next === '"' || next === '(' || startsWord(input, at);
}

function lexPhrase(
  input: string,
  quoteAt: number,
  start: number,
  exact: boolean,
  tokens: Token[],
): number {
  const close = input.indexOf('"', quoteAt + 1);
  if (close < 0) {
    throw new QuerySyntaxError(input.length, "'\"'", 'query_unclosed_phrase', { opened: quoteAt });
  }
  const text = input.slice(quoteAt + 1, close);
  let i = close + 1;
  let prefix = false;
  let proximity: number | null = null;
  if (input[i] === '*') {
    prefix = true;
    i++;
  }
  if (input[i] === '~') {
    const digits = /^\d+/.exec(input.slice(i + 1));
    if (!digits) {
      throw new QuerySyntaxError(i + 1, 'a number', 'query_proximity_number', {
        found: describeAt(input, i + 1),
      });
    }
    proximity = checkDistance(Number(digits[0]), i + 1);
    i += 1 + digits[0].length;
  }
  if (startsWord(input, i)) {
    throw new QuerySyntaxError(i, 'a space or operator', 'query_phrase_needs_space', {
      found: describeAt(input, i),
    });
  }
  tokens.push({ type: 'phrase', position: start, text, prefix, exact, proximity });
  return i;
}

function lexWord(
  input: string,
  wordStart: number,
  start: number,
  exact: boolean,
  tokens: Token[],
): number {
  let end = wordStart;
  while (end < input.length && !WORD_END.test(input[end]!)) end++;
  const word = input.slice(wordStart, end);

  if (!exact) {
    const operator = operatorToken(word, start);
    if (operator) {
      tokens.push(operator);
      return end;
    }
    const colon = word.indexOf(':');
    const name = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    if (FIELD_NAMES.has(name)) {
      const fieldEnd = start + colon + 1;
      tokens.push({ type: 'field', position: start, field: name as FieldName, end: fieldEnd });
      return fieldEnd;
    }
  }

  const star = word.indexOf('*');
  if (star >= 0 && star !== word.length - 1) {
    throw new QuerySyntaxError(wordStart + star, 'a letter or digit', 'query_star_inside_word', {});
  }
  const prefix = star >= 0;
  const text = prefix ? word.slice(0, -1) : word;
  tokens.push({ type: 'term', position: start, text, prefix, exact });
  return end;
}

function operatorToken(word: string, position: number): Token | null {
  if (word === 'AND') return { type: 'and', position };
  if (word === 'OR') return { type: 'or', position };
  if (word === 'NOT') return { type: 'not', position };
  if (word === 'NEAR') return { type: 'near', position, distance: DEFAULT_NEAR_DISTANCE };
  if (word.startsWith('NEAR/')) {
    const digits = word.slice(5);
    if (!/^\d+$/.test(digits)) {
      throw new QuerySyntaxError(position + 5, 'a number', 'query_near_distance_number', {
        token: digits,
      });
    }
    return { type: 'near', position, distance: checkDistance(Number(digits), position + 5) };
  }
  return null;
}

function checkDistance(distance: number, position: number): number {
  if (distance > MAX_NEAR_DISTANCE) {
    throw new QuerySyntaxError(
      position,
      `a number up to ${MAX_NEAR_DISTANCE}`,
      'query_near_distance_too_large',
      { distance, maximum: MAX_NEAR_DISTANCE },
    );
  }
  return distance;
}

export function describeAt(input: string, at: number): string {
  if (at >= input.length) return 'end of query';
  if (WHITESPACE.test(input[at]!)) return 'a space';
  const rest = /^[^\s()"]+/.exec(input.slice(at));
  return `'${rest ? rest[0] : input[at]}'`;
}
