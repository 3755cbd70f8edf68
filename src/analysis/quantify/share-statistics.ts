// What the share estimator needs from a set of posts, kept as sums so that buckets add up:
// the statistics of a union of disjoint sets are the element-wise sums of theirs. A roll-up
// stores these numbers per bucket and merges buckets at query time; no post is re-read.
//
// Posts are kept apart by group, because each group's errors are corrected with its own
// measured rates: 'vi:feedback' and 'vi:forum' (Vietnamese posts by the register the model
// resembles them to, see RegisterModel), 'en' (English, uncorrected). Per group, 28 numbers:
//
//   n          posts with a sentiment prediction
//   labels[c]  posts whose predicted label is class c                        (3)
//   probs[c]   sum over posts of the calibrated probability of class c      (3)
//   products   sums of p_j * p_k over posts, j <= k, in the order           (6)
//              (neg·neg, neg·neu, neg·pos, neu·neu, neu·pos, pos·pos); with `probs` and `n`
//              they give the covariance of the probability vectors
//   cells[i]   posts whose probability vector falls in cell i of a grid    (15)
//              over the probability triangle (probabilityCell)
//
// Classes are always in the order of SHARE_CLASSES.

export const SHARE_CLASSES = ['negative', 'neutral', 'positive'] as const;
export type ShareClass = (typeof SHARE_CLASSES)[number];
export type ClassProbabilities = Record<ShareClass, number>;

const C = SHARE_CLASSES.length;
/** Index of the (j, k) product, j <= k, in `products`. */
export function productIndex(j: number, k: number): number {
  const [a, b] = j <= k ? [j, k] : [k, j];
  return a * C - (a * (a - 1)) / 2 + (b - a);
}
export const PRODUCT_COUNT = (C * (C + 1)) / 2;

/** Grid step of the probability cells: 1/4. */
export const CELL_STEPS = 4;
/** Cells (i, j) with i + j <= CELL_STEPS: (steps + 1)(steps + 2) / 2. */
export const CELL_COUNT = ((CELL_STEPS + 1) * (CELL_STEPS + 2)) / 2;

/**
 * The cell of a probability vector: i = floor(4 p_negative), j = floor(4 p_positive) (each
 * capped so that i + j <= 4), numbered row by row: (0,0) (0,1) … (0,4) (1,0) … (4,0).
 */
export function probabilityCell(negative: number, positive: number): number {
  const i = Math.min(CELL_STEPS, Math.max(0, Math.floor(negative * CELL_STEPS + 1e-9)));
  const j = Math.min(CELL_STEPS - i, Math.max(0, Math.floor(positive * CELL_STEPS + 1e-9)));
  // Rows before row i hold (steps + 1) + steps + … + (steps + 2 - i) cells.
  return i * (CELL_STEPS + 1) - (i * (i - 1)) / 2 + j;
}

export interface GroupStatistics {
  n: number;
  labels: number[];
  probs: number[];
  products: number[];
  cells: number[];
}

export interface ShareStatistics {
  /** By group key ('vi:feedback', 'vi:forum', 'en'). */
  groups: Record<string, GroupStatistics>;
}

export function emptyGroupStatistics(): GroupStatistics {
  return {
    n: 0,
    labels: new Array<number>(C).fill(0),
    probs: new Array<number>(C).fill(0),
    products: new Array<number>(PRODUCT_COUNT).fill(0),
    cells: new Array<number>(CELL_COUNT).fill(0),
  };
}

export function emptyShareStatistics(): ShareStatistics {
  return { groups: {} };
}

export interface SharePost {
  /** Group key, see shareGroup. */
  group: string;
  probabilities: ClassProbabilities;
  label: ShareClass;
}

/**
 * The group of an analysed post: Vietnamese by register, English alone, null (left out) for
 * anything without a sentiment model.
 */
export function shareGroup(
  lang: string | null,
  register: string | null | undefined,
): string | null {
  if (lang === 'vi') return register ? `vi:${register}` : 'vi';
  if (lang === 'en') return 'en';
  return null;
}

/** Adds one post to a group's sums. Mutates `stats`. */
export function addToGroup(
  stats: GroupStatistics,
  probabilities: ClassProbabilities,
  label: ShareClass,
): GroupStatistics {
  const raw = SHARE_CLASSES.map((c) => probabilities[c]);
  const total = raw[0]! + raw[1]! + raw[2]!;
  if (!(total > 0) || raw.some((v) => !(v >= 0))) {
    throw new Error('class probabilities must be non-negative numbers with a positive sum');
  }
  const labelIndex = SHARE_CLASSES.indexOf(label);
  if (labelIndex < 0) throw new Error(`not a sentiment class: ${String(label)}`);
  const p = raw.map((v) => v / total);
  stats.n++;
  stats.labels[labelIndex]!++;
  for (let j = 0; j < C; j++) {
    stats.probs[j]! += p[j]!;
    for (let k = j; k < C; k++) stats.products[productIndex(j, k)]! += p[j]! * p[k]!;
  }
  stats.cells[probabilityCell(p[0]!, p[2]!)]!++;
  return stats;
}

/** Adds one post. Mutates `stats`. */
export function addPost(stats: ShareStatistics, post: SharePost): ShareStatistics {
  stats.groups[post.group] ??= emptyGroupStatistics();
  addToGroup(stats.groups[post.group]!, post.probabilities, post.label);
  return stats;
}

function mergeGroups(a: GroupStatistics, b: GroupStatistics): GroupStatistics {
  const add = (x: number[], y: number[]) => x.map((v, i) => v + y[i]!);
  return {
    n: a.n + b.n,
    labels: add(a.labels, b.labels),
    probs: add(a.probs, b.probs),
    products: add(a.products, b.products),
    cells: add(a.cells, b.cells),
  };
}

/** Statistics of the union of two disjoint sets of posts; neither input is changed. */
export function mergeShareStatistics(a: ShareStatistics, b: ShareStatistics): ShareStatistics {
  const groups: Record<string, GroupStatistics> = {};
  for (const key of new Set([...Object.keys(a.groups), ...Object.keys(b.groups)])) {
    groups[key] = mergeGroups(
      a.groups[key] ?? emptyGroupStatistics(),
      b.groups[key] ?? emptyGroupStatistics(),
    );
  }
  return { groups };
}

/** Posts over all groups. */
export function postCount(stats: ShareStatistics): number {
  return Object.values(stats.groups).reduce((sum, g) => sum + g.n, 0);
}

/** Mean probability vector and its per-post covariance (divided by n, not n - 1). */
export function probabilityMoments(stats: GroupStatistics): { mean: number[]; cov: number[][] } {
  const n = Math.max(1, stats.n);
  const mean = stats.probs.map((s) => s / n);
  const cov = mean.map((mj, j) =>
    mean.map((mk, k) => stats.products[productIndex(j, k)]! / n - mj * mk),
  );
  return { mean, cov };
}
