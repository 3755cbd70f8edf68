import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SentimentShare } from '../api-types.js';
import type { PeriodComparison } from '../period-comparison.js';
import { openSeededApi, type SeededApi } from '../test-support/seeded-api.js';

describe('public voices and period comparison', () => {
  const now = new Date('2026-03-10T10:30:00.000Z');
  let api: SeededApi;
  beforeAll(async () => {
    api = await openSeededApi(now);
  });
  afterAll(() => api.close());

  it('lists pages, channels and outlets with their mentions, reach and sentiment, never persons', async () => {
    const { status, body } = await api.json<{ voices: Record<string, unknown>[] }>(
      'GET',
      '/api/analytics/voices',
    );
    expect(status).toBe(200);
    const byName = new Map(body.voices.map((v) => [v.name, v]));
    expect([...byName.keys()].sort()).toEqual(['Báo Tuổi Trẻ', 'Kênh VTV24']);
    const outlet = api.seeded.filter((m) => m.input.author?.kind === 'outlet');
    const reach = outlet.reduce(
      (sum, m) =>
        sum +
        (m.input.engagement.likes ?? 0) +
        (m.input.engagement.comments ?? 0) +
        (m.input.engagement.shares ?? 0),
      0,
    );
    expect(byName.get('Báo Tuổi Trẻ')).toMatchObject({
      kind: 'outlet',
      mentions: outlet.length,
      reach,
      negative: outlet.filter((m) => m.input.analysis?.sentiment === 'negative').length,
    });
    const text = JSON.stringify(body);
    for (const m of api.seeded)
      if (m.input.author?.kind === 'person') expect(text).not.toContain(m.input.author.key);
    const inTopic = await api.json<{ voices: { name: string; mentions: number }[] }>(
      'GET',
      `/api/analytics/voices?topic=${api.topicId}`,
    );
    const topicOutlet = api.seeded.filter(
      (m) => m.input.author?.kind === 'outlet' && m.input.text.includes('ngập'),
    );
    expect(inTopic.body.voices.find((v) => v.name === 'Báo Tuổi Trẻ')?.mentions).toBe(
      topicOutlet.length,
    );
  });

  it('compares a range with the period before it, with the analytics routes’ own figures', async () => {
    const to = '2026-03-10T11:00:00.000Z';
    const from = '2026-03-06T11:00:00.000Z';
    const res = await api.json<PeriodComparison>(
      'GET',
      `/api/analytics/compare?topic=${api.topicId}&from=${from}&to=${to}`,
    );
    expect(res.status).toBe(200);
    const before = '2026-03-02T11:00:00.000Z';
    expect(res.body.previous).toMatchObject({ from: before, to: from });
    for (const [period, range] of [
      [res.body.current, { from, to }],
      [res.body.previous, { from: before, to: from }],
    ] as const) {
      const share = await api.json<SentimentShare>(
        'GET',
        `/api/analytics/sentiment?topic=${api.topicId}&from=${range.from}&to=${range.to}`,
      );
      expect(period.volume).toBe(share.body.total);
      expect(period.sentiment).toEqual(share.body);
      const inRange = api.seeded.filter(
        (m) =>
          m.input.text.includes('ngập') &&
          (m.input.publishedAt ?? '') >= range.from &&
          (m.input.publishedAt ?? '') < range.to,
      );
      expect(period.volume).toBe(inRange.length);
    }
    expect((await api.json('GET', `/api/analytics/compare?topic=${api.topicId}`)).status).toBe(400);
    expect((await api.json('GET', `/api/analytics/compare?from=${to}&to=${from}`)).status).toBe(
      400,
    );
  });
});
