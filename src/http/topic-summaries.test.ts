// The overview's figures under the small-group rule: a topic written by k − 1 persons has no
// volume, sentiment or daily total to show (null, flagged suppressed); at k they are all there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MentionInput } from '../model.js';
import { setMinGroupSize } from '../privacy/small-group-rule-for.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import { summariseTopics } from './topic-summaries.js';

const K = 5;
const NOW = new Date('2025-09-05T12:00:00.000Z');

function inputs(persons: number): MentionInput[] {
  return Array.from({ length: persons * 2 }, (_, i) =>
    mentionInput({
      platform: 'facebook',
      author: { key: `person-${i % persons}`, displayName: null, kind: 'person' },
      publishedAt: new Date(NOW.getTime() - (i + 1) * 3_600_000).toISOString(),
      text: `Đường lại ngập sau mưa lớn, lần thứ ${i}.`,
      analysis: { lang: 'vi', sentiment: 'negative', sentimentConfidence: 0.9, keywords: [] },
    }),
  );
}

describe('topic summaries', () => {
  let dir = '';
  let store: SqliteStore | null = null;
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function summaryOf(persons: number) {
    dir = mkdtempSync(join(tmpdir(), 'nghe-summaries-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
    setMinGroupSize(store, K);
    const { ids } = await store.saveMentions(null, inputs(persons));
    const topic = await store.createTopic({ name: 'Ngập', query: 'ngập' });
    await store.tagMentions(topic.id, ids);
    const [summary] = await summariseTopics(store, [topic], NOW);
    return summary!;
  }

  it('hides a week from fewer than k persons as null, flagged, never as 0', async () => {
    const summary = await summaryOf(K - 1);
    expect(summary.suppressed).toBe(true);
    expect(summary.volume).toBeNull();
    expect(summary.sentiment).toMatchObject({ total: null, suppressed: true, shares: null });
    expect(summary.sentiment.classifiedCounts.negative).toBeNull();
    expect(summary.sparkline.filter((day) => day !== null && day > 0)).toEqual([]);
    expect(summary.sparkline).toContain(null);
  });

  it('shows the week of k persons whole', async () => {
    const summary = await summaryOf(K);
    expect(summary.suppressed).toBe(false);
    expect(summary.volume).toBe(K * 2);
    expect(summary.sentiment).toMatchObject({ total: K * 2, suppressed: false });
    expect(summary.sentiment.classifiedCounts.negative).toBe(K * 2);
    expect(summary.sparkline.reduce<number>((sum, day) => sum + (day ?? 0), 0)).toBe(K * 2);
  });
});
