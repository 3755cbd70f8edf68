import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BackfillQueue } from '../jobs/backfill.js';
import { createListeningEvents, type ListeningEvents } from '../jobs/listening-events.js';
import { TopicTagger } from '../jobs/topic-tagger.js';
import type { Mention, MentionInput } from '../model.js';
import { DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_FLOOR } from '../privacy/privacy-settings.js';
import { setMinGroupSize } from '../privacy/small-group-rule-for.js';
import type { EstimatedSeriesPoint, SentimentShare } from '../store/listening-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { TopicJobs } from './api-deps.js';
import type { ApiError, AuditPage, MentionPage, Topic, TopicSummary } from './api-types.js';
import type { OpenApiDocument } from './openapi.js';
import {
  protectedSeriesPointSchema,
  protectedShareSchema,
  topicSummarySchema,
} from './protected-schemas.js';
import {
  auditPageSchema,
  healthSchema,
  mentionPageSchema,
  mentionSchema,
  topicSchema,
  trendingSchema,
} from './response-schemas.js';
import { createHttpApp, type RunningServer, startHttpServer } from './server.js';
import { hashApiToken } from './token-auth.js';

const TOKEN = 'nghe_test-token-0123456789abcdefghijklmnopqrstuvwxyz';

let serial = 0;
function mention(overrides: Partial<MentionInput> = {}): MentionInput {
  serial++;
  return {
    platform: 'web',
    canonicalUrl: `https://news.example/a-${serial}`,
    externalId: `guid-${serial}`,
    author: null,
    publishedAt: new Date(Date.UTC(2025, 5, 1, 0, serial)).toISOString(),
    collectedAt: '2025-06-02T00:00:00.000Z',
    language: 'vi',
    title: `Tin số ${serial}`,
    text: `ngập lụt ở Thủ Đức lần ${serial}`,
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: null,
    analysis: { lang: 'vi', sentiment: 'negative', sentimentConfidence: 0.9, keywords: ['ngập'] },
    ...overrides,
  };
}

interface Harness {
  server: RunningServer;
  store: ReturnType<typeof openSqliteStore>;
  events: ListeningEvents;
  listeners: () => number;
  backfills: { topicId: number; reset: boolean }[];
  queue: BackfillQueue;
  tagger: TopicTagger;
  log: string[];
  dir: string;
  api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T; res: Response }>;
}

