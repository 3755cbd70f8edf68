import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Mention, MentionPage, Source } from '../api-types.js';
import { engagementScore } from '../engagement-order.js';
import { openSeededApi, type SeededApi } from '../test-support/seeded-api.js';

describe('topic preview, mention totals, engagement order and source retry', () => {
  let api: SeededApi;
  beforeAll(async () => {
    api = await openSeededApi();
  });
  afterAll(() => api.close());

  it('previews what a query matches before it is saved, newest first', async () => {
    const expected = api.seeded.filter((m) => /kẹt xe/i.test(m.input.text));
    const res = await api.json<{ total: number; exact: boolean; mentions: Mention[] }>(
      'POST',
      '/api/topics/preview',
      { query: '"ket xe"', limit: 3 },
    );
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(expected.length);
    expect(res.body.exact).toBe(true);
    const newest = [...expected].sort((a, b) =>
      (b.input.publishedAt ?? '').localeCompare(a.input.publishedAt ?? ''),
    );
    expect(res.body.mentions.map((m) => m.id)).toEqual(newest.slice(0, 3).map((m) => m.id));
    const scoped = await api.json<{ total: number }>('POST', '/api/topics/preview', {
      query: '"ket xe"',
      platforms: ['youtube'],
    });
    expect(scoped.body.total).toBe(expected.filter((m) => m.input.platform === 'youtube').length);
  });

  it('refuses a malformed query with its position, and saves nothing', async () => {
    const topics = (await api.store.listTopics()).length;
    const res = await api.json<ApiError>('POST', '/api/topics/preview', { query: 'ngập AND (' });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('query');
    expect(res.body.error.position).toBeGreaterThan(0);
    expect((await api.store.listTopics()).length).toBe(topics);
  });

  it('counts a list exactly, with and without a query, as its pages would', async () => {
    const topicCount = api.seeded.filter((m) => m.input.text.includes('ngập')).length;
    const all = await api.json<{ total: number }>(
      'GET',
      `/api/mentions/count?topic=${api.topicId}`,
    );
    expect(all.body).toEqual({ total: topicCount, exact: true });
    const negative = await api.json<{ total: number }>(
      'GET',
      `/api/mentions/count?topic=${api.topicId}&sentiment=neutral&q=mưa`,
    );
    let listed = 0;
    let cursor: string | null = null;
    do {
      const page: { body: MentionPage } = await api.json<MentionPage>(
        'GET',
        `/api/mentions?topic=${api.topicId}&sentiment=neutral&q=mưa&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      listed += page.body.mentions.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(negative.body.total).toBe(listed);
    expect(listed).toBeGreaterThan(0);
    expect((await api.json('GET', '/api/mentions/count?q=(')).status).toBe(400);
  });

  it('orders mentions by engagement across pages', async () => {
    const seen: Mention[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: MentionPage } = await api.json<MentionPage>(
        'GET',
        `/api/mentions?topic=${api.topicId}&sort=engagement&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.mentions);
      cursor = page.body.nextCursor;
    } while (cursor);
    const scores = seen.map(engagementScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(seen.map((m) => m.id)).size).toBe(
      api.seeded.filter((m) => m.input.text.includes('ngập')).length,
    );
    const bad = await api.json<ApiError>('GET', '/api/mentions?sort=engagement&cursor=c12');
    expect(bad.status).toBe(400);
  });

  it('makes a source due now and enables it', async () => {
    await api.store.updateSource(api.sourceId, {
      enabled: false,
      schedule: { intervalSeconds: 3600, nextFetchAt: '2999-01-01T00:00:00.000Z' },
    });
    const res = await api.json<Source>('POST', `/api/sources/${api.sourceId}/retry`);
    expect(res.status).toBe(200);
    expect(res.body.enabled).toBe(true);
    expect(Date.parse(res.body.schedule.nextFetchAt)).toBeLessThanOrEqual(Date.now());
    expect((await api.json('POST', '/api/sources/99999/retry')).status).toBe(404);
  });
});
