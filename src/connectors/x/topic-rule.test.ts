import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../query/parse.js';
import { topicRule } from './topic-rule.js';

const rule = (query: string) => topicRule(parseQuery(query));

describe('topic queries as X rules', () => {
  it('keeps words, phrases, AND, OR, negated words and lang:', () => {
    expect(rule('(ngập OR "triều cường") AND "thủ đức"')).toEqual({
      rule: '(ngập OR "triều cường") "thủ đức"',
    });
    expect(rule('kẹt xe -"cao tốc" lang:vi')).toEqual({ rule: 'kẹt xe -"cao tốc" lang:vi' });
    expect(rule('lũ OR (sạt lở AND miền trung)')).toEqual({ rule: 'lũ OR (sạt lở miền trung)' });
    expect(rule('text:covid-19')).toEqual({ rule: '"covid-19"' });
  });

  it('refuses what X would match differently, saying what', () => {
    expect(rule('ngập*')).toEqual({ refused: 'X has no prefix search (ngập*)' });
    expect(rule('=đường')).toEqual({ refused: 'X cannot require the same diacritics (=đường)' });
    expect(rule('"kẹt xe"~5')).toEqual({ refused: 'X has no proximity search ("kẹt xe"~5)' });
    expect(rule('ngập NEAR/3 mưa')).toEqual({ refused: 'X has no NEAR search' });
    expect(rule('title:ngập')).toEqual({ refused: 'X cannot match title: as nghe does' });
    expect(rule('ngập -(mưa OR lũ)')).toEqual({
      refused: 'X cannot negate a group; negate single words or phrases',
    });
    expect(rule('lang:vi')).toMatchObject({ refused: expect.stringMatching(/at least one word/) });
    expect(rule('lang:vi -ngập')).toMatchObject({
      refused: expect.stringMatching(/at least one word/),
    });
    const long = Array.from({ length: 80 }, (_, i) => `từkhóa${i}`).join(' OR ');
    expect(rule(long)).toMatchObject({ refused: expect.stringMatching(/X takes 512/) });
  });
});
