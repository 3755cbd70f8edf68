// Small groups are never singled out: a figure computed from the mentions of fewer than k
// distinct persons (k = minGroupSize, default 10, never below 5) is not shown. Mentions by
// outlets, pages and channels alone (no person) are public and shown. Where figures add up to a
// total shown elsewhere, the hidden ones are merged and, when even together they come from
// fewer than k persons, the smallest shown figure is hidden with them (so no total minus the
// shown parts gives a small group away). Every analytics route and report goes through here.
import type {
  Breakdown,
  CountRow,
  EstimatedSeriesPoint,
  MentionFilter,
  SentimentEstimate,
  SentimentShare,
  TermRow,
} from '../store/listening-store.js';
import type { GroupCounter } from './group-counter.js';

export interface SmallGroupRule {
  count: GroupCounter;
  /** k: the fewest distinct persons a figure may come from. */
  minGroupSize: number;
}

/** Shown when no person wrote its mentions (outlets, pages) or at least k persons did. */
async function safe(rule: SmallGroupRule, query: Parameters<GroupCounter>[0]): Promise<boolean> {
  const persons = await rule.count(query, rule.minGroupSize);
  return persons === 0 || persons >= rule.minGroupSize;
}

export const SUPPRESSED_ESTIMATE: SentimentEstimate = {
  n: 0,
  shares: null,
  intervals: null,
  net: null,
  netInterval: null,
  level: 0.9,
  method: 'suppressed',
  sufficient: false,
  labelsOnly: 0,
};

// ---------------------------------------------------------------- series

/** A series bucket as the API gives it: counts are null where they would single out a group. */
export interface ProtectedSeriesPoint
  extends Omit<EstimatedSeriesPoint, 'total' | 'positive' | 'neutral' | 'negative' | 'unknown'> {
  total: number | null;
  positive: number | null;
  neutral: number | null;
  negative: number | null;
  unknown: number | null;
  /** The bucket's mentions come from fewer than k persons: nothing of it is shown. */
  suppressed: boolean;
  /** The bucket is shown, but a sentiment class in it comes from fewer than k persons. */
  splitSuppressed: boolean;
}

const CLASSES = ['positive', 'neutral', 'negative'] as const;

/**
 * `points[i]` spans from its `t` to the next point's `t` (the last to `end`, or an interval
 * after it), narrowed by the filter's own bounds.
 */
export async function protectSeries(
  rule: SmallGroupRule,
  filter: MentionFilter,
  points: EstimatedSeriesPoint[],
  end: string | null,
): Promise<ProtectedSeriesPoint[]> {
  const bounds = points.map((point, index): [string, string] => {
    const next = points[index + 1]?.t ?? end ?? filter.to ?? new Date(8.64e15).toISOString();
    const from = filter.from !== undefined && filter.from > point.t ? filter.from : point.t;
    const to = filter.to !== undefined && filter.to < next ? filter.to : next;
    return [from, to];
  });
  // Every bucket and class is asked at once, so a counter may answer them in one batch.
  const out: ProtectedSeriesPoint[] = await Promise.all(
    points.map(async (point, index) => {
      if (point.total === 0) return protectedPoint(point, true, true);
      const [from, to] = bounds[index]!;
      const bucket = { ...filter, from, to };
      // Mentions without a sentiment: the bucket's persons minus the classified ones.
      const unknown = { ...bucket, sentiments: [''] as unknown as MentionFilter['sentiments'] };
      const parts = await Promise.all([
        ...CLASSES.filter((cls) => point[cls] !== 0).map((cls) =>
          rule.count({ filter: { ...bucket, sentiments: [cls] } }, rule.minGroupSize),
        ),
        ...(point.unknown > 0 ? [rule.count({ filter: unknown! }, rule.minGroupSize)] : []),
      ]);
      // A part with k persons gives the bucket k: its own count is needed only otherwise.
      const shown =
        parts.some((persons) => persons >= rule.minGroupSize) ||
        (await safe(rule, { filter: bucket }));
      const split = parts.every((persons) => persons === 0 || persons >= rule.minGroupSize);
      return protectedPoint(point, shown, shown && split);
    }),
  );
  // Hidden buckets taken together must not be a small group either (total − shown parts).
  for (;;) {
    const hidden = out.flatMap((point, index) =>
      point.suppressed && points[index]!.total > 0 ? [bounds[index]!] : [],
    );
    if (hidden.length === 0 || (await safe(rule, { filter, ranges: hidden }))) break;
    let smallest = -1;
    for (const [index, point] of out.entries()) {
      if (point.suppressed || points[index]!.total === 0) continue;
      if (smallest < 0 || points[index]!.total < points[smallest]!.total) smallest = index;
    }
    if (smallest < 0) break;
    out[smallest] = protectedPoint(points[smallest]!, false, false);
  }
  return out;
}

