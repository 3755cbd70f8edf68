// Figure answers kept per data version, through HTTP: the same figure asked again is the same
// answer and is audited again; an ingest batch moves the version and the next answer counts it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MentionInput } from '../model.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import { figureAnswers } from './figure-answers.js';
import { figuresVersion } from './read-pool/figures-version.js';
import type { Route, RouteContext } from './route.js';
import { createHttpApp, type RunningServer, startHttpServer } from './server.js';
import { hashApiToken } from './token-auth.js';

const TOKEN = 'nghe_figure-answers-token-0123456789abcdefghijkl';
const FROM = '2025-09-01T00:00:00.000Z';
const TO = '2025-09-03T00:00:00.000Z';

function outletMentions(n: number, offset: number): MentionInput[] {
  return Array.from({ length: n }, (_, i) =>
    mentionInput({
      publishedAt: new Date(Date.parse(FROM) + (offset + i) * 600_000).toISOString(),
      text: `mưa ngập đường ${offset + i}`,
    }),
  );
}

describe('figure answers kept per data version', () => {
  let dir: string;
  let store: SqliteStore;
  let server: RunningServer;
  let topicId: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-figure-answers-'));
    store = openSqliteStore(join(dir, 'nghe.sqlite'));
    await store.createApiToken('tester', hashApiToken(TOKEN));
    const topic = await store.createTopic({ name: 'Ngập', query: 'ngập' });
    topicId = topic.id;
    const { ids } = await store.saveMentions(null, outletMentions(20, 0));
    await store.tagMentions(topicId, ids);
    const version = figuresVersion(store, null, { recheckMs: 0 });
    const app = createHttpApp({
      store,
      version: 'test',
      log: () => {},
      figures: version,
    });
    server = await startHttpServer(app, '127.0.0.1', 0);
  });
  afterAll(async () => {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    return { status: res.status, text: await res.text() };
  };

  it('answers the same figure again, audits every request, and counts an ingest batch at once', async () => {
    const series = `/api/analytics/series?topic=${topicId}&interval=day&from=${FROM}&to=${TO}`;
    const audited = async () =>
      (await store.listAudit({ limit: 100 })).filter((e) => e.action === 'analyticsSeries');
    const reads = vi.spyOn(store, 'series');
    const first = await get(series);
    expect(first.status).toBe(200);
    expect(reads).toHaveBeenCalledTimes(1);
    const second = await get(series);
    expect(second).toEqual(first);
    // Answered from memory: the store was not read again.
    expect(reads).toHaveBeenCalledTimes(1);
    const rows = await audited();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.detail).toBe(rows[1]!.detail);
    expect(rows[0]!.resultCount).toBe(20);

    const { ids } = await store.saveMentions(null, outletMentions(5, 100));
    await store.tagMentions(topicId, ids);
    const third = await get(series);
    expect(reads).toHaveBeenCalledTimes(2);
    const totals = (text: string) =>
      (JSON.parse(text) as { points: { total: number }[] }).points.reduce((s, p) => s + p.total, 0);
    expect(totals(first.text)).toBe(20);
    expect(totals(third.text)).toBe(25);
    expect((await audited())[0]!.resultCount).toBe(25);

    // A change through the API moves the version as well.
    await get(series);
    expect(reads).toHaveBeenCalledTimes(2);
    const created = await fetch(`${server.url}/api/topics`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Mưa', query: 'mưa' }),
    });
    expect(created.status).toBe(201);
    await get(series);
    expect(reads).toHaveBeenCalledTimes(3);
  });

  it('keeps no refusal: a bad query is answered 400 each time', async () => {
    const bad = `/api/analytics/series?topic=${topicId}&interval=day&from=1800-01-01T00:00:00Z`;
    expect((await get(bad)).status).toBe(400);
    expect((await get(bad)).status).toBe(400);
  });
});

describe('an answer past its age', () => {
  const route = { id: 'analyticsSeries', method: 'get' } as Route;
  const context = (audits: unknown[][]) =>
    ({
      c: {
        body: (text: string, status: number, headers: Record<string, string>) =>
          new Response(text, { status, headers }),
      },
      query: { topic: 1 },
      principal: null,
      audit: async (detail: unknown, count: number | null) => {
        audits.push([detail, count]);
      },
    }) as unknown as RouteContext<unknown, unknown, unknown>;

  it('is sent once more while one refresh reads it again, then the refreshed one', async () => {
    let now = 0;
    let reads = 0;
    const answers = figureAnswers({ version: () => 'v', maxAgeMs: 1000, now: () => now });
    const handle = async (ctx: RouteContext<unknown, unknown, unknown>) => {
      const n = ++reads;
      await ctx.audit({ asked: 1 }, n);
      return Response.json({ n });
    };
    const audits: unknown[][] = [];
    const body = async (r: Response) => r.text();
    expect(await body(await answers.answer(route, context(audits), handle))).toBe('{"n":1}');
    now = 1500;
    // Past its age: this request gets the kept answer, with its audit row, and a refresh starts.
    expect(await body(await answers.answer(route, context(audits), handle))).toBe('{"n":1}');
    await new Promise((done) => setTimeout(done, 10));
    expect(reads).toBe(2);
    expect(await body(await answers.answer(route, context(audits), handle))).toBe('{"n":2}');
    expect(reads).toBe(2);
    // Every request audited once, with the count of the answer it got; the refresh wrote none.
    expect(audits).toEqual([
      [{ asked: 1 }, 1],
      [{ asked: 1 }, 1],
      [{ asked: 1 }, 2],
    ]);
  });
});
