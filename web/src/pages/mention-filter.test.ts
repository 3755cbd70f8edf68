import { describe, expect, it } from 'vitest';
import type { Mention } from '../../../src/http/api-types.js';
import { listParams, matchesListFilter, termQuery } from './mention-filter.js';

const mention: Mention = {
  id: 1,
  platform: 'facebook',
  canonicalUrl: null,
  externalId: 'x',
  author: null,
  publishedAt: '2025-11-22T18:00:00.000Z', // 23 November in Ho Chi Minh City
  collectedAt: '2025-11-22T18:00:00.000Z',
  language: 'vi',
  title: null,
  text: 'ngập',
  html: null,
  categories: [],
  engagement: {},
  parentId: null,
  threadRootId: null,
  updatedAt: null,
  deletedAt: null,
  sourceIds: [4],
  analysis: { lang: 'vi', sentiment: 'negative', sentimentConfidence: 0.9, keywords: [] },
};
const tz = 'Asia/Ho_Chi_Minh';
const all = { from: null, to: null };

describe('mention list filter', () => {
  it('matches a live mention on every field the list filters by', () => {
    expect(matchesListFilter(mention, all, {}, tz)).toBe(true);
    expect(
      matchesListFilter(mention, all, { sentiment: 'negative', platform: 'facebook' }, tz),
    ).toBe(true);
    expect(matchesListFilter(mention, all, { sentiment: 'positive' }, tz)).toBe(false);
    expect(matchesListFilter(mention, all, { lang: 'en' }, tz)).toBe(false);
    expect(matchesListFilter(mention, all, { source: '4' }, tz)).toBe(true);
    expect(matchesListFilter(mention, all, { source: '5' }, tz)).toBe(false);
    expect(matchesListFilter(mention, all, { day: '2025-11-23' }, tz)).toBe(true);
    expect(matchesListFilter(mention, all, { day: '2025-11-22' }, tz)).toBe(false);
    expect(matchesListFilter(mention, { from: '2025-11-24', to: null }, {}, tz)).toBe(false);
    // A text filter is the server's to evaluate.
    expect(matchesListFilter(mention, all, { q: 'ngập' }, tz)).toBe(false);
  });

  it('asks the API for a clicked day as that whole day in the chosen zone', () => {
    const params = listParams(3, { from: '2025-11-01', to: null }, { day: '2025-11-23' }, tz);
    expect(params.from).toBe('2025-11-22T17:00:00.000Z');
    expect(params.to).toBe('2025-11-23T17:00:00.000Z');
    expect(params.topic).toBe(3);
  });

  it('quotes a clicked term as a phrase', () => {
    expect(termQuery('triều cường')).toBe('"triều cường"');
    expect(termQuery('a"b')).toBe('"ab"');
  });
});
