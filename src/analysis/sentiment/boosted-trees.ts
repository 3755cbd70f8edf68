// Multiclass gradient-boosted regression trees over a few dense features (softmax loss, Newton
// leaf values, histogram split search). Used to stack a second stage on top of the linear model:
// trees can say "no word in this sentence leans either way", which a linear score cannot.

export interface BoostingOptions {
  rounds: number;
  learningRate: number;
  maxDepth: number;
  /** Smallest summed hessian a child may have: keeps leaves from fitting a handful of rows. */
  minChildWeight: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Quantile bins per feature for the split search. */
  bins: number;
}

export const DEFAULT_BOOSTING_OPTIONS: BoostingOptions = {
  rounds: 150,
  learningRate: 0.05,
  maxDepth: 3,
  minChildWeight: 2,
  lambda: 1,
  bins: 64,
};

/**
 * One tree in flat arrays. Node i splits on `feature[i]` (x <= threshold[i] goes to left[i],
 * else right[i]); a leaf has feature -1 and its value in `value[i]`.
 */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface BoostedTreesJson {
  kind: 'boosted-trees';
  classes: number;
  features: number;
  base: number[];
  /** rounds * classes trees; tree t adds to class t % classes. */
  trees: Tree[];
}

export class BoostedTrees {
  constructor(
    readonly classes: number,
    readonly features: number,
    /** Per-class starting score (log prior, plus any calibration offsets). */
    readonly base: number[],
    readonly trees: readonly Tree[],
  ) {}

  /** Class scores (logits) for one feature vector; writes into `out`. */
  scores(x: ArrayLike<number>, out: Float64Array): Float64Array {
    const k = this.classes;
    for (let c = 0; c < k; c++) out[c] = this.base[c]!;
    for (let t = 0; t < this.trees.length; t++) {
      const tree = this.trees[t]!;
      let node = 0;
      while (tree.feature[node]! >= 0) {
        node =
          x[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      }
      out[t % k]! += tree.value[node]!;
    }
    return out;
  }

  /** The same model with `offsets` added to the class scores (calibration folded in). */
  withOffsets(offsets: readonly number[]): BoostedTrees {
    return new BoostedTrees(
      this.classes,
      this.features,
      this.base.map((b, c) => b + (offsets[c] ?? 0)),
      this.trees,
    );
  }

  toJSON(): BoostedTreesJson {
    // Seven significant digits: float32 precision, and a file a third the size of full doubles.
    const round = (v: number) => Number(v.toPrecision(7));
    return {
      kind: 'boosted-trees',
      classes: this.classes,
      features: this.features,
      base: this.base.map(round),
      trees: this.trees.map((t) => ({
        ...t,
        threshold: t.threshold.map(round),
        value: t.value.map(round),
      })),
    };
  }

  static fromJSON(json: unknown): BoostedTrees {
    const j = json as Partial<BoostedTreesJson>;
    if (j?.kind !== 'boosted-trees' || !Array.isArray(j.trees) || !Array.isArray(j.base)) {
      throw new Error('not a boosted-trees model');
    }
    const classes = Number(j.classes);
    const features = Number(j.features);
    if (!Number.isInteger(classes) || classes < 2 || j.base.length !== classes) {
      throw new Error('boosted-trees model has a malformed class count');
    }
    if (!Number.isInteger(features) || features < 1) {
      throw new Error('boosted-trees model has a malformed feature count');
    }
    for (const t of j.trees) {
      const n = Array.isArray(t?.feature) ? t.feature.length : 0;
      const arrays = [t?.feature, t?.threshold, t?.left, t?.right, t?.value];
      if (n === 0 || arrays.some((a) => !Array.isArray(a) || a.length !== n)) {
        throw new Error('boosted-trees model has a malformed tree');
      }
      for (let i = 0; i < n; i++) {
        const f = t.feature[i]!;
        if (f >= features) throw new Error('boosted-trees model uses a feature it does not have');
        // Children come after their parent, so a walk always ends at a leaf.
        const left = t.left[i]!;
        const right = t.right[i]!;
        if (f >= 0 && (left <= i || right <= i || left >= n || right >= n)) {
          throw new Error('boosted-trees model has a malformed tree');
        }
      }
    }
    return new BoostedTrees(classes, features, j.base, j.trees);
  }
}

/** Cut points between quantiles of one feature's values (at most bins - 1, unique). */
function quantileCuts(values: Float64Array, bins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const cuts: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = sorted[Math.floor((b * sorted.length) / bins)]!;
    // A cut sits halfway to the next larger value, so equal values stay in one bin.
    let next = v;
    for (let i = Math.floor((b * sorted.length) / bins); i < sorted.length; i++) {
      if (sorted[i]! > v) {
        next = sorted[i]!;
        break;
      }
    }
    if (next === v) continue;
    const cut = (v + next) / 2;
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
  }
  return Float64Array.from(cuts);
}

