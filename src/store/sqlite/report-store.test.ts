import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportStoreFor } from '../../reports/report-store-for.js';
import type { ReportStore } from '../../reports/report-types.js';
import { mentionInput } from '../store.conformance.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

let dir: string;
let store: SqliteStore;
let reports: ReportStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-reports-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
  reports = reportStoreFor(store)!;
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('report store', () => {
  it('keeps policies with their windows and a null unit until units exist', () => {
    const policy = reports.createPolicy({
      name: 'Phí gửi xe',
      query: '"phí gửi xe"',
      promulgatedOn: '2025-09-01',
      sectors: ['traffic'],
      topicId: null,
    });
    expect(policy).toMatchObject({ daysBefore: 14, daysAfter: 14, unitId: null, places: [] });
    expect(reports.listPolicies().map((p) => p.name)).toEqual(['Phí gửi xe']);
    expect(reports.deletePolicy(policy.id)).toBe(true);
    expect(reports.getPolicy(policy.id)).toBeNull();
  });

  it('lists configurations due at a time and moves them on after a run', () => {
    const config = reports.createConfig(
      {
        name: 'Quận 1',
        kind: 'weekly',
        area: { level: 'ward', place: 'Sài Gòn' },
        recipients: ['a@x.vn'],
      },
      '2025-09-08T00:00:00.000Z',
    );
    expect(config.schedule).toEqual({ weekday: 1, time: '07:00', timeZone: 'Asia/Ho_Chi_Minh' });
    expect(reports.dueConfigs('2025-09-07T23:59:59.000Z')).toEqual([]);
    expect(reports.dueConfigs('2025-09-08T00:00:00.000Z').map((c) => c.id)).toEqual([config.id]);
    reports.recordRun(config.id, '2025-09-08T00:00:01.000Z', '2025-09-15T00:00:00.000Z', null);
    expect(reports.dueConfigs('2025-09-08T01:00:00.000Z')).toEqual([]);
    expect(reports.getConfig(config.id)?.lastRunAt).toBe('2025-09-08T00:00:01.000Z');
  });

  it('archives a report with its PDF and mailing record', () => {
    const saved = reports.archiveReport({
      configId: null,
      kind: 'weekly',
      title: 'Tuần 36',
      periodFrom: '2025-09-01T00:00:00.000Z',
      periodTo: '2025-09-08T00:00:00.000Z',
      generatedAt: '2025-09-08T00:00:00.000Z',
      body: { issues: [1, 2] },
      pdf: Buffer.from('%PDF-1.7'),
    });
    expect(saved.hasPdf).toBe(true);
    reports.recordMailing(saved.id, ['a@x.vn'], null);
    expect(reports.getReport(saved.id)).toMatchObject({
      body: { issues: [1, 2] },
      mailedTo: ['a@x.vn'],
    });
    expect(reports.getReportPdf(saved.id)?.toString()).toBe('%PDF-1.7');
    expect(reports.listReports({ kind: 'policy' })).toEqual([]);
  });

  it('counts the mentions each source first saw per hour', async () => {
    const { source } = await store.addSource({ kind: 'feed', url: 'https://a.example/feed' });
    await store.saveMentions(source.id, [mentionInput(), mentionInput()]);
    const now = new Date();
    const from = new Date(now.getTime() - 3_600_000).toISOString();
    const to = new Date(now.getTime() + 3_600_000).toISOString();
    const activity = reports.sourceActivity(from, to);
    expect(activity).toHaveLength(1);
    expect(activity[0]!.hours.reduce((s, h) => s + h.count, 0)).toBe(2);
  });
});
