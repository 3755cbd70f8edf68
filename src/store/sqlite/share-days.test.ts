// Share statistics per local day (share_series_days) against the same sums taken from the
// posts: day and week share series in served zones (UTC, Asia/Ho_Chi_Minh), a fixed offset
// the file does not serve (Asia/Tokyo), through late sentiments, untagging and erasure, and
// the migration bringing an existing file up to date.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionInput, Platform, Sentiment } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import type { MentionFilter } from '../listening-store.js';
import { SqliteRetention } from './retention.js';
import { fillShareDays } from './share-days-schema.js';
import { STAT_COLUMNS } from './share-statistics-schema.js';
import { shareSeriesSql } from './share-statistics-sql.js';
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

const SPAN_HOURS = 20 * 24;
const SENTIMENTS: (Sentiment | null)[] = ['positive', 'neutral', 'negative', null];
const PLATFORMS: Platform[] = ['reddit', 'web', 'x'];

interface Posted {
  id: number;
  externalId: string;
  hour: number;
  platform: Platform;
  authorKey: string;
}

function input(
  externalId: string,
  hour: number,
  sentiment: Sentiment | null,
  platform: Platform,
  authorKey: string,
  confidence: number,
  updatedAt: string | null = null,
): MentionInput {
  const author = authorOf(authorKey, 'person');
  return postInput({
    externalId,
    hour,
    minute: 23,
    sentiment,
    platform,
    author,
    confidence,
    updatedAt,
  });
}

type Row = Record<string, number | string>;

describe('share statistics per local day', () => {
  let store: SqliteStore;
  let posted: Posted[];
  let topicId: number;
  const rand = seededRandom(7);

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    topicId = (await store.createTopic({ name: 'ngập', query: 'ngập' })).id;
    const inputs: MentionInput[] = [];
    const meta: Omit<Posted, 'id'>[] = [];
    for (let i = 0; i < 600; i++) {
      // Some hours around the local (+7) and UTC midnights, the rest anywhere.
      const hour =
        i % 4 === 0
          ? START_HOUR + 24 * Math.floor(rand() * 20) + [16, 17, 23, 0][(i % 16) >> 2]!
          : START_HOUR + Math.floor(rand() * SPAN_HOURS);
      const platform = PLATFORMS[i % PLATFORMS.length]!;
      const authorKey = `person${Math.floor(rand() * 25)}`;
      const sentiment = SENTIMENTS[Math.floor(rand() * SENTIMENTS.length)]!;
      inputs.push(input(`m${i}`, hour, sentiment, platform, authorKey, 0.55 + rand() * 0.4));
      meta.push({ externalId: `m${i}`, hour, platform, authorKey });
    }
    const ids = await saveInBatches(store, inputs, 89);
    posted = meta.map((m, i) => ({ ...m, id: ids[i]! }));
    await tagSome(store, topicId, posted, rand, 0.75, 120);
  });

  afterEach(async () => {
    await store.close();
  });

  function rows(filter: MentionFilter, shift: number): Row[] {
    const part = shareSeriesSql(filter, shift);
    return (store.db.prepare(part.sql).all(part.params) as Row[])
      .filter((row) => Number(row.n) !== 0)
      .sort((a, b) =>
        `${a.bucket}|${a.grp}|${a.sentiment}`.localeCompare(`${b.bucket}|${b.grp}|${b.sentiment}`),
      );
  }

  /** Local-day sums from the roll-ups equal those summed from the posts (a platform filter). */
  function expectSharesExact(label: string): void {
    for (const shift of [7, 0, 9]) {
      for (const tid of [undefined, topicId]) {
        for (const sentiments of [undefined, ['negative']]) {
          const fromHour = START_HOUR - 3 + Math.floor(rand() * 40);
          const toHour = START_HOUR + SPAN_HOURS - Math.floor(rand() * 40);
          const filter: MentionFilter = {
            ...(tid === undefined ? {} : { topicId: tid }),
            from: new Date(fromHour * HOUR + Math.floor(rand() * 4) * 900_000).toISOString(),
            to: new Date(toHour * HOUR).toISOString(),
            ...(sentiments === undefined
              ? {}
              : { sentiments: sentiments as MentionFilter['sentiments'] }),
          };
          const fromLevels = rows(filter, shift);
          // Platform and source together: no level holds both, so the posts are read.
          const fromPosts = rows({ ...filter, platforms: PLATFORMS, sourceIds: [0] }, shift);
          const what = `${label}: shift ${shift} topic ${tid} ${JSON.stringify(sentiments)}`;
          expect(fromLevels.length, what).toBeGreaterThan(0);
          expect(
            fromLevels.map((r) => `${r.bucket}|${r.grp}|${r.sentiment}`),
            what,
          ).toEqual(fromPosts.map((r) => `${r.bucket}|${r.grp}|${r.sentiment}`));
          for (const [i, row] of fromLevels.entries()) {
            for (const column of STAT_COLUMNS) {
              expect(Number(row[column]), `${what} ${column}`).toBeCloseTo(
                Number(fromPosts[i]![column]),
                9,
              );
            }
          }
        }
      }
    }
  }

  function shareDays(): Row[] {
    return store.db
      .prepare(
        `SELECT topic_id, shift, day, grp, sentiment, n, round(p0, 9) AS p0, round(pp4, 9) AS pp4,
          c3 FROM share_series_days WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`,
      )
      .all() as Row[];
  }

  it('stays exact through late sentiments, untagging and erasure', async () => {
    expectSharesExact('saved');
    // The year series in Ho Chi Minh City reads the local days: they hold rows.
    expect(shareDays().length).toBeGreaterThan(0);
    const series = await store.shareSeries({
      topicId,
      interval: 'week',
      timeZone: 'Asia/Ho_Chi_Minh',
      from: new Date(START_HOUR * HOUR).toISOString(),
      to: new Date((START_HOUR + SPAN_HOURS) * HOUR).toISOString(),
    });
    expect(series.length).toBeGreaterThan(1);

    // Late analyses: edits with a new sentiment and confidence move mentions between rows.
    const later = new Date(Date.now() + 60_000).toISOString();
    const edits = posted
      .filter((_, i) => i % 6 === 0)
      .map((m) => {
        const sentiment = SENTIMENTS[Math.floor(rand() * SENTIMENTS.length)]!;
        return input(
          m.externalId,
          m.hour,
          sentiment,
          m.platform,
          m.authorKey,
          0.6 + rand() * 0.3,
          later,
        );
      });
    await store.saveMentions(null, edits);
    expectSharesExact('late sentiment');

    const untag = posted
      .filter((_, i) => i % 5 === 0)
      .map((m): [number, number] => [topicId, m.id]);
    await store.untagPairs(untag);
    expectSharesExact('untagged');

    await new SqliteRetention(store.db).eraseAuthors(['person3', 'person11']);
    expectSharesExact('erased');
  });

  it('fills the level for an existing file when the migration runs', async () => {
    await expectMigrationRefills(store, {
      name: 'share statistics per local day',
      drop: `DROP TRIGGER share_days_analysis_before; DROP TRIGGER share_days_analysis_after;
        DROP TABLE share_series_days;`,
      snapshot: shareDays,
      check: expectSharesExact,
      fill: fillShareDays,
    });
  });
});
