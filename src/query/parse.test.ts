import { describe, expect, it } from 'vitest';
import type { QueryNode } from './ast.js';
import { randomQuery, seededRandom } from './fixtures/random-corpus.js';
import { formatQuery } from './format.js';
import {
  MAX_QUERY_DEPTH,
  MAX_QUERY_LENGTH,
  MAX_QUERY_TERMS,
  parseQuery,
  QuerySyntaxError,
} from './parse.js';

const term = (
  text: string,
  extra: Partial<{ prefix: boolean; exact: boolean }> = {},
): QueryNode => ({
  kind: 'term',
  text,
  prefix: false,
  exact: false,
  ...extra,
});
const phrase = (
  text: string,
  extra: Partial<{ prefix: boolean; exact: boolean; proximity: number }> = {},
): QueryNode => ({
  kind: 'phrase',
  text,
  prefix: false,
  exact: false,
  proximity: null,
  ...extra,
});

function syntaxError(input: string): QuerySyntaxError {
  try {
    parseQuery(input);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${input} to be refused`);
}

describe('parseQuery: structure and precedence', () => {
  it('reads implicit AND between adjacent terms', () => {
    expect(parseQuery('ngập thủ')).toEqual({ kind: 'and', children: [term('ngập'), term('thủ')] });
  });
  it('binds AND tighter than OR, and NOT tighter than AND', () => {
    expect(parseQuery('a OR b c')).toEqual({
      kind: 'or',
      children: [term('a'), { kind: 'and', children: [term('b'), term('c')] }],
    });
    expect(parseQuery('a b OR c')).toEqual({
      kind: 'or',
      children: [{ kind: 'and', children: [term('a'), term('b')] }, term('c')],
    });
    expect(parseQuery('NOT a b')).toEqual({
      kind: 'and',
      children: [{ kind: 'not', child: term('a') }, term('b')],
    });
    expect(parseQuery('a AND b OR c AND d')).toEqual(parseQuery('(a b) OR (c d)'));
  });
  it('groups with parentheses', () => {
    expect(
      parseQuery('(ngập OR "triều cường") AND (thủ đức OR "tp thủ đức") -"quảng cáo"'),
    ).toEqual({
      kind: 'and',
      children: [
        { kind: 'or', children: [term('ngập'), phrase('triều cường')] },
        {
          kind: 'or',
          children: [{ kind: 'and', children: [term('thủ'), term('đức')] }, phrase('tp thủ đức')],
        },
        { kind: 'not', child: phrase('quảng cáo') },
      ],
    });
  });
  it('negates terms, phrases and groups with a leading minus', () => {
    expect(parseQuery('a -b -"c d" -(e OR f)')).toEqual({
      kind: 'and',
      children: [
        term('a'),
        { kind: 'not', child: term('b') },
        { kind: 'not', child: phrase('c d') },
        { kind: 'not', child: { kind: 'or', children: [term('e'), term('f')] } },
      ],
    });
  });
  it('keeps a hyphen inside a word as part of the word', () => {
    expect(parseQuery('covid-19')).toEqual(term('covid-19'));
  });
  it('treats lower-case and/or/not/near as ordinary words', () => {
    expect(parseQuery('rock and roll or not near')).toEqual({
      kind: 'and',
      children: ['rock', 'and', 'roll', 'or', 'not', 'near'].map((word) => term(word)),
    });
  });
  it('reads wildcards, exact diacritics and proximity', () => {
    expect(parseQuery('ngập*')).toEqual(term('ngập', { prefix: true }));
    expect(parseQuery('=đường')).toEqual(term('đường', { exact: true }));
    expect(parseQuery('="thành phố"')).toEqual(phrase('thành phố', { exact: true }));
    expect(parseQuery('"kẹt xe"~5')).toEqual(phrase('kẹt xe', { proximity: 5 }));
    expect(parseQuery('"tp hcm"*')).toEqual(phrase('tp hcm', { prefix: true }));
    expect(parseQuery('-=đường a')).toEqual({
      kind: 'and',
      children: [{ kind: 'not', child: term('đường', { exact: true }) }, term('a')],
    });
  });
  it('reads NEAR with and without a distance, chaining operands', () => {
    expect(parseQuery('a NEAR/5 "b c"')).toEqual({
      kind: 'near',
      operands: [term('a'), phrase('b c')],
      distance: 5,
    });
    expect(parseQuery('a NEAR b NEAR c')).toEqual({
      kind: 'near',
      operands: [term('a'), term('b'), term('c')],
      distance: 10,
    });
    expect(parseQuery('x a NEAR/2 b OR y')).toEqual({
      kind: 'or',
      children: [
        {
          kind: 'and',
          children: [term('x'), { kind: 'near', operands: [term('a'), term('b')], distance: 2 }],
        },
        term('y'),
      ],
    });
  });
  it('reads field filters with terms, phrases and groups', () => {
    expect(
      parseQuery('title:(a OR b) platform:web site:vnexpress.net place:"thủ đức" Lang:vi'),
    ).toEqual({
      kind: 'and',
      children: [
        { kind: 'field', field: 'title', child: { kind: 'or', children: [term('a'), term('b')] } },
        { kind: 'field', field: 'platform', child: term('web') },
        { kind: 'field', field: 'site', child: term('vnexpress.net') },
        { kind: 'field', field: 'place', child: phrase('thủ đức') },
        { kind: 'field', field: 'lang', child: term('vi') },
      ],
    });
    expect(parseQuery('-sentiment:negative text:=đường')).toEqual({
      kind: 'and',
      children: [
        { kind: 'not', child: { kind: 'field', field: 'sentiment', child: term('negative') } },
        { kind: 'field', field: 'text', child: term('đường', { exact: true }) },
      ],
    });
  });
  it('leaves unknown prefixes with a colon as words', () => {
    expect(parseQuery('http://x.vn')).toEqual(term('http://x.vn'));
  });
});

describe('parseQuery: errors say where and what was expected', () => {
  const cases: [string, number, string, RegExp][] = [
    [
      'a AND',
      5,
      "a term, phrase or '('",
      /^at position 5: expected a term, phrase or '\(' but found end of query$/,
    ],
    ['(ngập OR trieu', 14, "')'", /^at position 14: expected '\)' but found end of query$/],
    ['a)', 1, 'end of query', /found '\)'/],
    ['OR a', 0, "a term, phrase or '('", /found 'OR'/],
    ['"open phrase', 12, "'\"'", /close the phrase opened at position 0/],
    ['a*b', 1, 'a letter or digit', /only allowed at the end/],
    ['n*', 0, "at least 2 letters before '*'", /at least 2/],
    ['title: x', 6, "a term, phrase or '('", /right after 'title:' but found a space/],
    ['title:(a text:b)', 9, "a term, phrase or '('", /cannot be nested/],
    ['a NEAR/x b', 7, 'a number', /NEAR\//],
    ['a NEAR/2 b NEAR/3 c', 11, 'NEAR/2', /one distance/],
    ['a NEAR (b OR c)', 7, 'a term or phrase', /NEAR joins/],
    ['x (b OR c) NEAR a', 2, 'a term or phrase', /NEAR joins/],
    ['"kẹt xe"~', 9, 'a number', /after '~'/],
    ['"ngập"~3', 0, 'a phrase of two or more words', /two or more words/],
    ['platform:(web NEAR x)', 14, 'a value', /NEAR cannot be used inside platform:/],
    ['site:vnexpress*', 5, 'a host name', /site:/],
    ['a - b', 2, "a term, phrase or '(' right after '-'", /after '-'/],
    ['&& a', 0, 'a word with letters or digits', /'&&' has no letters/],
    ['""', 0, 'a word with letters or digits', /phrase has no letters/],
    ['', 0, "a term, phrase or '('", /found end of query/],
  ];
  for (const [input, position, expected, message] of cases) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      const error = syntaxError(input);
      expect(error.position).toBe(position);
      expect(error.expected).toBe(expected);
      expect(error.message).toMatch(message);
    });
  }

  it('refuses queries that only exclude', () => {
    for (const input of ['-a', 'NOT a', '-a -b', 'a OR -b', 'NOT (a b)', '-platform:x']) {
      expect(syntaxError(input).message, input).toMatch(/only excludes things/);
    }
    expect(() => parseQuery('a -b')).not.toThrow();
    expect(() => parseQuery('-(a -b)')).toThrow(QuerySyntaxError);
    expect(() => parseQuery('platform:web -b')).not.toThrow();
  });

  it('enforces length, depth and term limits', () => {
    expect(syntaxError('a '.repeat(MAX_QUERY_LENGTH)).message).toMatch(/limit is 4000/);
    const deep = `${'('.repeat(MAX_QUERY_DEPTH + 1)}a${')'.repeat(MAX_QUERY_DEPTH + 1)}`;
    expect(syntaxError(deep)).toMatchObject({ position: MAX_QUERY_DEPTH });
    expect(syntaxError(deep).message).toMatch(/deeper than 32/);
    expect(() =>
      parseQuery(`${'('.repeat(MAX_QUERY_DEPTH)}a${')'.repeat(MAX_QUERY_DEPTH)}`),
    ).not.toThrow();
    expect(syntaxError(`${'NOT '.repeat(40)}a b`).message).toMatch(/deeper than 32/);
    const many = Array.from({ length: MAX_QUERY_TERMS + 1 }, (_, i) => `w${i}`).join(' ');
    expect(syntaxError(many).message).toMatch(/more than 500 terms/);
    expect(() => parseQuery(many.slice(0, many.lastIndexOf(' ')))).not.toThrow();
  });
});

describe('formatQuery', () => {
  it('prints queries that parse back to the same tree', () => {
    const random = seededRandom(5);
    let checked = 0;
    for (let i = 0; i < 500; i++) {
      let ast: QueryNode;
      try {
        ast = parseQuery(formatQuery(randomQuery(random, { metaFields: true, maxDepth: 4 })));
      } catch {
        continue;
      }
      expect(parseQuery(formatQuery(ast))).toEqual(ast);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });
  it('quotes words that would read as operators or fields', () => {
    const ast: QueryNode = { kind: 'and', children: [term('AND'), term('title:x'), term('-a')] };
    expect(formatQuery(ast)).toBe('"AND" "title:x" "-a"');
  });
});
