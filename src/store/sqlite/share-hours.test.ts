// Share statistics per hour by platform, language and source (share-hours-schema.ts): the
// levels as the write path keeps them (batches from several sources, a new lowest source, tags,
// late sentiments, untagging, erasure) equal a recount from the mentions, and shares and share
// series filtered by source or by platform and language, read from them, equal the sums of the
// posts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionInput, Platform, Sentiment } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import type { MentionFilter } from '../listening-store.js';
import { SqliteRetention } from './retention.js';
import { fillShareHours, SHARE_HOUR_LEVELS, SHARE_HOUR_TABLES } from './share-hours-schema.js';
import { STAT_COLUMNS } from './share-statistics-schema.js';
import { shareSeriesSql, shareStatisticsSql } from './share-statistics-sql.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import {
  authorOf,
  expectMigrationRefills,
  HOUR,
  postInput,
  START_HOUR,
  saveInBatches,
  tagSome,
} from './test-support/rollup-truth.js';

const SPAN_HOURS = 12 * 24;
const SENTIMENTS: (Sentiment | null)[] = ['positive', 'neutral', 'negative', null];
const PLATFORMS: Platform[] = ['reddit', 'web', 'x'];
const LANGS = ['vi', 'en', 'en-US', 'unknown'];

interface Posted {
  id: number;
  externalId: string;
  hour: number;
  platform: Platform;
  lang: string;
  authorKey: string;
}

type Row = Record<string, number | string>;

function input(post: Omit<Posted, 'id'>, sentiment: Sentiment | null, confidence: number) {
  return postInput({
    externalId: post.externalId,
    hour: post.hour,
    minute: 41,
    platform: post.platform,
    lang: post.lang,
    author: authorOf(post.authorKey, 'person'),
    sentiment,
    confidence,
  });
}