function binOf(cuts: Float64Array, v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= cuts[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
}

/**
 * Train on rows `x[i]` (each of length `features`) with labels `y[i]` in 0..classes-1 and row
 * weights `weight[i]`. Deterministic: the same inputs give the same trees.
 */
export function trainBoostedTrees(
  x: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
  weight: ArrayLike<number>,
  classes: number,
  options: BoostingOptions = DEFAULT_BOOSTING_OPTIONS,
): BoostedTrees {
  const n = x.length;
  if (n === 0) throw new Error('no rows to train on');
  const features = x[0]!.length;
  const k = classes;
  const cuts: Float64Array[] = [];
  const binned: Uint8Array[] = [];
  const bins = Math.min(options.bins, 255);
  for (let f = 0; f < features; f++) {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = x[i]![f]!;
    const c = quantileCuts(column, bins);
    cuts.push(c);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = binOf(c, column[i]!);
    binned.push(b);
  }
  // Start from the weighted log prior.
  const prior = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    prior[y[i]!]! += weight[i]!;
    total += weight[i]!;
  }
  const base = Array.from(prior, (p) => Math.log(Math.max(p, 1e-9) / total));
  const score = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) score[i * k + c] = base[c]!;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const prob = new Float64Array(n * k);
  const trees: Tree[] = [];
  const histG = new Float64Array(256);
  const histH = new Float64Array(256);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;

  const bestSplit = (rows: Int32Array): Split | null => {
    let gSum = 0;
    let hSum = 0;
    for (const i of rows) {
      gSum += grad[i]!;
      hSum += hess[i]!;
    }
    const parent = (gSum * gSum) / (hSum + options.lambda);
    let best: Split | null = null;
    for (let f = 0; f < features; f++) {
      const nb = cuts[f]!.length + 1;
      if (nb < 2) continue;
      histG.fill(0, 0, nb);
      histH.fill(0, 0, nb);
      const b = binned[f]!;
      for (const i of rows) {
        histG[b[i]!]! += grad[i]!;
        histH[b[i]!]! += hess[i]!;
      }
      let gl = 0;
      let hl = 0;
      for (let bin = 0; bin < nb - 1; bin++) {
        gl += histG[bin]!;
        hl += histH[bin]!;
        const hr = hSum - hl;
        if (hl < options.minChildWeight || hr < options.minChildWeight) continue;
        const gr = gSum - gl;
        const gain = (gl * gl) / (hl + options.lambda) + (gr * gr) / (hr + options.lambda) - parent;
        if (gain > 1e-9 && (!best || gain > best.gain)) best = { gain, feature: f, bin };
      }
    }
    return best;
  };

  for (let round = 0; round < options.rounds; round++) {
    for (let i = 0; i < n; i++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) max = Math.max(max, score[i * k + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp(score[i * k + c]! - max);
        prob[i * k + c] = e;
        sum += e;
      }
      for (let c = 0; c < k; c++) prob[i * k + c]! /= sum;
    }
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < n; i++) {
        const p = prob[i * k + c]!;
        const w = weight[i]!;
        grad[i] = w * (p - (y[i] === c ? 1 : 0));
        hess[i] = w * Math.max(p * (1 - p), 1e-6);
      }
      const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
      const grow = (rows: Int32Array, depth: number): number => {
        const id = tree.feature.length;
        tree.feature.push(-1);
        tree.threshold.push(0);
        tree.left.push(-1);
        tree.right.push(-1);
        tree.value.push(0);
        const split = depth < options.maxDepth ? bestSplit(rows) : null;
        if (!split) {
          let g = 0;
          let h = 0;
          for (const i of rows) {
            g += grad[i]!;
            h += hess[i]!;
          }
          const value = (-g / (h + options.lambda)) * options.learningRate;
          tree.value[id] = value;
          for (const i of rows) score[i * k + c]! += value;
          return id;
        }
        const b = binned[split.feature]!;
        let nl = 0;
        for (const i of rows) if (b[i]! <= split.bin) nl++;
        const leftRows = new Int32Array(nl);
        const rightRows = new Int32Array(rows.length - nl);
        let li = 0;
        let ri = 0;
        for (const i of rows) {
          if (b[i]! <= split.bin) leftRows[li++] = i;
          else rightRows[ri++] = i;
        }
        tree.feature[id] = split.feature;
        tree.threshold[id] = cuts[split.feature]![split.bin]!;
        tree.left[id] = grow(leftRows, depth + 1);
        tree.right[id] = grow(rightRows, depth + 1);
        return id;
      };
      grow(all, 0);
      trees.push(tree);
    }
  }
  return new BoostedTrees(k, features, base, trees);
}
