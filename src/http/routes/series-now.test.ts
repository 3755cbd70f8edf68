import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeededApi, type SeededApi } from '../test-support/seeded-api.js';

// Half an hour after midnight in Asia/Ho_Chi_Minh: the newest mention (an hour ago) is from
// yesterday there, and today has none yet.
const NOW = new Date('2026-12-02T17:30:00Z');
const TODAY_START = '2026-12-02T17:00:00.000Z';

describe('a series with an open end, just after local midnight', () => {
  let api: SeededApi;
  beforeAll(async () => {
    api = await openSeededApi(NOW);
  });
  afterAll(() => api.close());

  it('runs through the day in progress, drawn as zero so far', async () => {
    const { status, body } = await api.json<{ points: { t: string; total: number | null }[] }>(
      'GET',
      `/api/analytics/series?topic=${api.topicId}&interval=day`,
    );
    expect(status).toBe(200);
    const last = body.points[body.points.length - 1];
    expect(last).toMatchObject({ t: TODAY_START, total: 0 });
    // Yesterday, which held the newest mentions, comes just before it.
    expect(body.points.at(-2)?.t).toBe('2026-12-01T17:00:00.000Z');
  });

  it('marks that day, and only it, incomplete in the chart export', async () => {
    const res = await api.call('GET', `/api/exports/chart?topic=${api.topicId}&chart=series`);
    const lines = (await res.text()).trim().split('\n');
    const header = lines[0]?.replace(/^\uFEFF/, '').split(',') ?? [];
    const column = header.indexOf('Chưa trọn');
    expect(column).toBeGreaterThan(-1);
    const marked = lines.slice(1).map((line) => line.split(',')[column]);
    expect(marked.at(-1)).toBe('1');
    expect(marked.filter((cell) => cell === '1')).toHaveLength(1);
  });

  it('ends where the data ends when the range is closed', async () => {
    const { body } = await api.json<{ points: { t: string }[] }>(
      'GET',
      `/api/analytics/series?topic=${api.topicId}&interval=day&to=${TODAY_START}`,
    );
    expect(body.points.at(-1)?.t).toBe('2026-12-01T17:00:00.000Z');
  });
});
