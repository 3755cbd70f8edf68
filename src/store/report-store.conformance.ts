// The report store's cases, run against both back-ends (report-store.test.ts beside the SQLite
// store, postgres/report-store.postgres.test.ts beside the PostgreSQL one): policies,
// schedules, the archive with one report per schedule slot, collection activity and a
// topic's distinct authors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportStore } from '../reports/report-types.js';
import type { ListeningStore } from './listening-store.js';
import { mentionInput } from './store.conformance.js';
import type { Store } from './store.js';

export interface ReportStoreFixture {
  store: Store & ListeningStore;
  reports: ReportStore;
  /** The same reports through another connection, as another process would open them. */
  another(): Promise<ReportStore>;
  close(): Promise<void>;
}

const report = (title: string) => ({
  configId: null,
  kind: 'weekly' as const,
  title,
  periodFrom: '2025-09-01T00:00:00.000Z',
  periodTo: '2025-09-08T00:00:00.000Z',
  generatedAt: '2025-09-08T00:00:00.000Z',
  body: { issues: [1, 2], title },
  pdf: Buffer.from('%PDF-1.7'),
});

export function reportStoreConformance(open: () => Promise<ReportStoreFixture>): void {
  describe('report store conformance', () => {
    let f: ReportStoreFixture;
    beforeEach(async () => {
      f = await open();
    });
    afterEach(async () => {
      await f.close();
    });

    it('keeps policies with their windows and a null unit until units exist', async () => {
      const policy = await f.reports.createPolicy({
        name: 'Phí gửi xe',
        query: '"phí gửi xe"',
        promulgatedOn: '2025-09-01',
        sectors: ['traffic'],
        topicId: null,
      });
      expect(policy).toMatchObject({
        daysBefore: 14,
        daysAfter: 14,
        unitId: null,
        places: [],
        sectors: ['traffic'],
      });
      expect((await f.reports.listPolicies()).map((p) => p.name)).toEqual(['Phí gửi xe']);
      expect(await f.reports.getPolicy(policy.id)).toEqual(policy);
      expect(await f.reports.deletePolicy(policy.id)).toBe(true);
      expect(await f.reports.deletePolicy(policy.id)).toBe(false);
      expect(await f.reports.getPolicy(policy.id)).toBeNull();
    });

    it('keeps a policy when its topic goes, without the topic', async () => {
      const topic = await f.store.createTopic({ name: 'phí', query: 'phí' });
      const policy = await f.reports.createPolicy({
        name: 'Phí',
        query: 'phí',
        promulgatedOn: '2025-09-01',
        topicId: topic.id,
      });
      await f.store.deleteTopic(topic.id);
      expect((await f.reports.getPolicy(policy.id))?.topicId).toBeNull();
    });

    it('lists configurations due at a time and moves them on after a run', async () => {
      const config = await f.reports.createConfig(
        {
          name: 'Quận 1',
          kind: 'weekly',
          area: { level: 'ward', place: 'Sài Gòn' },
          recipients: ['a@x.vn'],
        },
        '2025-09-08T00:00:00.000Z',
      );
      expect(config.schedule).toEqual({
        weekday: 1,
        time: '07:00',
        timeZone: 'Asia/Ho_Chi_Minh',
      });
      expect(config.area).toEqual({ level: 'ward', place: 'Sài Gòn' });
      expect(await f.reports.listConfigs()).toEqual([config]);
      expect(await f.reports.dueConfigs('2025-09-07T23:59:59.000Z')).toEqual([]);
      expect((await f.reports.dueConfigs('2025-09-08T00:00:00.000Z')).map((c) => c.id)).toEqual([
        config.id,
      ]);
      await f.reports.recordRun(
        config.id,
        '2025-09-08T00:00:01.000Z',
        '2025-09-15T00:00:00.000Z',
        null,
      );
      expect(await f.reports.dueConfigs('2025-09-08T01:00:00.000Z')).toEqual([]);
      expect(await f.reports.getConfig(config.id)).toMatchObject({
        lastRunAt: '2025-09-08T00:00:01.000Z',
        nextRunAt: '2025-09-15T00:00:00.000Z',
        lastError: null,
      });
      const paused = await f.reports.createConfig(
        { name: 'off', kind: 'weekly', area: { level: 'sectors' }, enabled: false },
        '2025-09-08T00:00:00.000Z',
      );
      expect(paused.enabled).toBe(false);
      expect((await f.reports.dueConfigs('2025-09-30T00:00:00.000Z')).map((c) => c.id)).toEqual([
        config.id,
      ]);
      expect(await f.reports.deleteConfig(paused.id)).toBe(true);
      expect(await f.reports.getConfig(paused.id)).toBeNull();
    });

    it('moves a slot on once: a run of a slot already moved past records nothing', async () => {
      const config = await f.reports.createConfig(
        { name: 'Huế', kind: 'weekly', area: { level: 'province', place: 'Huế' } },
        '2025-09-08T00:00:00.000Z',
      );
      const other = await f.another();
      const moved = await Promise.all(
        [f.reports, other].map((reports, i) =>
          reports.recordRun(
            config.id,
            `2025-09-08T00:00:0${i}.000Z`,
            '2025-09-15T00:00:00.000Z',
            null,
            '2025-09-08T00:00:00.000Z',
          ),
        ),
      );
      expect(moved.filter(Boolean)).toHaveLength(1);
      expect((await f.reports.getConfig(config.id))?.nextRunAt).toBe('2025-09-15T00:00:00.000Z');
    });

    it('archives a report with its PDF and mailing record', async () => {
      const saved = await f.reports.archiveReport(report('Tuần 36'));
      expect(saved).toMatchObject({ hasPdf: true, mailedTo: [], mailError: null, kind: 'weekly' });
      await f.reports.recordMailing(saved.id, ['a@x.vn'], null);
      expect(await f.reports.getReport(saved.id)).toMatchObject({
        body: { issues: [1, 2], title: 'Tuần 36' },
        mailedTo: ['a@x.vn'],
      });
      expect((await f.reports.getReportPdf(saved.id))?.toString()).toBe('%PDF-1.7');
      expect(await f.reports.listReports({ kind: 'policy' })).toEqual([]);
      const noPdf = await f.reports.archiveReport({ ...report('Tuần 37'), pdf: null });
      expect(noPdf.hasPdf).toBe(false);
      expect(await f.reports.getReportPdf(noPdf.id)).toBeNull();
      expect((await f.reports.listReports()).map((r) => r.id)).toEqual([noPdf.id, saved.id]);
      expect((await f.reports.listReports({ limit: 1 })).map((r) => r.id)).toEqual([noPdf.id]);
      expect(await f.reports.getReport(noPdf.id + 100)).toBeNull();
    });

    it('archives one report per schedule slot, whoever archives it', async () => {
      const config = await f.reports.createConfig(
        { name: 'Đà Nẵng', kind: 'weekly', area: { level: 'province', place: 'Đà Nẵng' } },
        '2025-09-08T00:00:00.000Z',
      );
      const slot = '2025-09-08T00:00:00.000Z';
      expect(await f.reports.scheduledReport(config.id, slot)).toBeNull();
      const other = await f.another();
      const archived = await Promise.all(
        [f.reports, other, f.reports].map((reports, i) =>
          reports.archiveScheduled({ ...report(`copy ${i}`), configId: config.id }, slot),
        ),
      );
      const kept = archived.filter((a) => a !== null);
      expect(kept).toHaveLength(1);
      expect(await f.reports.scheduledReport(config.id, slot)).toEqual(kept[0]);
      expect(await f.reports.listReports({ configId: config.id })).toEqual(kept);
      // The next slot is another report.
      const next = await f.reports.archiveScheduled(
        { ...report('next'), configId: config.id },
        '2025-09-15T00:00:00.000Z',
      );
      expect(next).not.toBeNull();
      expect(await f.reports.listReports({ configId: config.id })).toHaveLength(2);
    });

    it('counts the mentions each source first saw per hour', async () => {
      const { source } = await f.store.addSource({ kind: 'feed', url: 'https://a.example/feed' });
      await f.store.saveMentions(source.id, [mentionInput(), mentionInput()]);
      const now = new Date();
      const from = new Date(now.getTime() - 3_600_000).toISOString();
      const to = new Date(now.getTime() + 3_600_000).toISOString();
      const activity = await f.reports.sourceActivity(from, to);
      expect(activity).toHaveLength(1);
      expect(activity[0]!.sourceId).toBe(source.id);
      expect(activity[0]!.hours.reduce((s, h) => s + h.count, 0)).toBe(2);
      expect(activity[0]!.hours[0]!.hour).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
      expect(await f.reports.sourceActivity(to, to)).toEqual([]);
    });

    it("counts a topic's distinct authors in a window and per local day", async () => {
      const topic = await f.store.createTopic({ name: 'ngập', query: 'ngập' });
      const at = (iso: string, author: string | null) =>
        mentionInput({
          text: 'ngập',
          publishedAt: iso,
          author: author === null ? null : { key: author, displayName: null, kind: 'person' },
        });
      const saved = await f.store.saveMentions(null, [
        // 2025-09-01 local (UTC+7): 23:30 UTC on 08-31 is 06:30 on 09-01.
        at('2025-08-31T23:30:00.000Z', 'a'),
        at('2025-09-01T02:00:00.000Z', 'a'),
        at('2025-09-01T03:00:00.000Z', 'b'),
        // 2025-09-02 local: 17:30 UTC on 09-01.
        at('2025-09-01T17:30:00.000Z', 'c'),
        at('2025-09-01T18:00:00.000Z', null),
        at('2025-09-01T18:30:00.000Z', null),
        at('2025-09-03T00:00:00.000Z', 'd'),
      ]);
      await f.store.tagMentions(topic.id, saved.ids);
      const from = '2025-08-31T17:00:00.000Z';
      const to = '2025-09-02T17:00:00.000Z';
      // a, b, c and each authorless mention on its own.
      expect(await f.reports.topicAuthors(topic.id, from, to)).toBe(5);
      expect(await f.reports.topicAuthors(topic.id, to, '2025-09-10T00:00:00.000Z')).toBe(1);
      const byDay = await f.reports.topicAuthorsByDay(topic.id, from, to, 7 * 60);
      expect(Object.fromEntries(byDay)).toEqual({ '2025-09-01': 2, '2025-09-02': 3 });
    });
  });
}
