// A loopback API over a small SQLite store with a topic, an outlet, a channel and persons, for
// route tests that read and write the way the dashboard does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MentionInput, Sentiment } from '../../model.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { mentionInput } from '../../store/store.conformance.js';
import { createHttpApp, startHttpServer } from '../server.js';
import { hashApiToken } from '../token-auth.js';

const TOKEN = 'nghe_seeded-test-token-0123456789abcdefghijklmnopq';

export interface SeededApi {
  store: SqliteStore;
  topicId: number;
  sourceId: number;
  /** Every mention seeded, with its stored id. */
  seeded: { id: number; input: MentionInput }[];
  call(method: string, path: string, body?: unknown): Promise<Response>;
  json<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

const analysis = (sentiment: Sentiment, keywords: string[]) => ({
  lang: 'vi',
  sentiment,
  sentimentConfidence: 0.9,
  keywords,
});

/**
 * 120 mentions over the 10 days before `now`, one every two hours: half about flooding (the
 * topic), two in five by an outlet or a channel, the rest by as many persons.
 */
export function seedInputs(now: Date): MentionInput[] {
  const inputs: MentionInput[] = [];
  const sentiments: Sentiment[] = ['positive', 'negative', 'neutral', 'negative'];
  for (let i = 0; i < 120; i++) {
    const at = new Date(now.getTime() - (i * 2 + 1) * 3_600_000).toISOString();
    const flood = i % 2 === 0;
    const author =
      i % 5 === 0
        ? { key: 'k-outlet', displayName: 'Báo Tuổi Trẻ', kind: 'outlet' as const }
        : i % 5 === 1
          ? { key: 'k-channel', displayName: 'Kênh VTV24', kind: 'channel' as const }
          : { key: `k-person-${i}`, displayName: null, kind: 'person' as const };
    inputs.push(
      mentionInput({
        platform: i % 5 === 1 ? 'youtube' : 'web',
        canonicalUrl: `https://news.example/${i}`,
        externalId: `m-${i}`,
        author,
        publishedAt: at,
        collectedAt: at,
        title: flood ? `Ngập ở Thủ Đức ${i}` : `Giao thông ${i}`,
        text: flood ? `Đường ngập sâu sau mưa lớn, số ${i}` : `Kẹt xe giờ cao điểm, số ${i}`,
        engagement: { likes: (i * 37) % 23, comments: i % 4, shares: i % 3, views: i * 10 },
        analysis: analysis(sentiments[i % 4] as Sentiment, flood ? ['ngập', 'mưa'] : ['kẹt xe']),
      }),
    );
  }
  return inputs;
}

export async function openSeededApi(now = new Date()): Promise<SeededApi> {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-seeded-api-'));
  const store = openSqliteStore(join(dir, 'nghe.db'));
  await store.createApiToken('tester', hashApiToken(TOKEN));
  const { source } = await store.addSource({ kind: 'feed', url: 'https://news.example/rss' });
  const inputs = seedInputs(now);
  const saved = await store.saveMentions(source.id, inputs);
  const seeded = inputs.map((input, index) => ({ id: saved.ids[index] as number, input }));
  const topic = await store.createTopic({ name: 'Ngập', query: 'ngập' });
  await store.tagMentions(
    topic.id,
    seeded.filter((m) => m.input.text.includes('ngập')).map((m) => m.id),
  );
  const app = createHttpApp({ store, version: 'test', log: () => {}, now: () => now });
  const server = await startHttpServer(app, '127.0.0.1', 0);
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    store,
    topicId: topic.id,
    sourceId: source.id,
    seeded,
    call,
    async json<T>(method: string, path: string, body?: unknown) {
      const res = await call(method, path, body);
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    },
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
