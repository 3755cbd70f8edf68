// The week's most pressing issues of an area: stories and sector × place groups ranked by
// issue-score.ts, each with its daily trend, corrected sentiment share, main sources and three
// representative mentions (public sources first, persons never named), and the coverage
// statement of the week.
import { loadQuantifierParams } from '../../analysis/quantify/index.js';
import type { Mention } from '../../model.js';
import { loadGazetteer } from '../../places/index.js';
import type { SentimentEstimate } from '../../store/listening-store.js';
import { estimateSentiment } from '../../store/share-estimate.js';
import type { CoverageStatement } from '../coverage.js';
import { collectCoverage, type ReportDeps } from '../report-deps.js';
import type { IssueCandidate, IssueKey, IssueStore, ReportArea } from '../report-types.js';
import { pickRepresentative, type RepresentativeMention } from '../representative.js';
import { shownIssues } from '../small-groups.js';
import {
  addDays,
  isoWeekLabel,
  localDay,
  mondayOfIsoWeek,
  weekStart,
  zonedInstant,
} from '../zoned-time.js';
import { BASELINE_WEEKS, issueScore, SCORE_METHOD, type ScoreFactors } from './issue-score.js';
import { resolveArea, sectorNames } from './weekly-area.js';

export interface WeeklyIssue {
  rank: number;
  kind: 'story' | 'group';
  key: IssueKey;
  title: string;
  sector: { id: string; vi: string; en: string } | null;
  place: { province: string; ward: string; label: string } | null;
  factors: ScoreFactors;
  mentions: number;
  originals: number;
  sentiment: SentimentEstimate;
  trend: { day: string; authors: number }[];
  sources: { id: number; title: string; mentions: number }[];
  representative: RepresentativeMention[];
}

export interface WeeklyReport {
  kind: 'weekly';
  area: ReportArea & { label: string };
  week: string;
  /** Local days, Monday and Sunday. */
  firstDay: string;
  lastDay: string;
  from: string;
  to: string;
  baselineFrom: string;
  timeZone: string;
  generatedAt: string;
  issues: WeeklyIssue[];
  /** Candidates considered (at least k distinct authors). */
  candidates: number;
  /** Candidates withheld: from fewer than k persons (src/privacy's rule). */
  withheld: number;
  coverage: CoverageStatement;
  methods: string[];
  minDistinctAuthors: number;
}

export interface WeeklyDeps extends ReportDeps {
  issues: IssueStore;
  getMention(id: number): Promise<Mention | null>;
}

export interface WeeklyOptions {
  /** ISO week (2025-W36); default the last complete week before now. */
  week?: string;
  timeZone?: string;
  /** Issues in the report; default 10. */
  limit?: number;
}

/** Candidates re-scored with corrected shares: the best this many by the label score. */
const RESCORED = 30;

function placeLabel(province: string, ward: string): string {
  const g = loadGazetteer();
  const w = ward ? g.ward(ward) : undefined;
  const p = g.province(province);
  const provinceName = p ? `${p.type} ${p.name}` : province;
  return w ? `${w.type} ${w.name}, ${provinceName}` : provinceName;
}

