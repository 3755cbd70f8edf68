// What a report covered, said in every report: the sources and platforms collected in its
// period with the mentions each brought, what each platform's official interface cannot show
// (the platform registry's own statement), sources that were failing or paused, and periods in
// which nothing at all was collected. Figures only; rendering is elsewhere.
import type { Source, SourceKind } from '../model.js';
import type { SourceActivity } from './report-types.js';

export interface SourceCoverage {
  id: number;
  title: string;
  kind: SourceKind;
  platform: string;
  /** Mentions this source saw for the first time in the period. */
  newMentions: number;
  /** Hours of the period in which it brought at least one new mention. */
  activeHours: number;
  /** Longest run of hours without a new mention from it, within the period. */
  longestSilenceHours: number;
}

export interface PlatformCoverage {
  platform: string;
  /** Mentions of the period (by publication time) from this platform. */
  mentions: number;
  sources: number;
  /** What the platform's official interface does not let nghe see. */
  cannotSee: string;
}

export interface SourceProblem {
  sourceId: number;
  title: string;
  /** One line: the last error, or why collection is paused. */
  problem: string;
  since: string | null;
  consecutiveFailures: number;
}

export interface CollectionGap {
  /** ISO 8601 UTC, hour aligned. */
  from: string;
  to: string;
  hours: number;
}

export interface CoverageStatement {
  from: string;
  to: string;
  /** Mentions published in the period, as the analytics count them. */
  mentions: number;
  /** Mentions collected for the first time in the period, over all sources. */
  collected: number;
  sources: SourceCoverage[];
  platforms: PlatformCoverage[];
  problems: SourceProblem[];
  /** Runs of at least `gapHours` hours in which no source brought anything. */
  gaps: CollectionGap[];
  gapHours: number;
}

export interface CoverageInput {
  from: string;
  to: string;
  sources: readonly Source[];
  activity: readonly SourceActivity[];
  /** Mentions of the period per platform key. */
  platformMentions: ReadonlyMap<string, number>;
  /** The platform's statement of what it cannot see, by platform key. */
  limits: (platform: string) => string;
  /** Shortest silence reported as a gap; default 6 hours. */
  gapHours?: number;
  /** Hours after this are not yet past: no gap is reported in them. */
  now?: Date;
}

const HOUR_MS = 3_600_000;
const WEB_KINDS: ReadonlySet<SourceKind> = new Set(['feed', 'sitemap', 'article']);

export function platformOfKind(kind: SourceKind): string {
  return WEB_KINDS.has(kind) ? 'web' : kind;
}

function hourIndex(iso: string, start: number): number {
  return Math.floor((Date.parse(iso) - start) / HOUR_MS);
}

/** Runs of hours (index ranges) in [0, total) not in `active`, at least `min` long. */
function silences(active: ReadonlySet<number>, total: number, min: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let h = 0; h <= total; h++) {
    const quiet = h < total && !active.has(h);
    if (quiet && start < 0) start = h;
    if (!quiet && start >= 0) {
      if (h - start >= min) runs.push([start, h]);
      start = -1;
    }
  }
  return runs;
}

export function coverageStatement(input: CoverageInput): CoverageStatement {
  const gapHours = input.gapHours ?? 6;
  const start = Math.floor(Date.parse(input.from) / HOUR_MS) * HOUR_MS;
  const end = Date.parse(input.to);
  // Hours of the period up to now: a period still running has no gap in its future.
  const total = Math.max(
    0,
    Math.ceil((Math.min(end, (input.now ?? new Date()).getTime()) - start) / HOUR_MS),
  );
  const activityOf = new Map(input.activity.map((a) => [a.sourceId, a]));
  const anyActive = new Set<number>();
  let collected = 0;
  const sources: SourceCoverage[] = [];
  for (const source of input.sources) {
    const hours = activityOf.get(source.id)?.hours ?? [];
    const active = new Set<number>();
    let newMentions = 0;
    for (const h of hours) {
      const i = hourIndex(h.hour, start);
      active.add(i);
      anyActive.add(i);
      newMentions += h.count;
    }
    collected += newMentions;
    if (!source.enabled && newMentions === 0) continue;
    const longest = silences(active, total, 1).reduce((m, [a, b]) => Math.max(m, b - a), 0);
    sources.push({
      id: source.id,
      title: source.title ?? source.url,
      kind: source.kind,
      platform: platformOfKind(source.kind),
      newMentions,
      activeHours: active.size,
      longestSilenceHours: longest,
    });
  }
  const platformKeys = new Set([
    ...sources.map((s) => s.platform),
    ...[...input.platformMentions.keys()].filter((k) => k !== 'unknown'),
  ]);
  const platforms: PlatformCoverage[] = [...platformKeys].sort().map((platform) => ({
    platform,
    mentions: input.platformMentions.get(platform) ?? 0,
    sources: sources.filter((s) => s.platform === platform).length,
    cannotSee: input.limits(platform),
  }));
  const problems: SourceProblem[] = [];
  for (const source of input.sources) {
    if (!source.enabled) continue;
    const h = source.health;
    const failing = h.lastError !== null && h.consecutiveFailures > 0;
    const paused = h.paused ?? null;
    if (!failing && !paused) continue;
    problems.push({
      sourceId: source.id,
      title: source.title ?? source.url,
      problem: failing ? h.lastError! : paused!.reason,
      since: failing ? h.lastErrorAt : null,
      consecutiveFailures: h.consecutiveFailures,
    });
  }
  const gaps = silences(anyActive, total, gapHours).map(([a, b]) => ({
    from: new Date(start + a * HOUR_MS).toISOString(),
    to: new Date(start + b * HOUR_MS).toISOString(),
    hours: b - a,
  }));
  const mentions = [...input.platformMentions.values()].reduce((s, v) => s + v, 0);
  return {
    from: input.from,
    to: input.to,
    mentions,
    collected,
    sources,
    platforms,
    problems,
    gaps,
    gapHours,
  };
}
