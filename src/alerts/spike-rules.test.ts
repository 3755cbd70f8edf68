import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TopicTagger } from '../jobs/topic-tagger.js';
import type { MentionFilter, SentimentShare } from '../store/listening-store.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import { AlertService } from './alert-service.js';
import { alertStoreOf } from './alert-store-for.js';
import type { AlertStore } from './alert-types.js';
import { judgeNegativeShare, type SpikeFigures } from './spike-rules.js';

const HOUR = 3_600_000;
let dir: string;
let store: SqliteStore;
let alerts: AlertStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-spikes-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
  alerts = alertStoreOf(store.db);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `counts[i]` mentions in the i-th hour after `start`, tagged with a topic on "ngập". */
async function hourlyMentions(start: number, counts: number[]): Promise<number> {
  const topic = await store.createTopic({ name: 'flood', query: 'ngập' });
  const tagger = new TopicTagger({ store });
  const inputs = counts.flatMap((n, hour) =>
    Array.from({ length: n }, (_, i) =>
      mentionInput({
        text: `ngập lần ${hour}-${i}`,
        publishedAt: new Date(start + hour * HOUR + i * 1000).toISOString(),
      }),
    ),
  );
  await tagger.tagSaved(await store.saveMentions(null, inputs));
  return topic.id;
}

describe('volume spike rules', () => {
  it('fire on an hour far above the median of the hours before it, once per hour', async () => {
    const start = Date.parse('2026-03-01T00:00:00Z');
    const topicId = await hourlyMentions(start, [...Array(24).fill(2), 30]);
    await alerts.createRule(topicId, { kind: 'volume_spike' }, 0);
    let now = new Date(start + 24 * HOUR + 40 * 60_000); // 40 minutes into the busy hour
    const service = new AlertService({ alerts, figures: store, now: () => now });

    const fired = await service.evaluateSpikes();
    expect(fired).toHaveLength(1);
    const alert = fired[0]!;
    expect(alert.detail).toMatchObject({
      metric: 'volume',
      from: '2026-03-02T00:00:00.000Z',
      value: 30,
      baseline: 2,
    });
    // Spread floor √2: threshold = 2 + 3.5 × √2.
    expect(alert.detail.threshold).toBeCloseTo(2 + 3.5 * Math.SQRT2, 6);
    expect(alert.mentionIds).toHaveLength(20);
    // The linked mentions are the busy hour's, not the baseline's.
    const busy = await store.listMentions({
      topicId,
      from: alert.detail.from,
      to: alert.detail.to,
      limit: 200,
    });
    const busyIds = new Set(busy.mentions.map((m) => m.id));
    expect(busyIds.size).toBe(30);
    expect(alert.mentionIds.every((id) => busyIds.has(id))).toBe(true);

    // Judged again at ingest and by the timer in the next hour: still one alert.
    now = new Date(now.getTime() + 30 * 60_000);
    expect(await service.evaluateSpikes()).toEqual([]);
    expect(await alerts.listAlerts()).toHaveLength(1);
  });

  it('stay silent on a topic without history before the busy hour', async () => {
    const start = Date.parse('2026-03-01T00:00:00Z');
    const topicId = await hourlyMentions(start, [30]);
    await alerts.createRule(topicId, { kind: 'volume_spike' }, 0);
    const service = new AlertService({ alerts, figures: store, now: () => new Date(start + 1000) });
    expect(await service.evaluateSpikes()).toEqual([]);
  });
});

function share(negative: number, interval: [number, number], negatives: number): SentimentShare {
  const rest = (1 - negative) / 2;
  return {
    n: 100,
    total: 100,
    unknown: 0,
    shares: { positive: rest, neutral: rest, negative },
    intervals: { positive: [0, 1], neutral: [0, 1], negative: interval },
    net: rest - negative,
    netInterval: [-1, 1],
    level: 0.9,
    method: 'test',
    sufficient: true,
    labelsOnly: 0,
    classifiedCounts: { positive: 0, neutral: 100 - negatives, negative: negatives },
  };
}

/** Figures whose hour from `busy` has `current`, and every longer span `baseline`. */
function figures(busy: string, current: SentimentShare, baseline: SentimentShare): SpikeFigures {
  return {
    series: async () => [],
    listMentions: async () => ({ mentions: [], nextCursor: null }),
    sentimentShare: async (filter: MentionFilter) => {
      const span = Date.parse(filter.to!) - Date.parse(filter.from!);
      if (span === HOUR) return filter.from === busy ? current : share(0.2, [0.1, 0.3], 10);
      return baseline;
    },
    shareStatistics: undefined as never,
  } as SpikeFigures;
}

describe('negative-share spike rules', () => {
  const now = new Date('2026-03-02T00:30:00Z');
  const busy = '2026-03-02T00:00:00.000Z';
  const rule = async (settings = {}) => ({
    ...(await alerts.createRule(1, { kind: 'negative_spike' }, 0)),
    topicId: 1,
    settings,
  });

  beforeEach(async () => {
    await store.createTopic({ name: 't', query: 'x' });
  });

  it('fire when the hour interval lies wholly above the baseline interval', async () => {
    const fired = await judgeNegativeShare(
      figures(busy, share(0.6, [0.45, 0.75], 30), share(0.2, [0.15, 0.25], 100)),
      await rule(),
      now,
    );
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      windowKey: `hour:${busy}`,
      detail: { metric: 'negative_share', value: 0.6, baseline: 0.2, threshold: 0.25 },
    });
    expect(fired[0]!.detail.method).toContain('lower end');
  });

  it('do not fire when the intervals overlap, or with too few negative mentions', async () => {
    const overlapping = figures(busy, share(0.4, [0.2, 0.6], 30), share(0.2, [0.15, 0.25], 100));
    expect(await judgeNegativeShare(overlapping, await rule(), now)).toEqual([]);
    const few = figures(busy, share(0.6, [0.45, 0.75], 3), share(0.2, [0.15, 0.25], 100));
    expect(await judgeNegativeShare(few, await rule(), now)).toEqual([]);
    expect(await judgeNegativeShare(few, await rule({ minCount: 3 }), now)).toHaveLength(1);
  });
});