export async function weeklyReport(
  deps: WeeklyDeps,
  area: ReportArea,
  options: WeeklyOptions = {},
): Promise<WeeklyReport> {
  const resolved = resolveArea(area);
  const timeZone = options.timeZone ?? 'Asia/Ho_Chi_Minh';
  const now = deps.now();
  let monday: string;
  if (options.week) {
    const m = mondayOfIsoWeek(options.week);
    if (!m) throw new RangeError(`not an ISO week (YYYY-Www): ${options.week}`);
    monday = m;
  } else {
    monday = addDays(weekStart(localDay(now, timeZone)), -7);
  }
  const from = zonedInstant(monday, '00:00', timeZone).toISOString();
  const to = zonedInstant(addDays(monday, 7), '00:00', timeZone).toISOString();
  const baselineFrom = zonedInstant(
    addDays(monday, -7 * BASELINE_WEEKS),
    '00:00',
    timeZone,
  ).toISOString();
  const offsetMinutes = Math.round((Date.parse(`${monday}T00:00:00Z`) - Date.parse(from)) / 60_000);
  const window = { from, to, baselineFrom, offsetMinutes };
  const params = deps.params ?? loadQuantifierParams();
  const rule = deps.smallGroups;
  const k = rule.minGroupSize;

  // k distinct authors make an issue worth ranking; whether it may be shown is the rule of
  // every figure: fewer than k persons withhold it, outlets alone do not.
  const found = await deps.issues.issueCandidates(resolved.scope, window, k);
  const { shown: candidates, withheld } = shownIssues(rule, found, (c) => c.persons);
  const labelScore = (c: IssueCandidate) => issueScore({ ...c, correctedNegative: null }).score;
  const shortlist = [...candidates]
    .sort((a, b) => labelScore(b) - labelScore(a))
    .slice(0, RESCORED);
  const sectors = sectorNames();
  const details = await deps.issues.issueDetails(
    resolved.scope,
    window,
    shortlist.map((c) => c.key),
  );
  const scored = shortlist.map((c, i) => {
    const detail = details[i]!;
    const sentiment = estimateSentiment(detail.statistics, params);
    const factors = issueScore({ ...c, correctedNegative: sentiment.shares?.negative ?? null });
    return { c, detail, sentiment, factors };
  });
  scored.sort((a, b) => b.factors.score - a.factors.score);
  const top = scored.slice(0, options.limit ?? 10);
  const issues: WeeklyIssue[] = [];
  for (const [i, { c, detail, sentiment, factors }] of top.entries()) {
    const mentions = (await Promise.all(detail.mentionIds.map((id) => deps.getMention(id)))).filter(
      (m): m is Mention => m !== null,
    );
    const sector =
      c.key.kind === 'group' ? { id: c.key.sector, ...sectors.get(c.key.sector)! } : null;
    const place =
      c.key.kind === 'group'
        ? {
            province: c.key.province,
            ward: c.key.ward,
            label: placeLabel(c.key.province, c.key.ward),
          }
        : null;
    const title =
      c.key.kind === 'story'
        ? (detail.title ?? c.title ?? `#${c.key.storyId}`).replace(/\s+/g, ' ').trim()
        : `${sector?.vi ?? c.key.sector} · ${place!.label}`;
    const byDay = new Map(detail.dailyAuthors.map((d) => [d.day, d.authors]));
    issues.push({
      rank: i + 1,
      kind: c.key.kind,
      key: c.key,
      title,
      sector,
      place,
      factors,
      mentions: c.mentions,
      originals: c.originals,
      sentiment,
      trend: Array.from({ length: 7 }, (_, d) => {
        const day = addDays(monday, d);
        return { day, authors: byDay.get(day) ?? 0 };
      }),
      sources: detail.sources,
      representative: pickRepresentative(mentions, 3),
    });
  }
  const coverage = await collectCoverage(deps, from, to);
  return {
    kind: 'weekly',
    area: { ...area, label: resolved.label },
    week: isoWeekLabel(monday),
    firstDay: monday,
    lastDay: addDays(monday, 6),
    from,
    to,
    baselineFrom,
    timeZone,
    generatedAt: now.toISOString(),
    issues,
    candidates: candidates.length,
    withheld,
    coverage,
    methods: [
      `Week: Monday to Sunday in ${timeZone}; baseline: the ${BASELINE_WEEKS} weeks before it.`,
      'Issues: stories (texts about the same event, near-duplicate copies linked to their first publisher) and sector × place groups (each ward named, else the province); counts are of distinct authors and of original texts, not reprints.',
      SCORE_METHOD,
      `Sentiment shares are estimates corrected for the classifier's measured errors, with ${Math.round(params.level * 100)} % intervals.`,
      'Representative mentions: public sources (outlets, pages, channels) first, then the most engaged; a person is never named and their post is shown without its address.',
      `Issues from fewer than ${k} distinct authors are not ranked; issues from fewer than ${k} distinct persons are withheld (outlets, pages and channels alone are shown).`,
    ],
    minDistinctAuthors: k,
  };
}
