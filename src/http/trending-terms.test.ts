import { describe, expect, it } from 'vitest';
import type { MentionFilter, TermRow } from '../store/listening-store.js';
import { trendingTerms } from './trending-terms.js';

describe('trendingTerms windows', () => {
  it('counts terms over whole UTC days and reports exactly those windows', async () => {
    const asked: MentionFilter[] = [];
    const store = {
      async topTerms(filter: MentionFilter): Promise<TermRow[]> {
        asked.push(filter);
        return [{ term: 'ngập', count: asked.length === 1 ? 30 : 7 }];
      },
    };
    const report = await trendingTerms(
      store,
      { topicId: 1, from: '2026-11-30T17:00:00.000Z', to: '2026-12-01T17:00:00.000Z' },
      10,
      new Date('2026-12-01T12:00:00Z'),
    );
    expect(report.current).toEqual({
      from: '2026-11-30T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
    });
    expect(report.baseline.to).toBe(report.current.from);
    expect(report.baseline.from).toBe('2026-11-16T00:00:00.000Z');
    // What the store was asked is what the report says was counted.
    expect(asked[0]).toMatchObject(report.current);
    expect(asked[1]).toMatchObject(report.baseline);
    expect(report.terms[0]).toMatchObject({ term: 'ngập', current: 30, baseline: 7 });
  });

  it('takes the last whole day when no range is given', async () => {
    const store = { topTerms: async () => [] };
    const report = await trendingTerms(store, {}, 5, new Date('2026-12-01T12:00:00Z'));
    expect(report.current).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
    });
  });
});