async function openHarness(extra: { dashboardDir?: string | null } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-http-'));
  const store = openSqliteStore(join(dir, 'nghe.db'));
  await store.createApiToken('tester', hashApiToken(TOKEN));
  const bus = createListeningEvents();
  let listening = 0;
  const events: ListeningEvents = {
    publishTagged: bus.publishTagged,
    onTagged(listener) {
      listening++;
      const off = bus.onTagged(listener);
      return () => {
        listening--;
        off();
      };
    },
  };
  const backfills: Harness['backfills'] = [];
  const queue = new BackfillQueue(store);
  const tagger = new TopicTagger({ store, events });
  const topicJobs: TopicJobs = {
    startBackfill(topicId, options) {
      backfills.push({ topicId, ...options });
      queue.startBackfill(topicId, options);
    },
    topicsChanged: () => tagger.topicsChanged(),
  };
  const log: string[] = [];
  const app = createHttpApp({
    store,
    version: '0.0.0-test',
    events,
    topicJobs,
    log: (line) => log.push(line),
    heartbeatMs: 50,
    maxJsonBytes: 4096,
    dashboardDir: extra.dashboardDir ?? null,
  });
  const server = await startHttpServer(app, '127.0.0.1', 0);
  return {
    server,
    store,
    events,
    listeners: () => listening,
    backfills,
    queue,
    tagger,
    log,
    dir,
    async api<T>(path: string, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${TOKEN}`);
      if (typeof init.body === 'string' && !headers.has('Content-Type')) {
        headers.set('Content-Type', 'application/json');
      }
      const res = await fetch(`${server.url}${path}`, { ...init, headers });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T, res };
    },
  };
}

async function closeHarness(h: Harness): Promise<void> {
  await h.server.close();
  await h.queue.stop();
  await h.store.close();
  rmSync(h.dir, { recursive: true, force: true });
}

describe('HTTP API on a real server and SQLite store', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(async () => closeHarness(h));

  it('serves the OpenAPI description and docs without a token, and every route needs one', async () => {
    const docRes = await fetch(`${h.server.url}/api/openapi.json`);
    expect(docRes.status).toBe(200);
    const doc = (await docRes.json()) as OpenApiDocument;
    expect(doc.openapi).toMatch(/^3\.1/);
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ path, method })),
    );
    // The 24 routes of the contract, the audit log, a mention's thread and engagement,
    // credentials, platforms, the source-URL recogniser, seven alert routes, preview, count,
    // retry, comparison, voices, three exports, six sign-in routes and nine for users, units
    // and tokens, stories and charters, eight report and five policy routes, erasure and the
    // usage review (two). Sign-in itself (security: []) is the only thing served without one.
    expect(operations.length).toBe(83);
    const guarded = operations.filter(
      ({ path, method }) =>
        (doc.paths[path] as Record<string, { security?: unknown[] }>)[method]?.security?.length !==
        0,
    );
    expect(operations.length - guarded.length).toBe(4);
    for (const { path, method } of guarded) {
      const url = `${h.server.url}${path.replace(/\{[^}]+\}/g, '1')}`;
      for (const authorization of [null, 'Bearer nghe_wrong', `Basic ${TOKEN}`]) {
        const res = await fetch(url, {
          method: method.toUpperCase(),
          headers: authorization ? { Authorization: authorization } : {},
        });
        expect(res.status, `${method} ${path} with ${authorization}`).toBe(401);
        expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
        const body = (await res.json()) as ApiError;
        expect(body.error.status).toBe(401);
      }
    }
    const docs = await fetch(`${h.server.url}/api/docs`);
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(docs.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    const script = await (await fetch(`${h.server.url}/api/docs/docs.js`)).text();
    expect(script).toContain("'Bearer '");
    expect(script).not.toMatch(/[?&]token=/);
  });

  it('describes query parameters from the validators', async () => {
    const doc = (await (await fetch(`${h.server.url}/api/openapi.json`)).json()) as OpenApiDocument;
    const list = doc.paths['/api/mentions']?.get as {
      parameters: { name: string; required: boolean; schema: { maximum?: number } }[];
    };
    const limit = list.parameters.find((p) => p.name === 'limit');
    expect(limit?.schema.maximum).toBe(200);
    expect(limit?.required).toBe(false);
    const names = list.parameters.map((p) => p.name);
    for (const name of [
      'topic',
      'from',
      'to',
      'platform',
      'lang',
      'sentiment',
      'source',
      'q',
      'cursor',
    ]) {
      expect(names).toContain(name);
    }
    const create = doc.paths['/api/topics']?.post as {
      requestBody: { content: { 'application/json': { schema: { required: string[] } } } };
    };
    expect(create.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['name', 'query']),
    );
  });

  it('names the field of a validation error', async () => {
    const cases: [string, RequestInit | undefined, string][] = [
      ['/api/mentions?limit=500', undefined, 'limit'],
      ['/api/mentions?limit=0', undefined, 'limit'],
      ['/api/mentions?platform=web,myspace', undefined, 'platform'],
      ['/api/mentions?from=yesterday', undefined, 'from'],
      ['/api/mentions?cursor=not-a-cursor', undefined, 'cursor'],
      ['/api/analytics/series?interval=minute', undefined, 'interval'],
      ['/api/analytics/series?tz=Mars/Olympus', undefined, 'tz'],
      ['/api/analytics/breakdown', undefined, 'by'],
      ['/api/topics/abc', undefined, 'id'],
      ['/api/topics', { method: 'POST', body: JSON.stringify({ query: 'x' }) }, 'name'],
      [
        '/api/topics',
        { method: 'POST', body: JSON.stringify({ name: 'a', query: 'x', colour: 1 }) },
        'colour',
      ],
      ['/api/topics', { method: 'POST', body: '{"name":' }, 'body'],
      [
        '/api/sources',
        { method: 'POST', body: JSON.stringify({ url: 'ftp://x.example/' }) },
        'url',
      ],
    ];
    for (const [path, init, field] of cases) {
      const { status, body } = await h.api<ApiError>(path, init);
      expect(status, path).toBe(400);
      expect(body.error.field, path).toBe(field);
      expect(body.error.message).toContain(field);
    }
  });

  it('answers a malformed query with its position and what was expected', async () => {
    const query = 'ngập AND (Thủ Đức';
    const { status, body } = await h.api<ApiError>('/api/topics', {
      method: 'POST',
      body: JSON.stringify({ name: 'broken', query }),
    });
    expect(status).toBe(400);
    expect(body.error.field).toBe('query');
    expect(body.error.position).toBeGreaterThan(query.indexOf('('));
    expect(body.error.expected).toContain(')');
    const listed = await h.api<ApiError>(`/api/mentions?q=${encodeURIComponent('"ngập')}`);
    expect(listed.status).toBe(400);
    expect(listed.body.error.field).toBe('q');
    expect(typeof listed.body.error.position).toBe('number');
    const check = await h.api<{ ok: boolean; position?: number }>('/api/query/check', {
      method: 'POST',
      body: JSON.stringify({ query }),
    });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ ok: false, position: body.error.position });
    const good = await h.api<{ ok: boolean; normalized?: string }>('/api/query/check', {
      method: 'POST',
      body: JSON.stringify({ query: 'ngập   OR  lụt' }),
    });
    expect(good.body).toEqual({ ok: true, normalized: 'ngập OR lụt' });
  });

  it('refuses bodies over the limit with 413', async () => {
    const { status, body } = await h.api<ApiError>('/api/query/check', {
      method: 'POST',
      body: JSON.stringify({ query: 'a'.repeat(10_000) }),
    });
    expect(status).toBe(413);
    expect(body.error.status).toBe(413);
  });

  it('creates, reads, edits, back-fills and deletes a topic', async () => {
    await h.store.saveMentions(null, [mention(), mention(), mention({ text: 'trời nắng đẹp' })]);
    const created = await h.api<Topic>('/api/topics', {
      method: 'POST',
      body: JSON.stringify({ name: 'Ngập', query: 'ngập', langs: ['vi'] }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Ngập',
      query: 'ngập',
      langs: ['vi'],
      status: 'active',
    });
    const id = created.body.id;
    expect(h.backfills).toContainEqual({ topicId: id, reset: false });
    await h.queue.idle();
    const filled = await h.api<Topic>(`/api/topics/${id}`);
    expect(filled.body.backfill).toMatchObject({ state: 'done', processed: 3, matched: 2 });
    const tagged = await h.api<MentionPage>(`/api/mentions?topic=${id}`);
    expect(tagged.body.mentions).toHaveLength(2);
    expect(tagged.body.mentions.every((m) => m.text.includes('ngập'))).toBe(true);
    expect((await h.api<Topic>(`/api/topics/${id}`)).body.name).toBe('Ngập');
    const edited = await h.api<Topic>(`/api/topics/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ query: 'ngập OR lụt', status: 'paused' }),
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ query: 'ngập OR lụt', status: 'paused' });
    expect(h.backfills).toContainEqual({ topicId: id, reset: true });
    const renamed = h.backfills.length;
    await h.api<Topic>(`/api/topics/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ name: 'Lũ' }),
    });
    expect(h.backfills.length).toBe(renamed); // a new name does not re-tag history
    const backfill = await h.api<Topic>(`/api/topics/${id}/backfill`, { method: 'POST' });
    expect(backfill.status).toBe(202);
    expect(backfill.body.id).toBe(id);
    expect((await h.api(`/api/topics/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await h.api<ApiError>(`/api/topics/${id}`)).status).toBe(404);
    expect((await h.api<ApiError>(`/api/topics/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('pages through mentions without repeats or gaps while newer ones arrive', async () => {
    const saved = await h.store.saveMentions(
      null,
      Array.from({ length: 23 }, () => mention()),
    );
    const original = new Set(saved.ids);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/api/mentions?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { status, body }: { status: number; body: MentionPage } =
        await h.api<MentionPage>(path);
      expect(status).toBe(200);
      expect(body.mentions.length).toBeLessThanOrEqual(5);
      seen.push(...body.mentions.map((m) => m.id));
      cursor = body.nextCursor;
      // Newer mentions land between page fetches.
      await h.store.saveMentions(null, [
        mention({ publishedAt: new Date(Date.UTC(2026, 0, 1, pages)).toISOString() }),
      ]);
      pages++;
    } while (cursor && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    const olderSeen = seen.filter((id) => original.has(id));
    expect(olderSeen.length).toBe(original.size);
    const times = await Promise.all(
      olderSeen.map(async (id) => (await h.store.getMention(id))?.publishedAt ?? ''),
    );
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('lists topics with a week of figures, spiking topics first', async () => {
    const now = Date.now();
    const hourAgo = (hours: number) => new Date(now - hours * 3_600_000).toISOString();
    const quiet = await h.store.createTopic({ name: 'quiet', query: 'yên' });
    const spiking = await h.store.createTopic({ name: 'spiking', query: 'bão' });
    const steady = await h.store.createTopic({ name: 'steady', query: 'mưa' });
    // steady: 2 a day for a week; spiking: 1 a day, then 12 in the last hour.
    const steadyIds = (
      await h.store.saveMentions(
        null,
        Array.from({ length: 14 }, (_, i) => mention({ publishedAt: hourAgo(3 + i * 12) })),
      )
    ).ids;
    const spikeIds = (
      await h.store.saveMentions(null, [
        ...Array.from({ length: 7 }, (_, i) => mention({ publishedAt: hourAgo(5 + i * 24) })),
        ...Array.from({ length: 12 }, () => mention({ publishedAt: hourAgo(0.5) })),
      ])
    ).ids;
    await h.store.tagMentions(steady.id, steadyIds);
    await h.store.tagMentions(spiking.id, spikeIds);
    const { status, body } = await h.api<{ topics: TopicSummary[] }>('/api/topics');
    expect(status).toBe(200);
    const names = body.topics.map((s) => s.topic.name);
    expect(names.indexOf('spiking')).toBe(0);
    expect(names.indexOf('steady')).toBeLessThan(names.indexOf('quiet'));
    const spikingSummary = body.topics[0]!;
    expect(spikingSummary.activeSpikes).toBeGreaterThan(0);
    expect(spikingSummary.volume).toBe(19);
    expect(spikingSummary.sentiment.classifiedCounts.negative).toBe(19);
    // 19 posts are too few for an estimate: the summary says so instead of a share.
    expect(spikingSummary.sentiment).toMatchObject({ n: 19, shares: null, sufficient: false });
    expect(spikingSummary.sparkline.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(19);
    const steadySummary = body.topics.find((s) => s.topic.id === steady.id)!;
    expect(steadySummary.volume).toBe(14);
    expect(steadySummary.activeSpikes).toBe(0);
    expect(body.topics.find((s) => s.topic.id === quiet.id)?.volume).toBe(0);
  });

  it('streams mentions tagged after subscribing, and lets go of the bus on disconnect', async () => {
    const topic = await h.store.createTopic({ name: 'live', query: 'trực tiếp' });
    const before = h.listeners();
    const controller = new AbortController();
    const res = await fetch(`${h.server.url}/api/topics/${topic.id}/stream`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (needle: string) => {
      while (!received.includes(needle)) {
        const part = await reader.read();
        if (part.done) throw new Error(`stream ended before ${needle}`);
        received += decoder.decode(part.value, { stream: true });
      }
    };
    await readUntil('event: ready');
    expect(received).toMatch(/retry: \d+/);
    expect(h.listeners()).toBe(before + 1);
    // Ingest as the collector does: save, then the tagger matches, tags and publishes.
    const saved = await h.store.saveMentions(null, [mention({ text: 'tin trực tiếp' }), mention()]);
    expect((await h.tagger.tagSaved(saved)).matched).toBeGreaterThanOrEqual(1);
    const [live, other] = await Promise.all(saved.ids.map((id) => h.store.getMention(id)));
    await readUntil('event: mention');
    await readUntil('\n\n');
    const block = received.slice(received.indexOf('event: mention'));
    const data = block
      .split('\n')
      .find((line) => line.startsWith('data: '))!
      .slice(6);
    expect((JSON.parse(data) as Mention).id).toBe(live?.id);
    expect(received).not.toContain(`"id":${other?.id},`);
    await readUntil(': keep-alive');
    controller.abort();
    await expect.poll(() => h.listeners(), { timeout: 2000 }).toBe(before);
    const audit = await h.api<AuditPage>('/api/audit?limit=5');
    expect(
      audit.body.entries.some(
        (e) => e.action === 'streamTopic' && e.detail.includes(`${topic.id}`),
      ),
    ).toBe(true);
  });

  it('audits reads of mentions and analytics with who, what and how many', async () => {
    const { body: page } = await h.api<MentionPage>('/api/mentions?limit=3&lang=vi&sort=oldest');
    const { body: share } = await h.api<{ total: number }>(
      '/api/analytics/sentiment?sentiment=negative',
    );
    const { body: audit } = await h.api<AuditPage>('/api/audit?limit=2');
    const [latest, previous] = audit.entries;
    expect(latest).toMatchObject({
      actor: 'tester',
      action: 'analyticsSentiment',
      resultCount: share.total,
    });
    expect(JSON.parse(latest!.detail)).toEqual({ sentiments: ['negative'] });
    expect(previous).toMatchObject({
      actor: 'tester',
      action: 'listMentions',
      resultCount: page.mentions.length,
    });
    expect(JSON.parse(previous!.detail)).toMatchObject({ langs: ['vi'], sort: 'oldest', limit: 3 });
    expect(audit.nextBefore).toBe(previous!.id);
    const older = await h.api<AuditPage>(`/api/audit?limit=2&before=${audit.nextBefore}`);
    expect(older.body.entries.every((e) => e.id < previous!.id)).toBe(true);
  });

  it('answers analytics from the store', async () => {
    // Each figure comes from K distinct persons, so the small-group rule shows it; one post by a
    // single person is then added and must be hidden.
    const K = MIN_GROUP_FLOOR;
    setMinGroupSize(h.store, K);
    try {
      const topic = await h.store.createTopic({ name: 'figures', query: 'số' });
      const at = (day: number, hour: number) =>
        new Date(Date.UTC(2024, 2, day, hour)).toISOString();
      const byPersons = (n: number, overrides: Partial<MentionInput>) =>
        Array.from({ length: n }, () => {
          const input = mention(overrides);
          return {
            ...input,
            author: { key: `person-${serial}`, displayName: null, kind: 'person' as const },
          };
        });
      const { ids } = await h.store.saveMentions(null, [
        ...byPersons(K, { publishedAt: at(1, 1), platform: 'web' }),
        ...byPersons(K, { publishedAt: at(1, 20), platform: 'x' }),
        ...byPersons(K, {
          publishedAt: at(3, 5),
          platform: 'x',
          analysis: { lang: 'vi', sentiment: 'positive', sentimentConfidence: 1, keywords: ['số'] },
        }),
      ]);
      await h.store.tagMentions(topic.id, ids);
      const range = `topic=${topic.id}&from=2024-03-01&to=2024-03-05`;
      const series = await h.api<{ points: { t: string; total: number | null }[] }>(
        `/api/analytics/series?${range}&interval=day&tz=UTC`,
      );
      expect(series.status).toBe(200);
      expect(series.body.points.reduce((sum, p) => sum + (p.total ?? 0), 0)).toBe(3 * K);
      expect(series.body.points.find((p) => p.t.startsWith('2024-03-01'))?.total).toBe(2 * K);
      const breakdown = await h.api<{ rows: { key: string; count: number }[] }>(
        `/api/analytics/breakdown?${range}&by=platform`,
      );
      expect(breakdown.body.rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'x', count: 2 * K }),
          expect.objectContaining({ key: 'web', count: K }),
        ]),
      );
      const sentiment = await h.api<{
        classifiedCounts: { positive: number | null; negative: number | null };
      }>(`/api/analytics/sentiment?${range}`);
      expect(sentiment.body.classifiedCounts).toMatchObject({ positive: K, negative: 2 * K });
      const terms = await h.api<{ terms: { term: string; count: number }[] }>(
        `/api/analytics/terms?${range}`,
      );
      expect(terms.body.terms).toEqual([
        { term: 'ngập', count: 2 * K },
        { term: 'số', count: K },
      ]);
      const other = await h.store.createTopic({ name: 'other', query: 'khác' });
      await h.store.tagMentions(other.id, ids.slice(0, K));
      const sov = await h.api<{ rows: { topicId: number; count: number; share: number }[] }>(
        `/api/analytics/share-of-voice?topics=${topic.id},${other.id}&from=2024-03-01&to=2024-03-05`,
      );
      expect(sov.body.rows).toEqual([
        expect.objectContaining({ topicId: topic.id, count: 3 * K, share: 0.75 }),
        expect.objectContaining({ topicId: other.id, count: K, share: 0.25 }),
      ]);
      for (const path of [`/api/analytics/trending?${range}`, `/api/analytics/spikes?${range}`]) {
        expect((await h.api(path)).status, path).toBe(200);
      }
      // One person's post on a day of its own: that day is not shown, nor its sentiment split.
      const lone = await h.store.saveMentions(null, byPersons(1, { publishedAt: at(4, 8) }));
      await h.store.tagMentions(topic.id, lone.ids);
      const after = await h.api<{
        points: { t: string; total: number | null; negative: number | null; suppressed: boolean }[];
      }>(`/api/analytics/series?${range}&interval=day&tz=UTC`);
      expect(after.body.points.find((p) => p.t.startsWith('2024-03-04'))).toMatchObject({
        total: null,
        negative: null,
        suppressed: true,
      });
      expect(after.body.points.find((p) => p.t.startsWith('2024-03-01'))?.total).toBe(2 * K);
    } finally {
      setMinGroupSize(h.store, DEFAULT_MIN_GROUP_SIZE);
    }
  });

  it('reports estimated shares with intervals beside the classified counts', async () => {
    const topic = await h.store.createTopic({ name: 'estimates', query: 'ước' });
    const at = (i: number) => new Date(Date.UTC(2024, 4, 1 + (i % 3), 6)).toISOString();
    // Posts the model calls negative but only just: counting labels says all negative.
    const analysis = {
      lang: 'vi',
      sentiment: 'negative' as const,
      sentimentConfidence: 0.45,
      sentimentProbabilities: { negative: 0.45, neutral: 0.4, positive: 0.15 },
      shareGroup: 'vi:feedback',
      keywords: ['ước'],
    };
    const { ids } = await h.store.saveMentions(
      null,
      Array.from({ length: 90 }, (_, i) => mention({ publishedAt: at(i), analysis })),
    );
    await h.store.tagMentions(topic.id, ids);
    const range = `topic=${topic.id}&from=2024-05-01&to=2024-05-04`;
    const { body: share } = await h.api<SentimentShare>(`/api/analytics/sentiment?${range}`);
    expect(share.classifiedCounts).toEqual({ positive: 0, neutral: 0, negative: 90 });
    expect(share.n).toBe(90);
    expect(share.shares!.negative).toBeLessThan(1);
    for (const key of ['positive', 'neutral', 'negative'] as const) {
      const [low, high] = share.intervals![key];
      expect(low).toBeLessThanOrEqual(share.shares![key]);
      expect(high).toBeGreaterThanOrEqual(share.shares![key]);
    }
    expect(share.net).toBeCloseTo(share.shares!.positive - share.shares!.negative, 9);
    expect(share.method).toBe('cells');
    expect(share.level).toBe(0.9);
    const { body: series } = await h.api<{ points: EstimatedSeriesPoint[] }>(
      `/api/analytics/series?${range}&interval=day&tz=UTC`,
    );
    // 30 posts a day: each day has an estimate of its own.
    expect(series.points.map((p) => p.sentiment.n)).toEqual([30, 30, 30]);
    expect(series.points.every((p) => p.sentiment.shares !== null)).toBe(true);
    const { body: bySentiment } = await h.api<{ rows: unknown[]; sentiment: SentimentShare }>(
      `/api/analytics/breakdown?${range}&by=sentiment`,
    );
    expect(bySentiment.sentiment.shares).toEqual(share.shares);
  });

  it('manages sources, including an imported list', async () => {
    const added = await h.api<{ id: number; url: string }>('/api/sources', {
      method: 'POST',
      body: JSON.stringify({
        url: 'https://vnexpress.example/rss/tin-moi-nhat.rss',
        title: 'VnExpress',
      }),
    });
    expect(added.status).toBe(201);
    const again = await h.api<ApiError>('/api/sources', {
      method: 'POST',
      body: JSON.stringify({ url: added.body.url }),
    });
    expect(again.status).toBe(409);
    const imported = await h.api<{ added: number; existing: number; rejected: unknown[] }>(
      '/api/sources/import',
      {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv' },
        body: `url,title\n${added.body.url},dup\nhttps://tuoitre.example/rss.xml,Tuổi Trẻ\nnot a url,bad\n`,
      },
    );
    expect(imported.body).toMatchObject({ added: 1, existing: 1 });
    expect(imported.body.rejected).toHaveLength(1);
    const patched = await h.api<{ enabled: boolean }>(`/api/sources/${added.body.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ enabled: false }),
    });
    expect(patched.body.enabled).toBe(false);
    expect((await h.api(`/api/sources/${added.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await h.api(`/api/sources/${added.body.id}`)).status).toBe(404);
    const health = await h.api<{ status: string; sources: number }>('/api/health');
    expect(health.body).toMatchObject({ status: 'ok', sources: 1 });
  });

  it('answers in the shapes the OpenAPI description documents', async () => {
    const doc = (await (await fetch(`${h.server.url}/api/openapi.json`)).json()) as OpenApiDocument;
    const topic = (await h.store.listTopics())[0]!;
    const mentionId = (await h.store.scanMentions(0, 1))[0]!.id;
    const checks: [string, string, z.ZodType][] = [
      ['/api/health', '/api/health', healthSchema],
      ['/api/topics', '/api/topics', z.object({ topics: z.array(topicSummarySchema) })],
      ['/api/topics/{id}', `/api/topics/${topic.id}`, topicSchema],
      ['/api/mentions', `/api/mentions?topic=${topic.id}`, mentionPageSchema],
      ['/api/mentions/{id}', `/api/mentions/${mentionId}`, mentionSchema],
      [
        '/api/analytics/series',
        `/api/analytics/series?topic=${topic.id}`,
        z.object({ points: z.array(protectedSeriesPointSchema) }),
      ],
      ['/api/analytics/sentiment', '/api/analytics/sentiment', protectedShareSchema],
      ['/api/analytics/trending', '/api/analytics/trending?from=2024-03-01', trendingSchema],
      ['/api/audit', '/api/audit', auditPageSchema],
    ];
    for (const [documented, path, schema] of checks) {
      const operation = doc.paths[documented]?.get as {
        responses: Record<string, { content?: unknown }>;
      };
      expect(operation.responses['200']?.content, documented).toBeDefined();
      const { status, body } = await h.api<unknown>(path);
      expect(status, path).toBe(200);
      const parsed = schema.safeParse(body);
      expect(parsed.success, `${path}: ${parsed.error?.message}`).toBe(true);
    }
    // Figures hidden under the small-group rule are null, and the description says they may be.
    const seriesDoc = doc.paths['/api/analytics/series']?.get as {
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };
    const pointDoc = (
      seriesDoc.responses['200']!.content['application/json']!.schema as {
        properties: { points: { items: { properties: Record<string, unknown> } } };
      }
    ).properties.points.items.properties;
    expect(JSON.stringify(pointDoc.total)).toContain('"null"');
    expect(pointDoc.suppressed).toMatchObject({ type: 'boolean' });
  });

  it('logs requests without tokens or secret query values', async () => {
    // An unknown parameter is refused (400), and still logged without its value.
    await h.api('/api/mentions?limit=1&api_key=hunter2');
    const line = h.log.at(-1)!;
    expect(line).toMatch(/^GET \/api\/mentions\?limit=1&api_key=\*\*\* 400 [\d.]+ms tester$/);
    expect(h.log.join('\n')).not.toContain(TOKEN);
    expect(h.log.join('\n')).not.toContain('hunter2');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const { status, body } = await h.api<ApiError>('/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error.message).toContain('/api/nothing-here');
  });
});

