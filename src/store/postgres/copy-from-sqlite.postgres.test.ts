// `nghe migrate`'s copy: an embedded installation copied into PostgreSQL, interrupted and
// resumed, reads back the same through the Store and ListeningStore interfaces.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MentionAnalysis } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import { placeStoryStoreFor } from '../place-story-store-for.js';
import type { SqliteStore } from '../sqlite/sqlite-store.js';
import { mentionInput } from '../store.conformance.js';
import { copySqliteToPostgres } from './copy-from-sqlite.js';
import { type CopyTestStores, openCopyTestStores } from './copy-test-stores.js';
import type { PostgresStore } from './postgres-store.js';
import { describePostgres } from './test-database.js';

/** Floating sums differ in their last bits with the order they are added in. */
function rounded<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'number' ? Number(v.toPrecision(12)) : v,
    ),
  ) as T;
}

const WORDS = ['ngập', 'nước', 'phí', 'gửi', 'xe', 'Thủ', 'Đức', 'mưa', 'đường', 'cầu'];

function analysis(rand: () => number): MentionAnalysis {
  const sentiment = (['positive', 'neutral', 'negative', null] as const)[Math.floor(rand() * 4)]!;
  return {
    lang: rand() < 0.5 ? 'vi' : 'en',
    sentiment,
    sentimentConfidence: 0.8,
    ...(sentiment && rand() < 0.7
      ? {
          sentimentProbabilities: { negative: 0.2, neutral: 0.3, positive: 0.5 },
          shareGroup: 'vi:forum',
        }
      : {}),
    keywords: [WORDS[Math.floor(rand() * WORDS.length)]!.toLowerCase()],
    places: PLACES.filter(() => rand() < 0.4),
    sectors: rand() < 0.5 ? [{ sector: 'flooding', confidence: 0.8 }] : [],
  };
}

const PLACES = [
  { province: '79', ward: '26734', level: 'ward', code: '26734', confidence: 0.9 },
  { province: '79', ward: null, level: 'city', code: '79', confidence: 0.95 },
  { province: '01', ward: null, level: 'city', code: '01', confidence: 0.9 },
] as const satisfies MentionAnalysis['places'];

async function seed(store: SqliteStore): Promise<number> {
  const rand = seededRandom(5);
  const sources = [];
  for (let i = 0; i < 3; i++) {
    sources.push((await store.addSource({ kind: 'feed', url: `https://c${i}.example/` })).source);
  }
  await store.updateSource(sources[0]!.id, { enabled: false, settings: { a: [1, 2] } });
  const topic = await store.createTopic({ name: 'Ngập', query: 'ngập OR mưa', langs: ['vi'] });
  for (let b = 0; b < 12; b++) {
    const batch = Array.from({ length: 20 }, (_, i) =>
      mentionInput({
        platform: rand() < 0.5 ? 'web' : 'reddit',
        canonicalUrl: rand() < 0.5 ? null : `https://news.example/c-${b}-${i}`,
        externalId: `copy-${b}-${i}`,
        parentExternalId: i > 0 && rand() < 0.3 ? `copy-${b}-${i - 1}` : null,
        publishedAt: new Date(Date.UTC(2025, 5, 1 + b, i)).toISOString(),
        text: `${WORDS[Math.floor(rand() * WORDS.length)]} ${WORDS[Math.floor(rand() * WORDS.length)]}`,
        engagement: { likes: Math.floor(rand() * 5) },
        analysis: rand() < 0.8 ? analysis(rand) : null,
        deleted: rand() < 0.05,
      }),
    );
    const saved = await store.saveMentions(
      rand() < 0.2 ? null : sources[Math.floor(rand() * 3)]!.id,
      batch,
    );
    if (rand() < 0.3) await store.saveMentions(sources[2]!.id, batch.slice(0, 5));
    await store.tagMentions(
      topic.id,
      saved.ids.filter(() => rand() < 0.4),
    );
  }
  await store.createApiToken('dash', 'hash-a');
  await store.appendAudit({ actor: 'cli', action: 'stats', detail: '{}', resultCount: 3 });
  await store.addCredential({ platform: 'x', label: 'main', publicFields: {}, sealed: 's' });
  await store.quarantineResponse({
    sourceId: sources[1]!.id,
    at: '2025-06-01T00:00:00.000Z',
    url: null,
    reason: 'not a feed',
    body: '<html>',
  });
  await store.setSetting('pseudonym_secret_check', 'x');
  return topic.id;
}

