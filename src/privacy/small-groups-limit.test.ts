// Rows past a page's limit fold into `other` with the small ones, so that no total minus the
// rows shown leaves a small group; a merged `other` still from fewer than k persons takes the
// smallest shown row with it.
import { describe, expect, it } from 'vitest';
import type { GroupQuery } from './group-counter.js';
import { protectBreakdown, protectPlaceFigures, type SmallGroupRule } from './small-groups.js';

/** Persons per platform key; a query's persons are the sum over the keys it names. */
function ruleOf(persons: Record<string, number>): SmallGroupRule {
  return {
    minGroupSize: 5,
    count: async (query: GroupQuery, cap: number) => {
      const keys = query.filter.platforms ?? query.filter.places ?? [];
      const n = keys.reduce((sum, key) => sum + (persons[key] ?? 0), 0);
      return Math.min(n, cap);
    },
  };
}

describe('rows past the limit', () => {
  it('merge into other with the small rows', async () => {
    // tiktok and x past the limit: 4 persons together, too few; youtube joins them.
    const rule = ruleOf({ facebook: 20, youtube: 8, tiktok: 1, x: 3 });
    const rows = [
      { key: 'facebook', label: null, count: 40 },
      { key: 'youtube', label: null, count: 9 },
    ];
    const beyond = [
      { key: 'tiktok', label: null, count: 2 },
      { key: 'x', label: null, count: 3 },
    ];
    const shown = await protectBreakdown(rule, 'platform', {}, rows, beyond);
    expect(shown.rows.map((r) => [r.key, r.count])).toEqual([
      ['facebook', 40],
      ['other', 14],
    ]);
    expect(shown.suppressed).toBe(3);
  });

  it('leave no other row when nothing lies past the limit and every row is large', async () => {
    const rule = ruleOf({ facebook: 20, youtube: 8 });
    const rows = [
      { key: 'facebook', label: null, count: 40 },
      { key: 'youtube', label: null, count: 9 },
    ];
    expect((await protectBreakdown(rule, 'platform', {}, rows, [])).rows).toEqual(rows);
  });

  it('hide a place row’s sentiment counts only where a class is a small group', async () => {
    const rule: SmallGroupRule = {
      minGroupSize: 5,
      count: async (query, cap) =>
        Math.min(query.filter.sentiments?.includes('positive') ? 2 : 9, cap),
    };
    const row = {
      key: '79',
      label: 'Thành phố Hồ Chí Minh',
      mentions: 12,
      stories: 3,
      authors: 9,
      positive: 2,
      neutral: 0,
      negative: 10,
    };
    const shown = await protectPlaceFigures(rule, 'province', {}, [row], []);
    expect(shown.rows).toEqual([{ ...row, positive: null, neutral: null, negative: null }]);
  });
});
