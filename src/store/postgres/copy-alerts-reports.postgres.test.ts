// `nghe migrate` carries alert rules, alerts, deliveries, policies, report schedules and the
// report archive into PostgreSQL: interrupted and resumed, every row once, the counts checked,
// webhook secrets still sealed, and the stores read back what the SQLite file held.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { alertStoreOf } from '../../alerts/alert-store-for.js';
import { TEST_SEAL } from '../alert-store.conformance.js';
import { openReportStore } from '../sqlite/report-store.js';
import { openSqliteStore, type SqliteStore } from '../sqlite/sqlite-store.js';
import { postgresAlertStore } from './alert-store.js';
import { copySqliteToPostgres } from './copy-from-sqlite.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';
import { postgresReportStore } from './report-store.js';
import { createTestSchema, describePostgres, type TestSchema } from './test-database.js';

const AT = '2026-12-02T10:00:00.000Z';

describePostgres('copying alerts and reports into PostgreSQL', () => {
  let dir: string | undefined;
  let sqlite: SqliteStore | undefined;
  let schema: TestSchema | undefined;
  let pgStore: PostgresStore | undefined;
  afterEach(async () => {
    await pgStore?.close();
    await schema?.drop();
    await sqlite?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('copies them resumably, keeps secrets sealed and reads back the same', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-copy-alerts-'));
    sqlite = openSqliteStore(join(dir, 'nghe.db'));
    const alerts = alertStoreOf(sqlite.db, TEST_SEAL);
    const reports = openReportStore(sqlite.db);
    const topics = [
      await sqlite.createTopic({ name: 'flood', query: 'ngập' }),
      await sqlite.createTopic({ name: 'traffic', query: 'kẹt xe' }),
    ];
    for (let i = 0; i < 5; i++) {
      const rule = await alerts.createRule(
        topics[i % 2]!.id,
        {
          kind: i % 2 ? 'match' : 'volume_spike',
          query: i % 2 ? 'cống' : null,
          emails: [`a${i}@x.vn`],
          emailDigest: i === 2,
          webhookUrl: i === 1 ? 'https://hooks.example/in' : null,
          webhookSecret: i === 1 ? 'hook-secret' : null,
          enabled: i !== 3,
        },
        i * 10,
      );
      const alert = await alerts.recordAlert(
        {
          ruleId: rule.id,
          topicId: rule.topicId,
          windowKey: `w${i}`,
          title: `alert ${i}`,
          detail: {
            metric: 'volume',
            from: AT,
            to: AT,
            value: i,
            baseline: null,
            threshold: 1,
            method: 'm',
          },
          mentionIds: [i, i + 1],
        },
        AT,
        '2026-12-02',
        null,
        [{ channel: 'email', target: `a${i}@x.vn`, nextAttemptAt: AT }],
      );
      const [delivery] = await alerts.listDeliveries({ alertId: alert!.id });
      await alerts.recordAttempt(
        delivery!.id,
        { at: AT, ok: i % 2 === 0, message: 'x' },
        {
          status: i % 2 === 0 ? 'sent' : 'pending',
        },
      );
    }
    await alerts.markRead(AT, [1, 2]);
    const policy = await reports.createPolicy({
      name: 'Phí',
      query: 'phí',
      promulgatedOn: '2025-09-01',
      sectors: ['traffic'],
      topicId: topics[1]!.id,
    });
    const config = await reports.createConfig(
      { name: 'tuần', kind: 'weekly', area: { level: 'province', place: 'Huế' }, enabled: false },
      '2025-09-08T00:00:00.000Z',
    );
    await reports.createConfig(
      { name: 'phí', kind: 'policy', policyId: policy.id, recipients: ['b@x.vn'] },
      '2025-09-08T00:00:00.000Z',
    );
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]);
    const report = {
      kind: 'weekly' as const,
      title: 'Tuần 36',
      periodFrom: '2025-09-01T00:00:00.000Z',
      periodTo: '2025-09-08T00:00:00.000Z',
      generatedAt: AT,
      body: { issues: [{ title: 'ngập' }] },
    };
    await reports.archiveScheduled(
      { ...report, configId: config.id, pdf },
      '2025-09-08T00:00:00.000Z',
    );
    const plain = await reports.archiveReport({ ...report, configId: null, pdf: null });
    await reports.recordMailing(plain.id, ['c@x.vn'], 'refused');

    schema = await createTestSchema();
    pgStore = await openPostgresStore(schema.url);
    // Stopped after a few batches, then resumed.
    await copySqliteToPostgres(sqlite.db, pgStore.pool, { batchSize: 2, maxBatches: 6 });
    const counts = await copySqliteToPostgres(sqlite.db, pgStore.pool, { batchSize: 2 });
    for (const table of [
      'alert_rules',
      'alerts',
      'alert_deliveries',
      'policies',
      'report_configs',
      'reports',
    ]) {
      const row = counts.find((r) => r.table === table);
      expect(row, table).toBeDefined();
      expect(row!.target, table).toBe(row!.source);
      expect(row!.source, table).toBeGreaterThan(0);
    }

    const pgAlerts = postgresAlertStore(pgStore.pool, TEST_SEAL);
    expect(await pgAlerts.listRules()).toEqual(await alerts.listRules());
    expect(await pgAlerts.listAlerts({ limit: 100 })).toEqual(
      await alerts.listAlerts({ limit: 100 }),
    );
    expect(await pgAlerts.listDeliveries()).toEqual(await alerts.listDeliveries());
    expect(await pgAlerts.unreadCount()).toBe(await alerts.unreadCount());
    const { rows } = await pgStore.pool.query<{ webhook_secret: string }>(
      'SELECT webhook_secret FROM alert_rules WHERE webhook_secret IS NOT NULL',
    );
    expect(rows.map((r) => r.webhook_secret)).toEqual([TEST_SEAL.seal('hook-secret')]);

    const pgReports = postgresReportStore(pgStore.pool);
    expect(await pgReports.listPolicies()).toEqual(await reports.listPolicies());
    expect(await pgReports.listConfigs()).toEqual(await reports.listConfigs());
    expect(await pgReports.listReports()).toEqual(await reports.listReports());
    for (const summary of await reports.listReports()) {
      expect(await pgReports.getReport(summary.id)).toEqual(await reports.getReport(summary.id));
      expect(await pgReports.getReportPdf(summary.id)).toEqual(
        await reports.getReportPdf(summary.id),
      );
    }
    // The slot came along: the copied schedule's slot is taken.
    expect(
      await pgReports.archiveScheduled(
        { ...report, configId: config.id, pdf: null },
        '2025-09-08T00:00:00.000Z',
      ),
    ).toBeNull();
    // New rows continue after the copied ids.
    const next = await pgAlerts.createRule(topics[0]!.id, { kind: 'volume_spike' }, 0);
    expect(next.id).toBeGreaterThan(Math.max(...(await alerts.listRules()).map((r) => r.id)));
    const nextReport = await pgReports.archiveReport({ ...report, configId: null, pdf: null });
    expect(nextReport.id).toBeGreaterThan(plain.id);
  });
});
