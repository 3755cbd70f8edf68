import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyShareStatistics } from '../../analysis/quantify/index.js';
import type { MentionAnalysis } from '../../model.js';
import { addAnalysis, LABELS_ONLY_GROUP } from '../share-input.js';
import { mentionInput } from '../store.conformance.js';
import { batchRollupsMigration } from './batch-rollups-schema.js';
import { migrations } from './migrations.js';
import { SHARE_LEVELS, shareStatisticsMigration } from './share-statistics-schema.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-shares-'));
  dirs.push(dir);
  return join(dir, 'nghe.db');
}

/** Takes a file back to the schema before share statistics, keeping its mentions and tags. */
function removeShareSchema(store: SqliteStore): void {
  const db = store.db;
  for (const { name } of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'share_%'")
    .all() as { name: string }[]) {
    db.exec(`DROP TRIGGER ${name}`);
  }
  db.exec('DROP VIEW mention_share_dims');
  for (const level of SHARE_LEVELS) db.exec(`DROP TABLE ${level.table}`);
  for (const column of [
    'prob_negative',
    'prob_neutral',
    'prob_positive',
    'share_group',
    'share_cell',
  ]) {
    db.exec(`ALTER TABLE mentions DROP COLUMN ${column}`);
  }
}

/**
 * Runs on the file the migrations that make the share statistics schema, as an upgrade from a
 * file older than it would. Later migrations about other tables are not run again: their
 * tables are still there, and an upgrade never meets them twice.
 */
function migrateShareSchema(path: string): void {
  const db = new Database(path);
  try {
    const first = migrations.indexOf(shareStatisticsMigration);
    const guards = migrations.indexOf(batchRollupsMigration);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(guards).toBeGreaterThan(first);
    db.transaction(() => {
      shareStatisticsMigration.up(db);
      batchRollupsMigration.up(db);
    })();
  } finally {
    db.close();
  }
}

const labelled = (sentiment: 'positive' | 'neutral' | 'negative', confidence: number) => ({
  lang: 'vi',
  sentiment,
  sentimentConfidence: confidence,
  keywords: [],
});

describe('share statistics in SQLite', () => {
  it('gives mentions analysed before the migration probabilities rebuilt from their labels', async () => {
    const path = tempPath();
    const analyses: (MentionAnalysis | null)[] = [
      labelled('negative', 0.8),
      labelled('neutral', 0.5),
      labelled('positive', 0.2),
      { lang: 'fr', sentiment: null, sentimentConfidence: null, keywords: [] },
      null,
    ];
    let store = openSqliteStore(path);
    const { ids } = await store.saveMentions(
      null,
      analyses.map((analysis, i) =>
        mentionInput({ publishedAt: `2025-06-0${i + 1}T10:00:00Z`, analysis }),
      ),
    );
    const topic = await store.createTopic({ name: 't', query: 'a' });
    await store.tagMentions(topic.id, ids.slice(0, 2));
    removeShareSchema(store);
    await store.close();
    migrateShareSchema(path);

    store = openSqliteStore(path);
    try {
      const want = emptyShareStatistics();
      for (const analysis of analyses) addAnalysis(want, analysis);
      expect(Object.keys(want.groups)).toEqual([LABELS_ONLY_GROUP]);
      // The label keeps its confidence (at least a third), the other classes share the rest.
      expect(want.groups[LABELS_ONLY_GROUP]!.probs.map((v) => Number(v.toFixed(6)))).toEqual(
        [0.8 + 0.25 + 1 / 3, 0.1 + 0.5 + 1 / 3, 0.1 + 0.25 + 1 / 3].map((v) =>
          Number(v.toFixed(6)),
        ),
      );
      const got = await store.shareStatistics({});
      expect(got.groups[LABELS_ONLY_GROUP]!.n).toBe(3);
      expect(got.groups[LABELS_ONLY_GROUP]!.labels).toEqual([1, 1, 1]);
      expect(got.groups[LABELS_ONLY_GROUP]!.cells).toEqual(want.groups[LABELS_ONLY_GROUP]!.cells);
      got.groups[LABELS_ONLY_GROUP]!.products.forEach((v, i) => {
        expect(v).toBeCloseTo(want.groups[LABELS_ONLY_GROUP]!.products[i]!, 9);
      });
      const tagged = await store.shareStatistics({ topicId: topic.id });
      expect(tagged.groups[LABELS_ONLY_GROUP]!.labels).toEqual([1, 1, 0]);
      // Rebuilt probabilities were never the model's: reads do not show them.
      expect((await store.getMention(ids[0]!))!.analysis).toEqual(analyses[0]);
      // A later analysis with probabilities moves the mention to its group.
      await store.setAnalysis(ids[0]!, {
        ...labelled('negative', 0.6),
        sentimentProbabilities: { negative: 3, neutral: 2, positive: 0 },
        shareGroup: 'vi:forum',
      });
      const moved = await store.shareStatistics({ topicId: topic.id });
      expect(moved.groups['vi:forum']!.probs).toEqual([0.6, 0.4, 0]);
      expect(moved.groups[LABELS_ONLY_GROUP]!.n).toBe(1);
      expect((await store.getMention(ids[0]!))!.analysis).toMatchObject({
        sentimentProbabilities: { negative: 0.6, neutral: 0.4, positive: 0 },
        shareGroup: 'vi:forum',
      });
    } finally {
      await store.close();
    }
  });

  it('removes a deleted topic’s share statistics with its tags', async () => {
    const store = openSqliteStore(tempPath());
    try {
      const { ids } = await store.saveMentions(null, [
        mentionInput({ analysis: labelled('positive', 0.9) }),
      ]);
      const topic = await store.createTopic({ name: 't', query: 'a' });
      await store.tagMentions(topic.id, ids);
      expect((await store.shareStatistics({ topicId: topic.id })).groups).not.toEqual({});
      await store.deleteTopic(topic.id);
      for (const level of SHARE_LEVELS) {
        const row = store.db
          .prepare(`SELECT count(*) AS n FROM ${level.table} WHERE topic_id = ?`)
          .get(topic.id) as { n: number };
        expect(row.n, level.table).toBe(0);
      }
      expect((await store.shareStatistics({})).groups[LABELS_ONLY_GROUP]!.n).toBe(1);
    } finally {
      await store.close();
    }
  });
});