function protectedPoint(
  point: EstimatedSeriesPoint,
  shown: boolean,
  split: boolean,
): ProtectedSeriesPoint {
  if (!shown) {
    return {
      t: point.t,
      total: null,
      positive: null,
      neutral: null,
      negative: null,
      unknown: null,
      sentiment: SUPPRESSED_ESTIMATE,
      suppressed: true,
      splitSuppressed: true,
    };
  }
  if (!split) {
    return {
      ...point,
      positive: null,
      neutral: null,
      negative: null,
      unknown: null,
      sentiment: SUPPRESSED_ESTIMATE,
      suppressed: false,
      splitSuppressed: true,
    };
  }
  return { ...point, suppressed: false, splitSuppressed: false };
}

// ---------------------------------------------------------------- sentiment share

export interface ProtectedSentimentShare
  extends Omit<SentimentShare, 'total' | 'unknown' | 'classifiedCounts'> {
  total: number | null;
  unknown: number | null;
  classifiedCounts: { positive: number | null; neutral: number | null; negative: number | null };
  /** The whole set comes from fewer than k persons: no figure of it is shown. */
  suppressed: boolean;
}

/** Estimates stand when the set has k persons; class counts only when each class has. */
export async function protectShare(
  rule: SmallGroupRule,
  filter: MentionFilter,
  share: SentimentShare,
): Promise<ProtectedSentimentShare> {
  if (share.total > 0 && !(await safe(rule, { filter }))) {
    return {
      ...SUPPRESSED_ESTIMATE,
      total: null,
      unknown: null,
      classifiedCounts: { positive: null, neutral: null, negative: null },
      suppressed: true,
    };
  }
  const classes = (
    await Promise.all(
      CLASSES.filter((cls) => share.classifiedCounts[cls] !== 0).map((cls) =>
        safe(rule, { filter: { ...filter, sentiments: [cls] } }),
      ),
    )
  ).every(Boolean);
  if (classes) return { ...share, suppressed: false };
  return {
    ...share,
    unknown: null,
    classifiedCounts: { positive: null, neutral: null, negative: null },
    suppressed: false,
  };
}

// ---------------------------------------------------------------- breakdowns and terms

export type BreakdownBy = Breakdown;

/** The merged row of hidden ones. */
export const OTHER_KEY = 'other';

function narrowed(filter: MentionFilter, by: BreakdownBy, keys: string[]): MentionFilter {
  switch (by) {
    case 'platform':
      return { ...filter, platforms: keys as MentionFilter['platforms'] };
    case 'lang':
      return { ...filter, langs: keys };
    case 'sentiment':
      return { ...filter, sentiments: keys as MentionFilter['sentiments'] };
    case 'source':
      return { ...filter, sourceIds: keys.map(Number) };
    case 'province':
    case 'ward':
      return { ...filter, places: keys };
    case 'sector':
      return { ...filter, sectors: keys };
  }
}

/**
 * Rows from fewer than k persons are merged into one `other` row; when that row too comes
 * from fewer than k persons, the smallest shown rows join it until it does not, or it is
 * dropped with everything in it. `beyond` are the rows past the page's limit: they are never
 * shown, so they start in `other` (no total minus the rows shown leaves a small group).
 */
export async function protectBreakdown(
  rule: SmallGroupRule,
  by: BreakdownBy,
  filter: MentionFilter,
  rows: CountRow[],
  beyond: CountRow[] = [],
): Promise<{ rows: CountRow[]; suppressed: number }> {
  const merged = await protectRows(rule, by, filter, rows, beyond, (row) => row.count);
  if (merged.hidden.length === 0) return { rows: merged.shown, suppressed: 0 };
  const other: CountRow[] = merged.otherShown
    ? [
        {
          key: OTHER_KEY,
          label: `other (${merged.hidden.length} groups of fewer than ${rule.minGroupSize} persons each, or past the limit)`,
          count: merged.hidden.reduce((sum, row) => sum + row.count, 0),
        },
      ]
    : [];
  return { rows: [...merged.shown, ...other], suppressed: merged.hidden.length };
}

