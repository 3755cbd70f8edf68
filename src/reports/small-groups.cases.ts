// Reports withhold small groups by the rule of the analytics routes: persons are counted,
// outlets alone are shown. A week's issue written by persons and outlets is withheld in the
// weekly report exactly when the topic's figures over the same mentions are withheld. Run on
// SQLite (small-groups.test.ts) and PostgreSQL (small-groups.postgres.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../http/server.js';
import type { MentionInput } from '../model.js';
import { smallGroupRuleFor } from '../privacy/small-group-rule-for.js';
import type { OpenedStore } from '../store/open-store.js';
import { mentionInput } from '../store/store.conformance.js';
import { assessPolicy } from './policy/assess-policy.js';
import { reportDepsFor } from './report-jobs.js';
import { weeklyReport } from './weekly/weekly-report.js';

export const REPORT_K_TOKEN = 'nghe_report-small-groups-token-0123456789abcdef';

/** A store with REPORT_K_TOKEN as an administrator's token; `close` removes everything. */
export interface ReportKStore {
  store: OpenedStore;
  close(): Promise<void>;
}
// The ISO week 2025-W36 in Asia/Ho_Chi_Minh.
const FROM = '2025-08-31T17:00:00.000Z';
const TO = '2025-09-07T17:00:00.000Z';
const WORDS = ['cống', 'triều', 'hẻm', 'xe', 'mưa', 'nhà', 'đường', 'chợ', 'trường', 'cầu', 'bến'];

/** One mention per author, each its own text, about flooding in ward 26740 of province 79. */
function inputs(persons: number, outlets: number): MentionInput[] {
  const authors = [
    ...Array.from({ length: persons }, (_, i) => ({ kind: 'person' as const, key: `p${i}` })),
    ...Array.from({ length: outlets }, (_, i) => ({ kind: 'outlet' as const, key: `o${i}` })),
  ];
  return authors.map((author, i) =>
    mentionInput({
      platform: author.kind === 'person' ? 'facebook' : 'web',
      author: {
        key: author.key,
        displayName: author.kind === 'person' ? null : `Báo ${i}`,
        kind: author.kind,
      },
      publishedAt: new Date(Date.parse('2025-09-02T01:00:00Z') + i * 3_600_000).toISOString(),
      text: `Ngập ${WORDS[i % WORDS.length]} số ${i} ở phường: ${'nước lên '.repeat(i + 1)}`,
      analysis: {
        lang: 'vi',
        sentiment: 'negative',
        sentimentConfidence: 0.9,
        keywords: ['ngập'],
        places: [{ province: '79', ward: '26740', level: 'ward', code: '26740', confidence: 0.9 }],
        sectors: [{ sector: 'flooding', confidence: 0.8 }],
      },
    }),
  );
}

export function reportSmallGroupCases(open: () => Promise<ReportKStore>): void {
  let opened: ReportKStore | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  async function world(persons: number, outlets: number) {
    opened = await open();
    const store = opened.store;
    const { ids } = await store.saveMentions(null, inputs(persons, outlets));
    const topic = await store.createTopic({ name: 'Ngập', query: 'ngập' });
    await store.tagMentions(topic.id, ids);
    const app = createHttpApp({ store, version: 'test', log: () => {} });
    /** The topic page's figures over the week (or a span): its volume, and its sentiment counts. */
    const topicPage = async (from = FROM, to = TO) => {
      const params = new URLSearchParams({ topic: String(topic.id), from, to });
      const res = await app.request(`/api/analytics/sentiment?${params}`, {
        headers: { Authorization: `Bearer ${REPORT_K_TOKEN}` },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { total: number | null; suppressed: boolean };
    };
    const deps = reportDepsFor(store, () => new Date('2025-09-08T00:00:00Z'))!;
    deps.params = { level: 0.9, minPosts: 30, maxIntervalWidth: 0.5, groups: {} };
    return { store, topicId: topic.id, topicPage, deps };
  }

  describe.each([
    [3, 8, 'withheld'],
    [10, 1, 'shown'],
    [0, 11, 'shown'],
    [9, 0, 'withheld'],
  ] as const)('an issue of %i persons and %i outlets (k = 10)', (persons, outlets, expected) => {
    it(`is ${expected} in the weekly report as on the topic page`, async () => {
      const w = await world(persons, outlets);
      expect(smallGroupRuleFor(w.store).minGroupSize).toBe(10);
      const page = await w.topicPage();
      const pageWithholds = page.total === null || page.suppressed === true;
      expect(pageWithholds).toBe(expected === 'withheld');

      const report = await weeklyReport(
        w.deps,
        { level: 'province', place: 'TP.HCM' },
        { week: '2025-W36' },
      );
      const issue = report.issues.find(
        (i) => i.kind === 'group' && i.sector?.id === 'flooding' && i.place?.ward === '26740',
      );
      // Ranked at all only with k distinct authors; shown only by the persons rule.
      if (persons + outlets >= 10) {
        expect(issue !== undefined).toBe(!pageWithholds);
        expect(report.withheld > 0).toBe(pageWithholds);
      } else {
        expect(issue).toBeUndefined();
      }
    });
  });

  describe('policy windows', () => {
    /** The world of `persons` and `outlets` and the assessment of a policy over its topic. */
    const assessedWindow = async (persons: number, outlets: number) => {
      const w = await world(persons, outlets);
      const policy = await w.deps.reports.createPolicy({
        name: 'Chống ngập',
        query: 'ngập',
        promulgatedOn: '2025-09-02',
        topicId: w.topicId,
        daysBefore: 3,
        daysAfter: 3,
      });
      return { w, assessment: await assessPolicy(w.deps, policy) };
    };

    /** The day all the mentions were written, 2025-09-02 in Asia/Ho_Chi_Minh. */
    const DAY = {
      day: '2025-09-02',
      from: '2025-09-01T17:00:00.000Z',
      to: '2025-09-02T17:00:00.000Z',
    };

    it('withhold the sentiment of a window from 3 persons and 8 outlets, as the topic page does', async () => {
      const { w, assessment } = await assessedWindow(3, 8);
      expect(assessment.after.mentions).toBe(11);
      expect(assessment.after.suppressed).toBe(true);
      expect(assessment.after.sentiment).toBeNull();
      const page = await w.topicPage();
      expect(page.total === null || page.suppressed).toBe(true);
    });

    it('withhold the count of a day from 3 persons and 8 outlets, as the topic page does for that day', async () => {
      const { w, assessment } = await assessedWindow(3, 8);
      const page = await w.topicPage(DAY.from, DAY.to);
      expect(page.total === null || page.suppressed).toBe(true);
      const day = assessment.trajectory.find((d) => d.day === DAY.day);
      expect(day).toMatchObject({
        withheld: true,
        mentions: null,
        distinctAuthors: null,
        negative: null,
        positive: null,
      });
      // Days without mentions withhold nothing; no day shows the withheld one's count.
      for (const other of assessment.trajectory.filter((d) => d.day !== DAY.day)) {
        expect(other).toMatchObject({ withheld: false, mentions: 0 });
      }
    });

    it('show a window written by outlets alone', async () => {
      const { w, assessment } = await assessedWindow(0, 11);
      expect(assessment.after.mentions).toBe(11);
      expect(assessment.after.suppressed).toBe(false);
      const page = await w.topicPage(DAY.from, DAY.to);
      expect(page.total).toBe(11);
      expect(assessment.trajectory.find((d) => d.day === DAY.day)).toMatchObject({
        withheld: false,
        mentions: 11,
        distinctAuthors: 11,
      });
    });
  });
}
