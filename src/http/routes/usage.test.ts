// The usage review through HTTP: per unit for auditors (their unit and those under it, another
// unit answers 404), every unit for administrators, nobody else; filters; flags; and every read
// of the log logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../identity/identity-store.js';
import { configurePrivacy } from '../../privacy/installation-privacy.js';
import { DEFAULT_PRIVACY } from '../../privacy/privacy-settings.js';
import type { AuditEntry } from '../../store/listening-store.js';
import { type AuthHarness, openAuthHarness } from '../auth/test-support.js';

let h: AuthHarness;
let auditor: User;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await openAuthHarness();
  auditor = await h.addUser('auditor', h.unitA, 'kiem-toan');
  tokens.auditor = (await h.tokenOf(auditor)).value;
  tokens.admin = (await h.tokenOf(await h.addUser('admin', await h.identity.rootUnit()))).value;
  tokens.analyst = (await h.tokenOf(await h.addUser('analyst', h.unitA))).value;
  const entry = (actor: string, unitId: number, action: string, detail: object, rows: number) =>
    h.store.appendAudit({
      actor,
      action,
      detail: JSON.stringify(detail),
      resultCount: rows,
      unitId,
    });
  await entry('lan', h.unitA.id, 'listMentions', { topicId: 1 }, 5);
  await entry('lan/laptop', h.unitA.id, 'exportMentions', { export: 'mentions' }, 50);
  await entry('lan', h.unitA.id, 'analyticsSeries', { places: ['01'] }, 3);
  await entry('minh', h.unitA.id, 'searchMentions', { query: 'ngập AND sector:health' }, 2);
  await entry('hoa', h.unitB.id, 'listMentions', { topicId: 2 }, 9);
});
afterAll(() => h.close());

const get = (who: string, path: string) =>
  fetch(`${h.url}${path}`, { headers: { Authorization: `Bearer ${tokens[who]}` } });

async function page(who: string, path: string): Promise<AuditEntry[]> {
  const res = await get(who, path);
  expect(res.status, path).toBe(200);
  return ((await res.json()) as { entries: AuditEntry[] }).entries;
}

describe('GET /api/usage', () => {
  it('shows an auditor their own unit only, and answers 404 for another', async () => {
    const entries = await page('auditor', '/api/usage');
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.unitId))).toEqual(new Set([h.unitA.id]));
    expect(entries.map((e) => e.actor)).not.toContain('hoa');
    expect((await get('auditor', `/api/usage?unit=${h.unitB.id}`)).status).toBe(404);
    expect((await get('analyst', '/api/usage')).status).toBe(403);
  });

  it('lets an administrator read any unit, and filters by user, action and period', async () => {
    expect((await page('admin', `/api/usage?unit=${h.unitB.id}`)).map((e) => e.actor)).toEqual([
      'hoa',
    ]);
    const lan = await page('auditor', '/api/usage?user=lan');
    expect(lan.map((e) => e.action)).toEqual(['analyticsSeries', 'exportMentions', 'listMentions']);
    expect((await page('auditor', '/api/usage?action=export*')).map((e) => e.actor)).toEqual([
      'lan/laptop',
    ]);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    expect(await page('auditor', `/api/usage?from=${later}`)).toEqual([]);
    const first = await get('auditor', '/api/usage?user=lan&limit=2');
    const body = (await first.json()) as { entries: AuditEntry[]; nextBefore: number };
    expect(body.entries).toHaveLength(2);
    const rest = await page('auditor', `/api/usage?user=lan&limit=2&before=${body.nextBefore}`);
    expect(rest.map((e) => e.action)).toEqual(['listMentions']);
  });

  it('logs every read of the log, with the unit read', async () => {
    await page('auditor', '/api/usage?user=minh');
    const [read] = await h.store.listAudit({ action: 'listUsage', limit: 1 });
    expect(read).toMatchObject({ actor: expect.stringContaining('kiem-toan'), unitId: h.unitA.id });
    expect(JSON.parse(read!.detail)).toMatchObject({ user: 'minh', unit: h.unitA.id });
  });
});

describe('GET /api/usage/flags', () => {
  it('flags a large export, queries outside the unit and use after hours', async () => {
    // Working hours that never come: everything is after hours.
    configurePrivacy(h.store, {
      settings: { ...DEFAULT_PRIVACY, workHours: { start: '00:00', end: '00:00' } },
      secret: null,
    });
    const res = await get('auditor', '/api/usage/flags');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      rules: { exportFactor: number; timeZone: string };
      flags: { kind: string; user: string; rows?: number; problem?: string; unitId: number }[];
    };
    expect(body.rules).toMatchObject({ exportFactor: 5, timeZone: 'Asia/Ho_Chi_Minh' });
    expect(body.flags.filter((f) => f.kind === 'export-volume')).toEqual([
      expect.objectContaining({ user: 'lan', rows: 50 }),
    ]);
    const outside = body.flags.filter((f) => f.kind === 'outside-scope');
    expect(outside.map((f) => [f.user, f.problem?.split(' ')[0]])).toEqual([
      ['lan', 'place'],
      ['minh', 'sector:health'],
    ]);
    const late = body.flags.filter((f) => f.kind === 'after-hours').map((f) => f.user);
    expect(late).toEqual(expect.arrayContaining(['lan', 'minh']));
    expect(late).not.toContain('hoa');
    expect(new Set(body.flags.map((f) => f.unitId))).toEqual(new Set([h.unitA.id]));
    const [read] = await h.store.listAudit({ action: 'listUsageFlags', limit: 1 });
    expect(read?.resultCount).toBe(body.flags.length);
  });

  it('refuses a period longer than 92 days', async () => {
    const res = await get('auditor', '/api/usage/flags?from=2025-01-01&to=2025-06-01');
    expect(res.status).toBe(400);
  });
});
