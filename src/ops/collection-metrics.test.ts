import { describe, expect, it } from 'vitest';
import type { Source } from '../model.js';
import type { Store } from '../store/store.js';
import { dueSourcesProbe, observeCollection, timedAnalysis } from './collection-metrics.js';
import { Metrics } from './metrics.js';

const source = (id: number, nextFetchAt: string, enabled = true) =>
  ({ id, kind: 'feed', enabled, schedule: { intervalSeconds: 900, nextFetchAt } }) as Source;

describe('collection metrics', () => {
  it('times each source, counts failures and new mentions, and passes events on', async () => {
    const m = new Metrics({ defaultMetrics: false });
    const seen: string[] = [];
    const on = observeCollection(m, (e) => seen.push(e.type));
    const s = source(5, '2026-11-01T00:00:00Z');
    on({ type: 'source-start', source: s });
    on({
      type: 'source-done',
      source: s,
      itemCount: 4,
      newCount: 3,
      notModified: false,
      warnings: [],
    });
    on({ type: 'source-start', source: s });
    on({ type: 'source-failed', source: s, error: 'HTTP 503' });
    const analyze = timedAnalysis(m, async (mentions) => mentions.map(() => null));
    await analyze([{} as never, {} as never]);
    const { body } = await m.exposition();
    expect(seen).toEqual(['source-start', 'source-done', 'source-start', 'source-failed']);
    expect(body).toContain('nghe_mentions_ingested_total{source_kind="feed"} 3');
    expect(body).toContain('nghe_fetch_failures_total{source_id="5",source_kind="feed"} 1');
    expect(body).toMatch(
      /nghe_fetch_duration_seconds_count\{source_id="5",source_kind="feed",outcome="ok"\} 1/,
    );
    expect(body).toContain('nghe_mentions_analysed_total 2');
    expect(body).toContain('nghe_analysis_duration_seconds_count 1');
  });

  it('counts enabled due sources and the age of the oldest', async () => {
    const store = {
      listSources: async () => [
        source(1, '2026-11-01T00:00:00Z'),
        source(2, '2026-11-01T00:01:00Z'),
        source(3, '2026-10-01T00:00:00Z', false),
      ],
    } as unknown as Store;
    const probe = dueSourcesProbe(store, () => new Date('2026-11-01T00:02:00Z'));
    expect(await probe()).toEqual([{ queue: 'due-sources', depth: 2, oldestAgeSeconds: 120 }]);
  });
});
