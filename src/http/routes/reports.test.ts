import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { createHttpApp } from '../server.js';
import { hashApiToken } from '../token-auth.js';

const TOKEN = 'nghe_reports-route-test-token-0123456789abcdefghijk';

describe('report and policy routes', () => {
  let dir: string;
  let store: SqliteStore;
  let app: ReturnType<typeof createHttpApp>;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = res.headers.get('content-type') ?? '';
    const raw = Buffer.from(await res.arrayBuffer());
    const parsed = type.includes('json') && raw.length ? JSON.parse(raw.toString('utf8')) : null;
    // biome-ignore lint/suspicious/noExplicitAny: test reads loosely typed JSON
    return { status: res.status, type, raw, body: parsed as any };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-reports-http-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
    await store.createApiToken('analyst', hashApiToken(TOKEN));
    app = createHttpApp({ store, version: '0.0.0-test', log: () => {} });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates a weekly report, archives it and serves its PDF and exports', async () => {
    const made = await call('POST', '/api/reports/weekly', {
      area: { level: 'province', place: 'Hà Nội' },
      week: '2025-W36',
    });
    expect(made.status).toBe(201);
    expect(made.body.body).toMatchObject({ kind: 'weekly', week: '2025-W36' });
    expect(made.body.body.area.label).toContain('Hà Nội');
    const listed = await call('GET', '/api/reports?kind=weekly');
    expect(listed.body.reports.map((r: { id: number }) => r.id)).toContain(made.body.id);
    const pdf = await call('GET', `/api/reports/${made.body.id}/pdf`);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = await call('GET', `/api/reports/${made.body.id}/export?what=figures&format=csv`);
    expect(csv.raw.toString()).toMatch(/^rank,kind,title/);
    expect((await call('GET', '/api/reports/999/pdf')).status).toBe(404);
  });

  it('refuses an unknown place with the field named', async () => {
    const bad = await call('POST', '/api/reports/weekly', {
      area: { level: 'province', place: 'Atlantis' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('unknown place');
  });

  it('adds a policy, assesses it and schedules it', async () => {
    const added = await call('POST', '/api/policies', {
      name: 'Phí gửi xe',
      query: '"phí gửi xe"',
      promulgatedOn: '2025-09-15',
    });
    expect(added.status).toBe(201);
    expect(added.body.topicId).toBeGreaterThan(0);
    const assessed = await call('GET', `/api/policies/${added.body.id}/assessment`);
    expect(assessed.status).toBe(200);
    expect(assessed.body).toMatchObject({ kind: 'policy', policy: { name: 'Phí gửi xe' } });
    expect(assessed.body.trajectory).toHaveLength(28);
    const config = await call('POST', '/api/reports/configs', {
      name: 'Phí gửi xe hằng tuần',
      kind: 'policy',
      policyId: added.body.id,
      recipients: ['so-xay-dung@hcm.example'],
    });
    expect(config.status).toBe(201);
    expect(config.body.schedule).toEqual({
      weekday: 1,
      time: '07:00',
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    const badDay = await call('POST', '/api/policies', {
      name: 'x',
      query: 'a',
      promulgatedOn: '2025-13-01',
    });
    expect(badDay.status).toBe(400);
  });
});
