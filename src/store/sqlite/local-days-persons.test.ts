// Series per local day and person sets in the roll-ups, against a recount of the mentions:
// buckets with k − 1, k and k + 1 persons, late sentiments, untagging, erasure, day and week
// series in served zones (UTC, Asia/Ho_Chi_Minh), in a zone with daylight saving time
// (America/New_York, read from hourly rows) and in a fixed offset the file does not serve
// (Asia/Tokyo), and the migration bringing an existing file up to date.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionInput, Platform, Sentiment } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import { bucketOfHour } from '../analytics/time-buckets.js';
import type { Interval, MentionFilter } from '../listening-store.js';
import { sqliteGroupCounter } from './author-groups.js';
import { fillDaysAndPersons, PERSON_SET_CAP } from './local-days-persons-schema.js';
import { SqliteRetention } from './retention.js';
import { mentionDimsView } from './rollup-levels-schema.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import {
  authorOf,
  expectMigrationRefills,
  expectStoredSets,
  HOUR,
  personOf,
  postInput,
  START_HOUR,
  saveInBatches,
  tagSome,
} from './test-support/rollup-truth.js';

const SPAN_HOURS = 16 * 24;
const SENTIMENTS: (Sentiment | null)[] = ['positive', 'neutral', 'negative', null];
const K = PERSON_SET_CAP;

interface Truth {
  id: number;
  externalId: string;
  hour: number;
  sentiment: string;
  /** Who the mention counts as; null for outlets and authorless web pages. */
  person: string | null;
  authorKey: string | null;
  platform: Platform;
  author: MentionInput['author'];
  topics: Set<number>;
}

function input(
  externalId: string,
  hour: number,
  sentiment: Sentiment | null,
  platform: Platform,
  author: MentionInput['author'],
  updatedAt: string | null = null,
): MentionInput {
  return postInput({ externalId, hour, minute: 17, sentiment, platform, author, updatedAt });
}