describePostgres('copying an embedded installation into PostgreSQL', () => {
  let stores: CopyTestStores;
  let sqlite: SqliteStore;
  let postgres: PostgresStore;

  beforeEach(async () => {
    stores = await openCopyTestStores('nghe-copy-');
    ({ sqlite, postgres } = stores);
  });
  afterEach(() => stores.close());

  it('resumes after an interruption, copies every row once and reads back the same', async () => {
    const topicId = await seed(sqlite);
    // Stopped twice part-way, then run to the end.
    await copySqliteToPostgres(sqlite.db, postgres.pool, { batchSize: 50, maxBatches: 3 });
    await copySqliteToPostgres(sqlite.db, postgres.pool, { batchSize: 50, maxBatches: 4 });
    const reports = await copySqliteToPostgres(sqlite.db, postgres.pool, { batchSize: 50 });
    for (const report of reports) expect(report.target, report.table).toBe(report.source);
    expect(reports.find((r) => r.table === 'mentions')?.source).toBe(240);
    // Run again: nothing left to copy.
    const again = await copySqliteToPostgres(sqlite.db, postgres.pool, { batchSize: 50 });
    expect(again.every((r) => r.copied === 0)).toBe(true);

    expect(await postgres.countMentions()).toBe(await sqlite.countMentions());
    for (const mention of await sqlite.scanMentions(0, 1000)) {
      expect(await postgres.getMention(mention.id)).toEqual(mention);
    }
    expect(await postgres.listSources()).toEqual(await sqlite.listSources());
    expect(await postgres.getTopic(topicId)).toEqual(await sqlite.getTopic(topicId));
    for (const filter of [{}, { topicId }, { topicId, sentiments: ['negative' as const] }]) {
      expect(rounded(await postgres.sentimentShare(filter))).toEqual(
        rounded(await sqlite.sentimentShare(filter)),
      );
      expect(await postgres.breakdown('source', filter)).toEqual(
        await sqlite.breakdown('source', filter),
      );
      expect(await postgres.topTerms(filter)).toEqual(await sqlite.topTerms(filter));
      for (const by of ['province', 'ward', 'sector'] as const) {
        expect(await postgres.breakdown(by, filter)).toEqual(await sqlite.breakdown(by, filter));
        expect(await placeStoryStoreFor(postgres)!.figuresBy(by, filter)).toEqual(
          await placeStoryStoreFor(sqlite)!.figuresBy(by, filter),
        );
      }
      expect(await placeStoryStoreFor(postgres)!.listStories(filter)).toEqual(
        await placeStoryStoreFor(sqlite)!.listStories(filter),
      );
      expect(await postgres.series({ ...filter, interval: 'day' })).toEqual(
        await sqlite.series({ ...filter, interval: 'day' }),
      );
    }
    const ids = async (store: SqliteStore | PostgresStore) =>
      (await store.search({ query: 'ngap', limit: 500 })).hits.map((h) => h.mention.id);
    expect(await ids(postgres)).toEqual(await ids(sqlite));
    expect((await postgres.findApiTokenByHash('hash-a'))?.name).toBe('dash');
    expect((await postgres.listCredentials('x')).map((c) => c.label)).toEqual(['main']);
    expect(await postgres.getSetting('pseudonym_secret_check')).toBe('x');

    // New rows continue after the copied ids.
    const max = Math.max(...(await sqlite.scanMentions(0, 1000)).map((m) => m.id));
    const next = await postgres.saveMentions(null, [mentionInput()]);
    expect(next.ids[0]).toBeGreaterThan(max);
    const token = await postgres.createApiToken('next', 'hash-b');
    expect(token.id).toBeGreaterThan(1);
  });
});
