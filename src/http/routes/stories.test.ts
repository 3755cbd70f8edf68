// Place and sector filters and figures, and stories, through the HTTP API on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MentionAnalysis } from '../../model.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { mentionInput } from '../../store/store.conformance.js';
import { type LoopbackApi, openLoopbackApi } from '../test-support/loopback-api.js';

const FLOOD =
  'Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường ở phường Sài Gòn ngập sâu, hàng trăm xe ' +
  'máy chết máy giữa dòng nước, người dân phải dắt bộ về nhà trong đêm.';

function analysis(province: string, ward: string | null, sector: string): MentionAnalysis {
  return {
    lang: 'vi',
    sentiment: 'negative',
    sentimentConfidence: 0.9,
    keywords: [],
    places: [
      { province, ward, level: ward ? 'ward' : 'city', code: ward ?? province, confidence: 0.9 },
    ],
    sectors: [{ sector, confidence: 0.8 }],
  };
}

describe('place, sector and story routes', () => {
  let dir: string;
  let store: SqliteStore;
  let api: LoopbackApi;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-stories-api-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
    await store.saveMentions(null, [
      mentionInput({
        publishedAt: '2025-09-01T08:00:00Z',
        text: FLOOD,
        analysis: analysis('79', '26740', 'flooding'),
      }),
      mentionInput({
        publishedAt: '2025-09-01T09:00:00Z',
        text: `TTO - ${FLOOD}`,
        analysis: analysis('79', '26740', 'flooding'),
      }),
      mentionInput({
        publishedAt: '2025-09-01T10:00:00Z',
        text: 'Kẹt xe kéo dài trên đường vành đai 3 ở Hà Nội suốt buổi sáng thứ hai đầu tuần.',
        analysis: analysis('01', null, 'traffic'),
      }),
    ]);
    api = await openLoopbackApi(store);
  });
  afterAll(async () => {
    await api.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('filters every analytics figure by place and sector names', async () => {
    const share = await api.get<{ total: number }>('/api/analytics/sentiment?place=TP.HCM');
    expect(share.body.total).toBe(2);
    const traffic = await api.get<{ total: number }>(
      `/api/analytics/sentiment?sector=${encodeURIComponent('giao thông')}`,
    );
    expect(traffic.body.total).toBe(1);
    const series = await api.get<{ points: { total: number }[] }>(
      '/api/analytics/series?interval=day&place=ha%20noi,quan%201',
    );
    expect(series.body.points.reduce((s, p) => s + p.total, 0)).toBe(3);
    const wards = await api.get<{ rows: { key: string; label: string; count: number }[] }>(
      '/api/analytics/breakdown?by=ward',
    );
    expect(wards.body.rows).toEqual([{ key: '26740', label: 'phường Sài Gòn', count: 2 }]);
    const unknown = await api.get<{ error: { message: string } }>(
      '/api/analytics/sentiment?place=atlantis',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/no province, former district or ward/);
  });

  it('counts stories and lists them with their first publisher', async () => {
    const figures = await api.get<{ mentions: number; stories: number; copies: number }>(
      '/api/analytics/stories',
    );
    expect(figures.body).toMatchObject({ mentions: 3, stories: 2, copies: 1 });
    const stories = await api.get<{
      stories: { size: number; copies: number; firstPublisher: { publishedAt: string } }[];
    }>('/api/stories?sector=flooding');
    expect(stories.body.stories).toHaveLength(1);
    expect(stories.body.stories[0]).toMatchObject({ size: 2, copies: 1 });
    expect(stories.body.stories[0]!.firstPublisher.publishedAt).toBe('2025-09-01T08:00:00Z');
    const places = await api.get<{ rows: { key: string; stories: number; mentions: number }[] }>(
      '/api/analytics/places?by=province',
    );
    expect(places.body.rows.map((r) => [r.key, r.mentions, r.stories])).toEqual([
      ['79', 2, 1],
      ['01', 1, 1],
    ]);
  });
});
