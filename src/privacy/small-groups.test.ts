import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionInput } from '../model.js';
import type { EstimatedSeriesPoint } from '../store/listening-store.js';
import { estimateSentiment } from '../store/share-estimate.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import { publicMention } from './public-mention.js';
import { setMinGroupSize, smallGroupRuleFor } from './small-group-rule-for.js';
import {
  protectBreakdown,
  protectCount,
  protectSeries,
  protectShare,
  protectTerms,
} from './small-groups.js';

const K = 10;
let serial = 0;

function post(author: string, at: string, overrides: Partial<MentionInput> = {}): MentionInput {
  serial++;
  return mentionInput({
    platform: 'reddit',
    canonicalUrl: null,
    externalId: `s${serial}`,
    author: { key: author, displayName: null, kind: 'person' },
    publishedAt: at,
    collectedAt: at,
    analysis: {
      lang: 'vi',
      sentiment: 'negative',
      sentimentConfidence: 0.9,
      keywords: ['ngập'],
    },
    ...overrides,
  });
}

/** `authors` distinct persons, two posts each, in one hour of one day. */
function group(authors: number, hour: string, prefix = 'p'): MentionInput[] {
  return Array.from({ length: authors * 2 }, (_, i) =>
    post(`${prefix}${i % authors}`, `2026-11-0${hour}:1${i % 6}:00Z`),
  );
}

describe.each([
  [K - 1, false],
  [K, true],
  [K + 1, true],
])('a group of %i distinct persons', (authors, shown) => {
  let store: SqliteStore;
  const filter = { from: '2026-11-01T00:00:00Z', to: '2026-11-04T00:00:00Z' };

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    setMinGroupSize(store, K);
    // Day 2: the group alone. Day 3: 30 other persons, so the range as a whole is large.
    await store.saveMentions(null, [...group(authors, '2T05'), ...group(30, '3T05', 'q')]);
  });
  afterEach(async () => {
    await store.close();
  });

  it('series buckets, sentiment shares, breakdowns, terms and counts', async () => {
    const rule = smallGroupRuleFor(store);
    const day2 = { from: '2026-11-02T00:00:00Z', to: '2026-11-03T00:00:00Z' };

    const counts = await store.series({ ...filter, interval: 'day', timeZone: 'UTC' });
    const points: EstimatedSeriesPoint[] = counts.map((p) => ({
      ...p,
      sentiment: estimateSentiment({ groups: {} }),
    }));
    const series = await protectSeries(rule, filter, points, null);
    const bucket = series.find((p) => p.t.startsWith('2026-11-02'))!;
    expect(bucket.suppressed).toBe(!shown);
    expect(bucket.total).toBe(shown ? authors * 2 : null);
    // Hidden alone, day 2 would still be the range's total minus day 3: day 3 goes with it.
    expect(series.find((p) => p.t.startsWith('2026-11-03'))!.total).toBe(shown ? 60 : null);

    const share = await protectShare(rule, day2, await store.sentimentShare(day2));
    expect(share.suppressed).toBe(!shown);
    expect(share.classifiedCounts.negative).toBe(shown ? authors * 2 : null);

    for (const by of ['platform', 'lang', 'sentiment', 'source'] as const) {
      const rows = await store.breakdown(by, day2);
      const result = await protectBreakdown(rule, by, day2, rows);
      expect(result.rows.reduce((sum, row) => sum + row.count, 0)).toBe(shown ? authors * 2 : 0);
      expect(result.suppressed).toBe(shown ? 0 : 1);
    }

    const terms = await protectTerms(rule, day2, await store.topTerms(day2));
    expect(terms.map((t) => t.term)).toEqual(shown ? ['ngập'] : []);
    expect(await protectCount(rule, day2, authors * 2)).toBe(shown ? authors * 2 : null);
  });
});

describe('small groups', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = openSqliteStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('shows figures of outlets alone, whatever their number', async () => {
    const outlet = { key: 'vnexpress', displayName: 'VnExpress', kind: 'outlet' as const };
    await store.saveMentions(
      null,
      Array.from({ length: 5 }, () =>
        post('x', '2026-11-02T05:00:00Z', { platform: 'web', author: outlet }),
      ),
    );
    const rule = smallGroupRuleFor(store);
    expect(await protectCount(rule, {}, 5)).toBe(5);
  });

  it('merges small rows into one other row, hiding the next smallest when needed', async () => {
    // reddit: 12 persons; youtube: 6; mastodon: 5. Each of the last two is small; together 11.
    await store.saveMentions(null, [
      ...Array.from({ length: 12 }, (_, i) => post(`r${i}`, '2026-11-02T05:00:00Z')),
      ...Array.from({ length: 6 }, (_, i) =>
        post(`y${i}`, '2026-11-02T05:00:00Z', { platform: 'youtube' }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        post(`m${i}`, '2026-11-02T05:00:00Z', { platform: 'mastodon' }),
      ),
    ]);
    const rule = smallGroupRuleFor(store);
    const rows = await store.breakdown('platform', {});
    const result = await protectBreakdown(rule, 'platform', {}, rows);
    expect(result.rows.map((r) => [r.key, r.count])).toEqual([
      ['reddit', 12],
      ['other', 11],
    ]);
    // With only youtube small, it cannot be merged alone: reddit joins it.
    const two = await protectBreakdown(
      rule,
      'platform',
      { platforms: ['reddit', 'youtube'] },
      rows.filter((r) => r.key !== 'mastodon'),
    );
    expect(two.rows.map((r) => [r.key, r.count])).toEqual([['other', 18]]);
  });

  it('refuses a minimum group size below 5', () => {
    expect(() => setMinGroupSize(store, 4)).toThrow(/at least 5/);
  });

  it('gives persons out without their pseudonym', () => {
    const mention = {
      ...({} as Parameters<typeof publicMention>[0]),
      author: { key: 'abc', displayName: null, kind: 'person' as const },
    };
    expect(publicMention(mention).author).toEqual({ key: '', displayName: null, kind: 'person' });
  });
});
