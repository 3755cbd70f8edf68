// How a policy was received: the windows before and after its promulgation compared on volume
// and on the corrected sentiment shares (with 90 % intervals), a significance test of each
// change, the day-by-day trajectory, the arguments on the negative and the positive side
// (trending terms and representative mentions) and the coverage statement. Re-run as data
// keeps arriving: a running after-window is cut at the present and says how far it has got.
import { loadQuantifierParams } from '../../analysis/quantify/index.js';
import { type TermCount, type TrendingTermScore, trendingTerms } from '../../analysis/trends.js';
import type { Sentiment } from '../../model.js';
import type { SentimentEstimate } from '../../store/listening-store.js';
import { estimateSentiment } from '../../store/share-estimate.js';
import type { CoverageStatement } from '../coverage.js';
import { collectCoverage, type ReportDeps } from '../report-deps.js';
import type { Policy } from '../report-types.js';
import { pickRepresentative, type RepresentativeMention } from '../representative.js';
import { isWithheld } from '../small-groups.js';
import { type ShareChange, testShareChange } from '../stats/share-change.js';
import { testVolumeChange, type VolumeChange } from '../stats/volume-change.js';
import { addDays } from '../zoned-time.js';
import { type PolicyWindow, policyWindows } from './policy-windows.js';

export interface WindowFigures extends PolicyWindow {
  mentions: number;
  distinctAuthors: number;
  /** Null when suppressed (from fewer than k distinct persons, src/privacy's rule). */
  sentiment: SentimentEstimate | null;
  suppressed: boolean;
}

export interface TrajectoryDay {
  day: string;
  /** ISO 8601 UTC of the local day's start. */
  t: string;
  side: 'before' | 'after';
  /**
   * Whether the day's figures are withheld (from fewer than k distinct persons, src/privacy's
   * rule, as the topic page withholds that day): its counts and shares are null then.
   */
  withheld: boolean;
  mentions: number | null;
  distinctAuthors: number | null;
  /** Corrected negative and positive shares with their intervals; null when suppressed or too few. */
  negative: number | null;
  negativeInterval: [number, number] | null;
  positive: number | null;
  positiveInterval: [number, number] | null;
}

export interface ArgumentSide {
  sentiment: Sentiment;
  /** Terms of this side's mentions after promulgation, trending against this side before. */
  terms: TrendingTermScore[];
  mentions: RepresentativeMention[];
}

export interface PolicyAssessment {
  kind: 'policy';
  policy: Pick<
    Policy,
    'id' | 'name' | 'query' | 'promulgatedOn' | 'places' | 'sectors' | 'unitId' | 'topicId'
  >;
  generatedAt: string;
  timeZone: string;
  before: WindowFigures;
  after: WindowFigures;
  /** Daily volume, complete days only. */
  volume: VolumeChange;
  negativeShare: ShareChange;
  trajectory: TrajectoryDay[];
  against: ArgumentSide;
  support: ArgumentSide;
  coverage: CoverageStatement;
  /** How every figure was computed, in words, for the reader. */
  methods: string[];
  minDistinctAuthors: number;
}

export interface AssessOptions {
  timeZone?: string;
  /** Significance level of both tests; default 0.05. */
  alpha?: number;
}

const TERM_CANDIDATES = 300;

async function side(
  deps: ReportDeps,
  topicId: number,
  sentiment: Sentiment,
  before: PolicyWindow,
  after: PolicyWindow,
): Promise<ArgumentSide> {
  const [now, then, page] = await Promise.all([
    deps.figures.topTerms(
      { topicId, from: after.from, to: after.to, sentiments: [sentiment] },
      TERM_CANDIDATES,
    ),
    deps.figures.topTerms(
      { topicId, from: before.from, to: before.to, sentiments: [sentiment] },
      TERM_CANDIDATES * 2,
    ),
    deps.figures.listMentions({
      topicId,
      from: after.from,
      to: after.to,
      sentiments: [sentiment],
      limit: 200,
    }),
  ]);
  return {
    sentiment,
    terms: trendingTerms(now as TermCount[], then as TermCount[], {
      currentSpan: Math.max(1, after.completeDays),
      baselineSpan: Math.max(1, before.days),
      limit: 10,
    }),
    mentions: pickRepresentative(page.mentions, 3),
  };
}

