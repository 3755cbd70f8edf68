// What report generation reads: analytics figures (roll-ups), sources with their health, the
// report store (archive, authors, collection activity) and a clock. Handed in by the wiring,
// so reports never see SQL.
import type { QuantifierParams } from '../analysis/quantify/index.js';
import type { Source } from '../model.js';
import type { SmallGroupRule } from '../privacy/small-groups.js';
import type { ListeningStore } from '../store/listening-store.js';
import { type CoverageStatement, coverageStatement } from './coverage.js';
import { platformLimits } from './platform-limits.js';
import type { ReportStore } from './report-types.js';

export type ReportFigures = Pick<
  ListeningStore,
  'series' | 'shareStatistics' | 'shareSeries' | 'topTerms' | 'listMentions' | 'breakdown'
>;

export interface ReportDeps {
  figures: ReportFigures;
  listSources(): Promise<Source[]>;
  reports: ReportStore;
  now: () => Date;
  /**
   * The installation's small-group rule (src/privacy, smallGroupRuleFor): the persons counter
   * and k the analytics routes use; figures of fewer than k persons are withheld.
   */
  smallGroups: SmallGroupRule;
  /** Quantifier parameters; the committed ones unless given (tests). */
  params?: QuantifierParams;
}

/** The coverage statement of [from, to); platform mentions of `topicId` when given. */
export async function collectCoverage(
  deps: ReportDeps,
  from: string,
  to: string,
  topicId?: number,
): Promise<CoverageStatement> {
  const [sources, platforms] = await Promise.all([
    deps.listSources(),
    deps.figures.breakdown('platform', { from, to, topicId }, 100),
  ]);
  return coverageStatement({
    from,
    to,
    sources,
    activity: await deps.reports.sourceActivity(from, to),
    platformMentions: new Map(platforms.map((r) => [r.key, r.count])),
    limits: platformLimits,
    now: deps.now(),
  });
}