describe('series per local day and person sets', () => {
  let store: SqliteStore;
  let truth: Truth[];
  let topicId: number;
  const rand = seededRandom(42);

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    truth = [];
    topicId = (await store.createTopic({ name: 'ngập', query: 'ngập' })).id;
    const inputs: MentionInput[] = [];
    const meta: Omit<Truth, 'id' | 'topics'>[] = [];
    const push = (
      hour: number,
      sentiment: Sentiment | null,
      platform: Platform,
      key: string | null,
      kind: 'person' | 'outlet' | null,
    ) => {
      const author = authorOf(key, kind);
      const externalId = `m${inputs.length}`;
      inputs.push(input(externalId, hour, sentiment, platform, author));
      meta.push({
        externalId,
        hour,
        sentiment: sentiment ?? '',
        person: personOf(platform, author),
        authorKey: kind === 'person' ? key : null,
        platform,
        author,
      });
    };
    // Three hours with k − 1, k and k + 1 persons (two posts each), all neutral.
    for (const [offset, persons] of [
      [30, K - 1],
      [31, K],
      [32, K + 1],
    ] as const) {
      for (let p = 0; p < persons; p++) {
        for (let r = 0; r < 2; r++)
          push(START_HOUR + offset, 'neutral', 'reddit', `p${offset}-${p}`, 'person');
      }
    }
    // Random posts: a pool of 30 persons, outlets and authorless posts, over 16 days.
    for (let i = 0; i < 700; i++) {
      const hour = START_HOUR + Math.floor(rand() ** 2 * SPAN_HOURS);
      const sentiment = SENTIMENTS[Math.floor(rand() * SENTIMENTS.length)]!;
      const roll = rand();
      if (roll < 0.7) push(hour, sentiment, 'reddit', `person${Math.floor(rand() * 30)}`, 'person');
      else if (roll < 0.8)
        push(hour, sentiment, 'web', `outlet${Math.floor(rand() * 3)}`, 'outlet');
      else if (roll < 0.9) push(hour, sentiment, 'x', null, null);
      else push(hour, sentiment, 'web', null, null);
    }
    const ids = await saveInBatches(store, inputs, 97);
    for (const [i, m] of meta.entries()) truth.push({ ...m, id: ids[i]!, topics: new Set([0]) });
    // Most mentions are tagged with the topic, in a few batches.
    await tagSome(store, topicId, truth, rand, 0.8, 150);
  });

  afterEach(async () => {
    await store.close();
  });

  /** Every person set holds min(k, persons) of the bucket's own persons. */
  function expectPersonSetsExact(label: string): void {
    expectStoredSets(
      label,
      store,
      truth,
      (m, t) => [`${t}|${m.hour}|${m.sentiment}`],
      'SELECT topic_id, hour, sentiment, person FROM rollup_persons',
      (row: { topic_id: number; hour: number; sentiment: string }) =>
        `${row.topic_id}|${row.hour}|${row.sentiment}`,
      K,
    );
  }

  function expectedPersons(
    filter: MentionFilter,
    cap: number,
    ranges?: [string, string][],
  ): number {
    const hourRanges = (ranges ?? [[filter.from!, filter.to!]]).map(([from, to]) => [
      Math.floor(Date.parse(from) / HOUR),
      Math.ceil(Date.parse(to) / HOUR),
    ]);
    const persons = new Set<string>();
    for (const m of truth) {
      if (m.person === null || !m.topics.has(filter.topicId ?? 0)) continue;
      if (filter.sentiments && !(filter.sentiments as string[]).includes(m.sentiment)) continue;
      if (!hourRanges.some(([from, to]) => m.hour >= from! && m.hour < to!)) continue;
      persons.add(m.person);
    }
    return Math.min(cap, persons.size);
  }

  async function expectCountsExact(label: string): Promise<void> {
    const count = sqliteGroupCounter(store.db);
    const iso = (hour: number) =>
      new Date(hour * HOUR + Math.floor(rand() * 3) * 600_000).toISOString();
    for (let i = 0; i < 60; i++) {
      const from = START_HOUR - 2 + Math.floor(rand() * (SPAN_HOURS + 4));
      const to = from + 1 + Math.floor(rand() * (rand() < 0.5 ? 4 : SPAN_HOURS));
      const filter: MentionFilter = {
        ...(rand() < 0.8 ? { topicId } : {}),
        from: iso(from),
        to: iso(to),
        ...(rand() < 0.5
          ? {
              sentiments: [
                (['positive', 'neutral', 'negative', ''] as const)[i % 4],
              ] as MentionFilter['sentiments'],
            }
          : {}),
      };
      const ranges: [string, string][] | undefined =
        rand() < 0.3
          ? [
              [filter.from!, filter.to!],
              [iso(to + 5), iso(to + 9)],
            ]
          : undefined;
      // Up to k from the person sets, k + 1 from the mentions: both exact.
      for (const cap of [5, K, K + 1]) {
        const query = ranges === undefined ? { filter } : { filter, ranges };
        expect(await count(query, cap), `${label}: ${JSON.stringify(query)} cap ${cap}`).toBe(
          expectedPersons(filter, cap, ranges),
        );
      }
    }
    // The hours with k − 1, k and k + 1 persons.
    for (const [offset, persons] of [
      [30, K - 1],
      [31, K],
      [32, K + 1],
    ] as const) {
      const filter = {
        topicId: 0,
        from: iso(START_HOUR + offset),
        to: new Date((START_HOUR + offset + 1) * HOUR).toISOString(),
      };
      const all = truth.filter((m) => m.hour === START_HOUR + offset && m.person !== null);
      const distinct = new Set(all.map((m) => m.person)).size;
      expect(distinct).toBeGreaterThanOrEqual(Math.min(persons, K));
      expect(await count({ filter }, K), label).toBe(Math.min(K, distinct));
    }
  }

  async function expectSeriesExact(label: string): Promise<void> {
    const cases: [string, Interval][] = [
      ['UTC', 'day'],
      ['Asia/Ho_Chi_Minh', 'day'],
      ['Asia/Ho_Chi_Minh', 'week'],
      ['America/New_York', 'day'],
      ['Asia/Tokyo', 'day'],
    ];
    for (const [timeZone, interval] of cases) {
      for (const tid of [0, topicId]) {
        const fromHour = START_HOUR + Math.floor(rand() * 48);
        const toHour = START_HOUR + SPAN_HOURS - Math.floor(rand() * 48);
        const filter = {
          ...(tid === 0 ? {} : { topicId: tid }),
          from: new Date(fromHour * HOUR).toISOString(),
          to: new Date(toHour * HOUR).toISOString(),
        };
        const points = await store.series({ ...filter, interval, timeZone });
        const want = new Map<number, Record<string, number>>();
        for (const m of truth) {
          if (!m.topics.has(tid) || m.hour < fromHour || m.hour >= toHour) continue;
          const start = bucketOfHour(m.hour, interval, timeZone);
          const counts = want.get(start) ?? {
            total: 0,
            positive: 0,
            neutral: 0,
            negative: 0,
            unknown: 0,
          };
          counts.total!++;
          counts[m.sentiment === '' ? 'unknown' : m.sentiment]!++;
          want.set(start, counts);
        }
        for (const point of points) {
          const counts = want.get(Date.parse(point.t)) ?? {
            total: 0,
            positive: 0,
            neutral: 0,
            negative: 0,
            unknown: 0,
          };
          const what = `${label}: ${timeZone} ${interval} topic ${tid} ${point.t}`;
          expect(
            {
              total: point.total,
              positive: point.positive,
              neutral: point.neutral,
              negative: point.negative,
              unknown: point.unknown,
            },
            what,
          ).toEqual(counts);
          want.delete(Date.parse(point.t));
        }
        expect([...want.keys()], `${label}: buckets missing`).toEqual([]);
      }
    }
  }

  function seriesDays(): unknown[] {
    return store.db
      .prepare(
        'SELECT topic_id, shift, day, sentiment, n FROM rollup_series_days WHERE n <> 0 ORDER BY 1, 2, 3, 4',
      )
      .all();
  }

  it('keeps both exact through late sentiments, untagging and erasure', async () => {
    expectPersonSetsExact('saved');
    await expectCountsExact('saved');
    await expectSeriesExact('saved');
    // The local days of the served zones hold rows: the series above read them.
    expect(
      (
        store.db.prepare('SELECT count(DISTINCT shift) AS n FROM rollup_series_days').get() as {
          n: number;
        }
      ).n,
    ).toBe(1);

    // Late sentiments: edits carrying a new analysis move mentions between buckets, among
    // them persons of the k and k + 1 hours.
    const later = new Date(Date.now() + 60_000).toISOString();
    const moved = truth.filter(
      (m, i) => i % 7 === 0 || (m.hour === START_HOUR + 31 && i % 2 === 0),
    );
    const edits = moved.map((m) => {
      const sentiment = SENTIMENTS[Math.floor(rand() * SENTIMENTS.length)]!;
      m.sentiment = sentiment ?? '';
      return input(m.externalId, m.hour, sentiment, m.platform, m.author, later);
    });
    await saveInBatches(store, edits, edits.length);
    const stored = store.db
      .prepare("SELECT id, coalesce(sentiment, '') AS s FROM mentions")
      .all() as { id: number; s: string }[];
    const bad = stored.filter((r) => truth.find((m) => m.id === r.id)!.sentiment !== r.s);
    expect(bad.length, 'edits applied').toBe(0);
    expectPersonSetsExact('late sentiment');
    await expectCountsExact('late sentiment');
    await expectSeriesExact('late sentiment');

    // Untagging, with persons of the k + 1 hour among them.
    const untag = truth.filter(
      (m, i) => m.topics.has(topicId) && (i % 5 === 0 || m.hour === START_HOUR + 32),
    );
    await store.untagPairs(untag.map((m) => [topicId, m.id]));
    for (const m of untag) m.topics.delete(topicId);
    expectPersonSetsExact('untagged');
    await expectCountsExact('untagged');
    await expectSeriesExact('untagged');

    // Erasure of persons, one of them in the k hour (which drops to k − 1).
    const erased = ['person3', 'person7', `p31-0`];
    await new SqliteRetention(store.db).eraseAuthors(erased);
    truth = truth.filter((m) => m.authorKey === null || !erased.includes(m.authorKey));
    expectPersonSetsExact('erased');
    await expectCountsExact('erased');
    await expectSeriesExact('erased');
  });

  it('fills both levels for an existing file when the migration runs', async () => {
    // The file as it was before: without the new levels, the view and the triggers.
    await expectMigrationRefills(store, {
      name: 'series per local day',
      drop: `DROP TRIGGER rollup_days_sentiment; DROP TRIGGER rollup_persons_moved;
        DROP TABLE rollup_series_days; DROP TABLE rollup_persons; DROP TABLE rollup_day_shifts;
        DROP TABLE rollup_person_cap; ${mentionDimsView(false)}`,
      snapshot: seriesDays,
      check: async (label) => {
        expectPersonSetsExact(label);
        await expectCountsExact(label);
      },
      fill: fillDaysAndPersons,
    });
    expectPersonSetsExact('refilled');
  });
});