/**
 * The rule of protectBreakdown for any rows keyed by what `by` narrows: which are shown, which
 * are hidden, and whether the hidden ones together may be shown as one `other` row.
 */
export async function protectRows<R extends { key: string }>(
  rule: SmallGroupRule,
  by: BreakdownBy,
  filter: MentionFilter,
  rows: R[],
  beyond: R[],
  size: (row: R) => number,
): Promise<{ shown: R[]; hidden: R[]; otherShown: boolean }> {
  const shown: R[] = [];
  const hidden: R[] = beyond.filter((row) => size(row) > 0);
  const oks = await Promise.all(
    rows.map((row) => size(row) === 0 || safe(rule, { filter: narrowed(filter, by, [row.key]) })),
  );
  for (const [index, row] of rows.entries()) (oks[index] ? shown : hidden).push(row);
  if (hidden.length === 0) return { shown, hidden, otherShown: false };
  shown.sort((a, b) => size(b) - size(a));
  const hiddenSafe = () =>
    safe(rule, {
      filter: narrowed(
        filter,
        by,
        hidden.map((row) => row.key),
      ),
    });
  while (!(await hiddenSafe()) && shown.length > 0) hidden.push(shown.pop()!);
  return { shown, hidden, otherShown: await hiddenSafe() };
}

/**
 * Per province, ward or sector figures (mentions, stories, authors, sentiment counts): a row
 * from fewer than k persons joins `other`, as in protectBreakdown, and a shown row's sentiment
 * counts are nulled when one of its classes comes from fewer than k persons.
 */
export async function protectPlaceFigures<
  R extends {
    key: string;
    label: string | null;
    mentions: number;
    stories: number;
    authors: number;
    positive: number | null;
    neutral: number | null;
    negative: number | null;
  },
>(
  rule: SmallGroupRule,
  by: 'province' | 'ward' | 'sector',
  filter: MentionFilter,
  rows: R[],
  beyond: R[],
): Promise<{ rows: R[]; suppressed: number }> {
  const merged = await protectRows(rule, by, filter, rows, beyond, (row) => row.mentions);
  const shown: R[] = await Promise.all(
    merged.shown.map(async (row) => {
      const splits = await Promise.all(
        CLASSES.filter((cls) => row[cls] !== 0).map((cls) =>
          safe(rule, { filter: { ...narrowed(filter, by, [row.key]), sentiments: [cls] } }),
        ),
      );
      return splits.every(Boolean)
        ? row
        : { ...row, positive: null, neutral: null, negative: null };
    }),
  );
  if (!merged.otherShown) return { rows: shown, suppressed: merged.hidden.length };
  const sum = (pick: (row: R) => number | null) =>
    merged.hidden.reduce((total, row) => total + (pick(row) ?? 0), 0);
  const other = {
    key: OTHER_KEY,
    label: `other (${merged.hidden.length} groups of fewer than ${rule.minGroupSize} persons each, or past the limit)`,
    mentions: sum((row) => row.mentions),
    // Distinct counts do not add up across rows: the merged row gives none.
    stories: null,
    authors: null,
    positive: null,
    neutral: null,
    negative: null,
  } as unknown as R;
  return { rows: [...shown, other], suppressed: merged.hidden.length };
}

/**
 * Rows each counted from its own group of persons (a story's mentions): those from fewer
 * than k persons are left out. `persons` gives each row's persons, counted up to k.
 */
export function protectCountedRows<R extends { id: number }>(
  rule: SmallGroupRule,
  rows: R[],
  persons: ReadonlyMap<number, number>,
): { rows: R[]; suppressed: number } {
  const kept = rows.filter((row) => {
    const n = persons.get(row.id) ?? 0;
    return n === 0 || n >= rule.minGroupSize;
  });
  return { rows: kept, suppressed: rows.length - kept.length };
}

/** Terms from fewer than k persons are dropped (term counts do not add up to a total). */
export async function protectTerms<T extends Pick<TermRow, 'term'>>(
  rule: SmallGroupRule,
  filter: MentionFilter,
  terms: T[],
): Promise<T[]> {
  const oks = await Promise.all(terms.map((row) => safe(rule, { filter, terms: [row.term] })));
  return terms.filter((_, index) => oks[index]);
}

/** A count over a whole filter (a topic's volume): null when it would single out a group. */
export async function protectCount(
  rule: SmallGroupRule,
  filter: MentionFilter,
  count: number,
): Promise<number | null> {
  if (count === 0) return 0;
  return (await safe(rule, { filter })) ? count : null;
}
