// Every analytics route (the route table's `analytics` tag) through HTTP over a topic written
// by k − 1, k and k + 1 distinct persons: below k no figure of theirs is shown (every count is
// null, 0 or absent); at k and above the figures are there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, routeTableOf, startHttpServer } from '../http/server.js';
import { hashApiToken } from '../http/token-auth.js';
import type { MentionInput } from '../model.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import { setMinGroupSize } from './small-group-rule-for.js';

const K = 5;
const TOKEN = 'nghe_small-groups-http-token-0123456789abcdefgh';
const FROM = '2025-09-01T00:00:00.000Z';
const TO = '2025-09-02T00:00:00.000Z';
const FLOOD =
  'Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường ở phường Sài Gòn ngập sâu, hàng trăm xe ' +
  'máy chết máy giữa dòng nước, người dân phải dắt bộ về nhà trong đêm.';

/** Numbers under these keys are counts of mentions, authors or stories. */
const COUNT_KEYS = new Set([
  'count',
  'total',
  'mentions',
  'positive',
  'neutral',
  'negative',
  'unknown',
  'authors',
  'stories',
  'copies',
  'volume',
  'n',
]);

function counts(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) for (const item of value) counts(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (COUNT_KEYS.has(key) && typeof inner === 'number') out.push(inner);
      else counts(inner, out);
    }
  }
  return out;
}

/** Each person writes two mentions: copies of one flooding story in province 79, ward 26740. */
function inputs(persons: number): MentionInput[] {
  const out: MentionInput[] = [];
  for (let p = 0; p < persons; p++) {
    for (let i = 0; i < 2; i++) {
      out.push(
        mentionInput({
          platform: 'facebook',
          author: { key: `person-${p}`, displayName: null, kind: 'person' },
          publishedAt: new Date(Date.parse(FROM) + (p * 2 + i + 1) * 600_000).toISOString(),
          text: `${p}-${i}: ${FLOOD}`,
          analysis: {
            lang: 'vi',
            sentiment: 'negative',
            sentimentConfidence: 0.9,
            keywords: ['ngập', 'mưa lớn'],
            places: [
              { province: '79', ward: '26740', level: 'ward', code: '26740', confidence: 0.9 },
            ],
            sectors: [{ sector: 'flooding', confidence: 0.8 }],
          },
        }),
      );
    }
  }
  return out;
}

/** The query each route is asked with, beside the topic and period. */
const EXTRA: Record<string, Record<string, string>> = {
  analyticsBreakdown: { by: 'province' },
  analyticsPlaces: { by: 'ward' },
};

/** Routes that show nothing of persons at any size (outlets, pages and channels only). */
const NEVER_PERSONS = new Set(['analyticsVoices']);
/** Routes whose figures need history this data has not (a baseline): nothing to show. */
const NEED_HISTORY = new Set(['analyticsTrending', 'analyticsSpikes']);

interface World {
  url: string;
  topicId: number;
  routes: { id: string; path: string; tag: string; method: string }[];
  close(): Promise<void>;
}

async function openWorld(persons: number): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-k-http-'));
  const store: SqliteStore = openSqliteStore(join(dir, 'nghe.db'));
  setMinGroupSize(store, K);
  await store.createApiToken('tester', hashApiToken(TOKEN));
  const { ids } = await store.saveMentions(null, inputs(persons));
  const topic = await store.createTopic({ name: 'Ngập', query: 'ngập' });
  await store.tagMentions(topic.id, ids);
  const app = createHttpApp({ store, version: 'test', log: () => {} });
  const server = await startHttpServer(app, '127.0.0.1', 0);
  return {
    url: server.url,
    topicId: topic.id,
    routes: [...routeTableOf(app)],
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function ask(world: World, route: World['routes'][number]) {
  const params = new URLSearchParams({ from: FROM, to: TO, ...EXTRA[route.id] });
  if (route.id === 'analyticsShareOfVoice') params.set('topics', String(world.topicId));
  else params.set('topic', String(world.topicId));
  const res = await fetch(`${world.url}${route.path}?${params}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as unknown, text };
}

describe.each([
  [K - 1, 'hidden'],
  [K, 'shown'],
  [K + 1, 'shown'],
] as const)('analytics routes over %i distinct persons (k = 5)', (persons, expected) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(persons);
  });
  afterAll(() => world.close());

  it('covers every analytics route of the table', () => {
    const analytics = world.routes.filter((r) => r.tag === 'analytics' && r.method === 'get');
    expect(analytics.length).toBeGreaterThanOrEqual(12);
  });

  it(`leaves every figure ${expected}`, async () => {
    const analytics = world.routes.filter((r) => r.tag === 'analytics' && r.method === 'get');
    for (const route of analytics) {
      const answer = await ask(world, route);
      expect(answer.status, `${route.id}: ${answer.text}`).toBe(200);
      const shown = counts(answer.body).filter((n) => n > 0);
      if (expected === 'hidden' || NEVER_PERSONS.has(route.id)) {
        expect(shown, `${route.id}: ${answer.text}`).toEqual([]);
      } else if (!NEED_HISTORY.has(route.id)) {
        expect(shown.length, `${route.id}: ${answer.text}`).toBeGreaterThan(0);
      }
      expect(answer.text, route.id).not.toContain('person-');
    }
  });
});