describe('dashboard files', () => {
  it('serves web/dist with a fallback to index.html and long caching for hashed assets', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'nghe-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>nghe dashboard</title>');
    writeFileSync(join(dist, 'assets', 'index-3f9a1c2b.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
    const h = await openHarness({ dashboardDir: dist });
    try {
      for (const path of ['/', '/topics/3', '/search?q=x']) {
        const res = await fetch(`${h.server.url}${path}`);
        expect(res.status, path).toBe(200);
        expect(await res.text()).toContain('nghe dashboard');
        expect(res.headers.get('Cache-Control')).toBe('no-cache');
      }
      const asset = await fetch(`${h.server.url}/assets/index-3f9a1c2b.js`);
      expect(asset.headers.get('Content-Type')).toContain('javascript');
      expect(asset.headers.get('Cache-Control')).toContain('immutable');
      expect(await asset.text()).toBe('console.log(1)');
      expect((await fetch(`${h.server.url}/favicon.svg`)).headers.get('Cache-Control')).toBe(
        'no-cache',
      );
      expect((await fetch(`${h.server.url}/assets/missing-00000000.js`)).status).toBe(404);
      expect((await fetch(`${h.server.url}/..%2f..%2fetc%2fpasswd`)).status).not.toBe(500);
      expect((await fetch(`${h.server.url}/api/topics`)).status).toBe(401);
    } finally {
      await closeHarness(h);
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('says the dashboard is not built when web/dist is missing', async () => {
    const h = await openHarness({ dashboardDir: '/nonexistent/web/dist' });
    try {
      const res = await fetch(`${h.server.url}/topics/1`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('not built');
    } finally {
      await closeHarness(h);
    }
  });
});
