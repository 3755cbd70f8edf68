import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../api-types.js';
import { openSeededApi, type SeededApi } from '../test-support/seeded-api.js';

describe('exports', () => {
  let api: SeededApi;
  beforeAll(async () => {
    api = await openSeededApi();
  });
  afterAll(() => api.close());

  const topicMentions = () => api.seeded.filter((m) => m.input.text.includes('ngập'));

  it('writes the mentions list as CSV with public authors named and persons never', async () => {
    const res = await api.call('GET', `/api/exports/mentions?topic=${api.topicId}&locale=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="nghe-topic-/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(topicMentions().length);
    expect(new Set(rows.map((r) => Number(r.Id)))).toEqual(
      new Set(topicMentions().map((m) => m.id)),
    );
    const authors = new Set(rows.map((r) => r.Author));
    expect(authors).toEqual(new Set(['Báo Tuổi Trẻ', 'Kênh VTV24', 'a person']));
    // No pseudonym of a person, in any cell.
    for (const m of api.seeded) {
      if (m.input.author?.kind === 'person') expect(text).not.toContain(m.input.author.key);
    }
  });

  it('writes chart data as XLSX that reads back to the API figures', async () => {
    const res = await api.call(
      'GET',
      `/api/exports/chart?topic=${api.topicId}&chart=sources&format=xlsx`,
    );
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).values).toContain('Số đề cập');
    const { body } = await api.json<{ rows: { count: number }[] }>(
      'GET',
      `/api/analytics/breakdown?topic=${api.topicId}&by=source&limit=50`,
    );
    expect(sheet?.getRow(2).getCell(3).value).toBe(body.rows[0]?.count);
    const series = await api.call(
      'GET',
      `/api/exports/chart?topic=${api.topicId}&chart=series&interval=day`,
    );
    const rows = parse(
      Buffer.from(await series.arrayBuffer())
        .subarray(3)
        .toString('utf8'),
      {
        columns: true,
      },
    ) as Record<string, string>[];
    const shown = await api.json<{ points: { total: number | null }[] }>(
      'GET',
      `/api/analytics/series?topic=${api.topicId}&interval=day`,
    );
    // The same buckets and totals as the API, a suppressed one empty as it is there.
    expect(rows.map((row) => row.Tổng)).toEqual(
      shown.body.points.map((p) => (p.total === null ? '' : String(p.total))),
    );
    expect(rows.length).toBeGreaterThan(5);
    // The bucket holding "now" is marked incomplete, and only that one.
    expect(rows.filter((row) => row['Chưa trọn'] === '1').length).toBe(1);
  });

  it('writes every export and each chart image to the audit log', async () => {
    const image = await api.call('POST', '/api/exports/image', {
      chart: 'series',
      format: 'png',
      topic: api.topicId,
    });
    expect(image.status).toBe(204);
    const { body } = await api.json<AuditPage>('GET', '/api/audit?limit=20');
    const actions = body.entries.map((e) => e.action);
    expect(actions).toContain('exportMentions');
    expect(actions).toContain('exportChart');
    expect(actions).toContain('exportImage');
    const png = body.entries.find((e) => e.action === 'exportImage');
    expect(JSON.parse(png?.detail ?? '{}')).toMatchObject({ chart: 'series', format: 'png' });
    const bad = await api.call('POST', '/api/exports/image', { chart: 'x', format: 'gif' });
    expect(bad.status).toBe(400);
  });

  it('refuses a comparison export without both ends, and an unknown chart', async () => {
    expect((await api.call('GET', '/api/exports/chart?chart=compare')).status).toBe(400);
    expect((await api.call('GET', '/api/exports/chart?chart=pie')).status).toBe(400);
  });
});