export async function assessPolicy(
  deps: ReportDeps,
  policy: Policy,
  options: AssessOptions = {},
): Promise<PolicyAssessment> {
  if (policy.topicId === null) {
    throw new Error(`policy #${policy.id} has no standing query: add it again`);
  }
  const topicId = policy.topicId;
  const timeZone = options.timeZone ?? 'Asia/Ho_Chi_Minh';
  const alpha = options.alpha ?? 0.05;
  const params = deps.params ?? loadQuantifierParams();
  const now = deps.now();
  const w = policyWindows(policy.promulgatedOn, policy.daysBefore, policy.daysAfter, timeZone, now);
  const span = { from: w.before.from, to: w.after.to };
  const [series, shareDays, statsBefore, statsAfter, coverage] = await Promise.all([
    deps.figures.series({ topicId, ...span, interval: 'day', timeZone }),
    deps.figures.shareSeries({ topicId, ...span, interval: 'day', timeZone }),
    deps.figures.shareStatistics({ topicId, from: w.before.from, to: w.before.to }),
    deps.figures.shareStatistics({ topicId, from: w.after.from, to: w.after.to }),
    collectCoverage(deps, span.from, span.to, topicId),
  ]);
  const rule = deps.smallGroups;
  const authorsByDay = await deps.reports.topicAuthorsByDay(
    topicId,
    span.from,
    span.to,
    w.offsetMinutes,
  );
  const windowFigures = async (
    win: PolicyWindow,
    stats: typeof statsBefore,
  ): Promise<WindowFigures> => {
    const distinctAuthors = await deps.reports.topicAuthors(topicId, win.from, win.to);
    const mentions = series
      .filter((p) => p.t >= win.from && p.t < win.to)
      .reduce((s, p) => s + p.total, 0);
    const suppressed = await isWithheld(rule, { topicId, from: win.from, to: win.to }, mentions);
    return {
      ...win,
      mentions,
      distinctAuthors,
      sentiment: suppressed ? null : estimateSentiment(stats, params),
      suppressed,
    };
  };
  const [before, after] = await Promise.all([
    windowFigures(w.before, statsBefore),
    windowFigures(w.after, statsAfter),
  ]);

  // A day's shares are withheld by the same rule, over the day's own mentions.
  const dayWithheld = await Promise.all(
    series.map((point, i) =>
      isWithheld(rule, { topicId, from: point.t, to: series[i + 1]?.t ?? span.to }, point.total),
    ),
  );
  const trajectory: TrajectoryDay[] = series.map((point, i) => {
    const day = addDays(w.before.firstDay, i);
    const withheld = dayWithheld[i]!;
    const bucket = shareDays[i];
    const estimate = withheld || !bucket ? null : estimateSentiment(bucket.statistics, params);
    const shares = estimate?.shares ?? null;
    const intervals = estimate?.intervals ?? null;
    return {
      day,
      t: point.t,
      side: point.t < w.after.from ? 'before' : 'after',
      withheld,
      mentions: withheld ? null : point.total,
      distinctAuthors: withheld ? null : (authorsByDay.get(day) ?? 0),
      negative: shares?.negative ?? null,
      negativeInterval: intervals?.negative ?? null,
      positive: shares?.positive ?? null,
      positiveInterval: intervals?.positive ?? null,
    };
  });
  // The volume test reads every day's count (withheld or not): it reports only the change.
  const dailyCounts = (win: PolicyWindow) =>
    trajectory
      .map((d, i) => ({ day: d.day, mentions: series[i]!.total }))
      .filter((d) => d.day >= win.firstDay && d.day <= win.lastDay)
      .slice(0, win.completeDays)
      .map((d) => d.mentions);
  const volume = testVolumeChange(dailyCounts(w.before), dailyCounts(w.after), { alpha });
  const negativeShare =
    before.suppressed || after.suppressed
      ? testShareChange({ groups: {} }, { groups: {} }, params, { alpha })
      : testShareChange(statsBefore, statsAfter, params, { alpha });
  const [against, support] = await Promise.all([
    side(deps, topicId, 'negative', w.before, w.after),
    side(deps, topicId, 'positive', w.before, w.after),
  ]);
  return {
    kind: 'policy',
    policy: {
      id: policy.id,
      name: policy.name,
      query: policy.query,
      promulgatedOn: policy.promulgatedOn,
      places: policy.places,
      sectors: policy.sectors,
      unitId: policy.unitId,
      topicId,
    },
    generatedAt: now.toISOString(),
    timeZone,
    before,
    after,
    volume,
    negativeShare,
    trajectory,
    against,
    support,
    coverage,
    methods: [
      `Windows: ${policy.daysBefore} local days before the promulgation day, and the promulgation day with the ${policy.daysAfter - 1} days after it (${timeZone}); a window still running is cut at the time of the report.`,
      `Sentiment shares are estimates corrected for the classifier's measured errors, with ${Math.round(params.level * 100)} % intervals, not counts of predicted labels.`,
      `Change in the negative share: ${negativeShare.method}; significant below p = ${alpha}.`,
      `Change in volume: ${volume.method}, over the complete days of each window; significant below p = ${alpha}.`,
      'Arguments: terms of negative (or positive) mentions after promulgation, scored against the same side before it (Poisson z-score with +1 smoothing); mentions by public sources first, persons never named.',
      `Sentiment figures from fewer than ${rule.minGroupSize} distinct persons are withheld (mentions by outlets, pages and channels alone are shown).`,
    ],
    minDistinctAuthors: rule.minGroupSize,
  };
}