describe('share statistics per hour by platform, language and source', () => {
  let store: SqliteStore;
  let posted: Posted[];
  let topicId: number;
  let sources: number[];
  const rand = seededRandom(11);

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    topicId = (await store.createTopic({ name: 'ngập', query: 'ngập' })).id;
    sources = [];
    for (const name of ['a', 'b', 'c']) {
      sources.push(
        (await store.addSource({ kind: 'feed', url: `https://${name}.example/` })).source.id,
      );
    }
    const meta: Omit<Posted, 'id'>[] = [];
    const inputs: MentionInput[] = [];
    for (let i = 0; i < 480; i++) {
      const post = {
        externalId: `m${i}`,
        hour: START_HOUR + Math.floor(rand() * SPAN_HOURS),
        platform: PLATFORMS[i % PLATFORMS.length]!,
        lang: LANGS[Math.floor(rand() * LANGS.length)]!,
        authorKey: `person${Math.floor(rand() * 20)}`,
      };
      meta.push(post);
      const sentiment = SENTIMENTS[Math.floor(rand() * SENTIMENTS.length)]!;
      inputs.push(input(post, sentiment, 0.55 + rand() * 0.4));
    }
    // A third without a source, the rest from the two higher sources.
    const ids = [
      ...(await saveInBatches(store, inputs.slice(0, 160), 70)),
      ...(await saveInBatches(store, inputs.slice(160, 320), 70, sources[2]!)),
      ...(await saveInBatches(store, inputs.slice(320), 70, sources[1]!)),
    ];
    posted = meta.map((m, i) => ({ ...m, id: ids[i]! }));
    await tagSome(store, topicId, posted, rand, 0.7, 90);
  });

  afterEach(async () => {
    await store.close();
  });

  function levelRows(): Row[] {
    // Sums of reals added and taken off in another order differ in the last bits.
    const stats = STAT_COLUMNS.map((c) => (c === 'n' ? c : `round(${c}, 9) AS ${c}`));
    return SHARE_HOUR_LEVELS.flatMap(
      (level) =>
        store.db
          .prepare(
            `SELECT '${level.table}' AS level, topic_id, ${level.keys.join(', ')}, ${stats.join(', ')}
             FROM ${level.table} WHERE n <> 0 ORDER BY 2, 3, 4, 5, 6`,
          )
          .all() as Row[],
    );
  }

  function series(filter: MentionFilter, shift: number | null): Row[] {
    const part = shareSeriesSql(filter, shift);
    return (store.db.prepare(part.sql).all(part.params) as Row[])
      .filter((row) => Number(row.n) !== 0)
      .sort((a, b) =>
        `${a.bucket}|${a.grp}|${a.sentiment}`.localeCompare(`${b.bucket}|${b.grp}|${b.sentiment}`),
      );
  }

  function sums(filter: MentionFilter): Row[] {
    const part = shareStatisticsSql(filter);
    return (store.db.prepare(part.sql).all(part.params) as Row[])
      .filter((row) => Number(row.n) !== 0)
      .sort((a, b) => `${a.grp}|${a.sentiment}`.localeCompare(`${b.grp}|${b.sentiment}`));
  }

  /** Shares with a source, platform or platform and language filter equal the posts' sums. */
  function expectSharesExact(label: string): void {
    const everySource = [0, ...sources];
    const filters: [MentionFilter, MentionFilter][] = [];
    for (const tid of [undefined, topicId]) {
      for (let round = 0; round < 4; round++) {
        const fromHour = START_HOUR - 2 + Math.floor(rand() * 60);
        const toHour = START_HOUR + SPAN_HOURS - Math.floor(rand() * 60);
        const range: MentionFilter = {
          ...(tid === undefined ? {} : { topicId: tid }),
          from: new Date(fromHour * HOUR + Math.floor(rand() * 4) * 900_000).toISOString(),
          to: new Date((round === 3 ? fromHour + 7 : toHour) * HOUR).toISOString(),
          ...(round % 3 === 2 ? { sentiments: ['negative', 'positive'] } : {}),
        };
        const source = sources[round % sources.length]!;
        const platform = PLATFORMS[round % PLATFORMS.length]!;
        // The posts are read where a filter needs source and platform together.
        filters.push([
          { ...range, sourceIds: [0, source] },
          { ...range, sourceIds: [0, source], platforms: PLATFORMS },
        ]);
        filters.push([
          { ...range, platforms: [platform] },
          { ...range, platforms: [platform], sourceIds: everySource },
        ]);
        filters.push([
          { ...range, platforms: [platform, 'web'], langs: ['en'] },
          { ...range, platforms: [platform, 'web'], langs: ['en'], sourceIds: everySource },
        ]);
      }
    }
    let nonEmpty = 0;
    // Rows as text, sums to 9 decimals (added in another order they differ in the last bits).
    const rounded = (list: Row[]) =>
      list.map(
        (r) =>
          `${r.bucket}|${r.grp}|${r.sentiment}|` +
          STAT_COLUMNS.map((c) => Math.round(Number(r[c]) * 1e9) / 1e9 + 0).join(' '),
      );
    const expectSame = (what: string, got: Row[], want: Row[]) => {
      expect(rounded(got), what).toEqual(rounded(want));
    };
    for (const [filter, brute] of filters) {
      const what = `${label}: ${JSON.stringify(filter)}`;
      const want = sums(brute);
      if (want.length > 0) nonEmpty++;
      expectSame(what, sums(filter), want);
      // Share series per UTC hour, UTC day and local day (+7).
      for (const shift of [null, 0, 7]) {
        expectSame(`${what} series ${shift}`, series(filter, shift), series(brute, shift));
      }
    }
    expect(nonEmpty).toBeGreaterThan(filters.length / 2);
  }

  function expectRecountEqual(label: string): void {
    const kept = levelRows();
    expect(kept.length, label).toBeGreaterThan(0);
    fillShareHours(store.db);
    expect(levelRows(), label).toEqual(kept);
  }

  it('stays exact through new sources, late sentiments, untagging and erasure', async () => {
    expectSharesExact('saved');
    expectRecountEqual('saved');

    // The same posts reached through the lowest source move to it; others gain a higher one.
    const relinked = posted.filter((_, i) => i % 4 === 0);
    await store.saveMentions(
      sources[0]!,
      relinked.map((p) => input(p, 'neutral', 0.7)),
    );
    await store.saveMentions(
      sources[2]!,
      posted.filter((_, i) => i % 5 === 1).map((p) => input(p, 'neutral', 0.7)),
    );
    expectSharesExact('new sources');
    expectRecountEqual('new sources');

    // Late analyses: an edit with a new sentiment and confidence, and analyses set directly.
    const later = new Date(Date.now() + 60_000).toISOString();
    await store.saveMentions(
      null,
      posted
        .filter((_, i) => i % 6 === 0)
        .map((p) => ({
          ...input(p, SENTIMENTS[Math.floor(rand() * SENTIMENTS.length)]!, 0.6 + rand() * 0.3),
          updatedAt: later,
          text: `bài ${p.externalId} (sửa)`,
        })),
    );
    for (const p of posted.filter((_, i) => i % 7 === 3)) {
      await store.setAnalysis(p.id, {
        lang: 'en',
        sentiment: 'negative',
        sentimentConfidence: 0.8,
        keywords: ['ngập'],
      });
    }
    expectSharesExact('late sentiment');
    expectRecountEqual('late sentiment');

    await store.untagPairs(
      posted.filter((_, i) => i % 5 === 0).map((p): [number, number] => [topicId, p.id]),
    );
    expectSharesExact('untagged');
    expectRecountEqual('untagged');

    await new SqliteRetention(store.db).eraseAuthors(['person3', 'person11']);
    expectSharesExact('erased');
    expectRecountEqual('erased');

    await store.deleteTopic(topicId);
    const left = store.db
      .prepare(
        `SELECT count(*) AS n FROM (${SHARE_HOUR_TABLES.map(
          (t) => `SELECT 1 FROM ${t} WHERE topic_id = ${topicId}`,
        ).join(' UNION ALL ')})`,
      )
      .get() as { n: number };
    expect(left.n).toBe(0);
  });

  it('fills the levels for an existing file when the migration runs', async () => {
    await expectMigrationRefills(store, {
      name: 'share statistics per hour by platform',
      drop: `DROP TRIGGER share_hours_analysis_before; DROP TRIGGER share_hours_analysis_after;
        DROP TRIGGER share_hours_source_link_before; DROP TRIGGER share_hours_source_link_after;
        ${SHARE_HOUR_TABLES.map((t) => `DROP TABLE ${t};`).join(' ')}`,
      snapshot: levelRows,
      check: expectSharesExact,
      fill: fillShareHours,
    });
  });
});
