// Reports end to end on loopback: a seeded week in a province, the scheduler fired by an
// injected clock at Monday 07:00 Asia/Ho_Chi_Minh, the weekly PDF produced and archived, and a
// local SMTP server receiving the mail with the PDF attached.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionPlace } from '../model.js';
import { seededRandom } from '../seeded-random.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { reportDepsFor } from './report-jobs.js';
import { smtpReportMailer } from './report-mailer.js';
import { ReportScheduler } from './report-scheduler.js';
import { hasPdftotext, pdfText } from './test-support/pdf-text.js';
import { syntheticDayMentions } from './test-support/seed-mentions.js';
import type { WeeklyReport } from './weekly/weekly-report.js';
import { addDays, nextWeeklyRun, zonedInstant } from './zoned-time.js';

const TZ = 'Asia/Ho_Chi_Minh';
const WEEK_MONDAY = '2025-09-01';
const ward = (code: string): MentionPlace => ({
  province: '79',
  ward: code,
  level: 'ward',
  code,
  confidence: 0.9,
});

let dir: string;
let store: SqliteStore;
let smtp: SMTPServer;
let smtpUrl: string;
let mails: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-reports-e2e-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
  mails = [];
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const FLOOD_WORDS = [
  'ngập',
  'nước',
  'cống',
  'mưa',
  'triều',
  'xe chết máy',
  'đường',
  'hẻm',
  'nhà',
  'sáng nay',
];
const TRAFFIC_WORDS = [
  'kẹt xe',
  'giao lộ',
  'đèn đỏ',
  'xe buýt',
  'giờ cao điểm',
  'xe máy',
  'cầu',
  'làn',
  'trạm',
  'chiều nay',
];

function words(list: string[], i: number, day: number): string {
  const r = seededRandom(i * 31 + day * 977);
  return Array.from({ length: 12 }, () => list[Math.floor(r() * list.length)]).join(' ');
}

/** Flooding in Phú Lợi jumps this week and is mostly negative; traffic in Thủ Dầu Một is steady. */
async function seedWeeks(): Promise<void> {
  const random = seededRandom(12);
  const { source } = await store.addSource({
    kind: 'facebook',
    url: 'https://www.facebook.com/tphcm',
  });
  for (let d = -28; d < 7; d++) {
    const day = addDays(WEEK_MONDAY, d);
    const start = zonedInstant(day, '06:00', TZ).toISOString();
    const current = d >= 0;
    const batches = [
      syntheticDayMentions(
        {
          start,
          posts: current ? 12 : 1,
          negative: current ? 0.75 : 0.3,
          positive: 0.1,
          places: [ward('25750')],
          sectors: ['flooding'],
          tag: `flood-${day}`,
          text: (i) => `Phường Phú Lợi ${words(FLOOD_WORDS, i, d)} lần ${i} ngày ${day}`,
        },
        random,
      ),
      syntheticDayMentions(
        {
          start,
          posts: 8,
          negative: 0.3,
          positive: 0.3,
          places: [ward('25747')],
          sectors: ['traffic'],
          tag: `traffic-${day}`,
          text: (i) => `Thủ Dầu Một ${words(TRAFFIC_WORDS, i, d)} lượt ${i} ngày ${day}`,
        },
        random,
      ),
    ];
    for (const batch of batches) await store.saveMentions(source.id, batch);
  }
}

describe('weekly report end to end', () => {
  it('fires on Monday 07:00, ranks the flooding above the steady traffic, archives the PDF and mails it', async () => {
    await seedWeeks();
    // Sunday evening before the run, in Ho Chi Minh City.
    let clock = new Date('2025-09-07T12:00:00Z');
    const deps = reportDepsFor(store, () => clock)!;
    // The synthetic posts carry made-up probabilities: estimated by plain averaging.
    deps.params = { level: 0.9, minPosts: 30, maxIntervalWidth: 0.5, groups: {} };
    const config = await deps.reports.createConfig(
      {
        name: 'TP.HCM hằng tuần',
        kind: 'weekly',
        area: { level: 'province', place: 'TP.HCM' },
        recipients: ['ubnd@hcm.example', 'so-xay-dung@hcm.example'],
      },
      nextWeeklyRun(clock, { weekday: 1, time: '07:00', timeZone: TZ }).toISOString(),
    );
    expect(config.nextRunAt).toBe('2025-09-08T00:00:00.000Z');
    const scheduler = new ReportScheduler(
      deps,
      smtpReportMailer(smtpUrl, 'nghe <reports@nghe.test>'),
    );

    expect(await scheduler.runDue()).toEqual([]);
    clock = new Date('2025-09-08T00:00:30Z');
    const runs = await scheduler.runDue();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.error).toBeNull();
    const archived = runs[0]!.report!;
    expect(archived.hasPdf).toBe(true);
    expect(archived.mailedTo).toEqual([]);
    expect((await deps.reports.getConfig(config.id))?.nextRunAt).toBe('2025-09-15T00:00:00.000Z');
    // Not due again the same week.
    expect(await scheduler.runDue()).toEqual([]);

    const report = (await deps.reports.getReport(archived.id))!.body as WeeklyReport;
    expect(report.week).toBe('2025-W36');
    expect(report.issues.length).toBeGreaterThan(0);
    const flood = report.issues.findIndex((i) => i.kind === 'group' && i.sector?.id === 'flooding');
    const traffic = report.issues.findIndex(
      (i) => i.kind === 'group' && i.sector?.id === 'traffic',
    );
    expect(flood).toBeGreaterThanOrEqual(0);
    expect(traffic).toBeGreaterThan(flood);
    const floodIssue = report.issues[flood]!;
    // 12 authors a day for 7 days; random texts over a small vocabulary may make one a
    // near-duplicate of another, and a copy's author does not count.
    expect(floodIssue.factors.authors).toBeGreaterThanOrEqual(80);
    expect(floodIssue.factors.authors).toBeLessThanOrEqual(84);
    expect(floodIssue.factors.growth).toBeGreaterThan(5);
    expect(floodIssue.place?.label).toContain('Phú Lợi');
    expect(floodIssue.trend).toHaveLength(7);
    expect(floodIssue.trend.every((d) => d.authors >= 10 && d.authors <= 12)).toBe(true);
    expect(floodIssue.representative).toHaveLength(3);
    expect(floodIssue.representative.every((m) => m.author === null && m.url === null)).toBe(true);
    expect(report.coverage.platforms.map((p) => p.platform)).toEqual(['facebook']);

    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail).toMatch(/To: ubnd@hcm\.example, so-xay-dung@hcm\.example/);
    expect(mail).toMatch(/Content-Type: application\/pdf; name=nghe-2025-W36\.pdf/);
    expect((await deps.reports.getReport(archived.id))!.mailedTo).toHaveLength(2);

    const pdf = (await deps.reports.getReportPdf(archived.id))!;
    if (process.env.NGHE_KEEP_PDF) writeFileSync(process.env.NGHE_KEEP_PDF, pdf);
    if (!hasPdftotext()) {
      console.warn('pdftotext is not installed: the PDF text check is skipped');
      return;
    }
    const text = pdfText(pdf)!.replace(/\s+/g, ' ');
    expect(text).toContain(report.issues[0]!.title);
    expect(text).toContain('Các vấn đề nổi bật trong tuần');
  });
});
