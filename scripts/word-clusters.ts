import { seededRandom } from '../src/seeded-random.js';

// Word clusters learnt from unlabelled text: each frequent word is described by its positive
// pointwise mutual information with the most frequent context words (window of two either
// side), that sparse row is randomly projected to a few dozen dimensions (cosines survive a
// Gaussian projection), and spherical k-means groups the projected rows. Words that occur in
// the same contexts ("tuyệt_vời", "xuất_sắc") land in one cluster, so a word seen only in
// unlabelled text can borrow what the classifier learnt for its cluster-mates.

export interface WordClusterOptions {
  /** Words seen fewer times get no cluster. */
  minCount: number;
  /** How many of the most frequent words serve as contexts. */
  contexts: number;
  window: number;
  dimensions: number;
  clusters: number;
  iterations: number;
  seed: number;
}

export const DEFAULT_WORD_CLUSTER_OPTIONS: WordClusterOptions = {
  minCount: 5,
  contexts: 2000,
  window: 2,
  dimensions: 96,
  clusters: 256,
  iterations: 12,
  seed: 17,
};

const isWord = (token: string) => /[\p{L}\p{N}]/u.test(token) && !token.startsWith('EMO_');

/** Word -> cluster number for the words of `docs` seen at least `minCount` times. */
export function buildWordClusters(
  docs: readonly (readonly string[])[],
  options: WordClusterOptions = DEFAULT_WORD_CLUSTER_OPTIONS,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const doc of docs)
    for (const t of doc) if (isWord(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const vocab = [...counts].filter(([, n]) => n >= options.minCount).sort((a, b) => b[1] - a[1]);
  const wordId = new Map(vocab.map(([w], i) => [w, i]));
  const contextCount = Math.min(options.contexts, vocab.length);
  // Co-occurrence counts, one sparse row per word.
  const rows: Map<number, number>[] = vocab.map(() => new Map());
  const contextTotals = new Float64Array(contextCount);
  for (const doc of docs) {
    const ids = doc.map((t) => wordId.get(t) ?? -1);
    for (let i = 0; i < ids.length; i++) {
      const w = ids[i]!;
      if (w < 0) continue;
      const lo = Math.max(0, i - options.window);
      const hi = Math.min(ids.length - 1, i + options.window);
      for (let j = lo; j <= hi; j++) {
        const c = ids[j]!;
        if (j === i || c < 0 || c >= contextCount) continue;
        rows[w]!.set(c, (rows[w]!.get(c) ?? 0) + 1);
        contextTotals[c]! += 1;
      }
    }
  }
  // Context distribution smoothed by the 3/4 power (Levy, Goldberg and Dagan 2015).
  const smoothed = Float64Array.from(contextTotals, (n) => n ** 0.75);
  const smoothedTotal = smoothed.reduce((a, b) => a + b, 0);
  const random = seededRandom(options.seed);
  const gaussian = () => {
    const u = Math.max(1e-12, random());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const d = options.dimensions;
  const projection = Float64Array.from({ length: contextCount * d }, gaussian);
  const vectors = new Float64Array(vocab.length * d);
  rows.forEach((row, w) => {
    let rowTotal = 0;
    for (const n of row.values()) rowTotal += n;
    const out = w * d;
    for (const [c, n] of row) {
      const pmi = Math.log((n * smoothedTotal) / (rowTotal * smoothed[c]!));
      if (pmi <= 0) continue;
      for (let k = 0; k < d; k++) vectors[out + k]! += pmi * projection[c * d + k]!;
    }
    normalise(vectors, out, d);
  });
  return sphericalKMeans(vectors, vocab.length, d, options, random, (i) => vocab[i]![0]);
}

function normalise(v: Float64Array, offset: number, d: number): void {
  let norm = 0;
  for (let k = 0; k < d; k++) norm += v[offset + k]! ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < d; k++) v[offset + k]! /= norm;
}

function sphericalKMeans(
  vectors: Float64Array,
  n: number,
  d: number,
  options: WordClusterOptions,
  random: () => number,
  word: (i: number) => string,
): Map<string, number> {
  const k = Math.min(options.clusters, n);
  const centres = new Float64Array(k * d);
  // Seeds drawn from the frequent half, so no cluster starts on a one-off word.
  for (let c = 0; c < k; c++) {
    const i = Math.floor(random() * Math.max(1, Math.floor(n / 2)));
    centres.set(vectors.subarray(i * d, i * d + d), c * d);
  }
  const assignment = new Int32Array(n);
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestSim = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        let sim = 0;
        for (let j = 0; j < d; j++) sim += vectors[i * d + j]! * centres[c * d + j]!;
        if (sim > bestSim) {
          bestSim = sim;
          best = c;
        }
      }
      assignment[i] = best;
    }
    centres.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      for (let j = 0; j < d; j++) centres[c * d + j]! += vectors[i * d + j]!;
    }
    for (let c = 0; c < k; c++) normalise(centres, c * d, d);
  }
  const out = new Map<string, number>();
  for (let i = 0; i < n; i++) out.set(word(i), assignment[i]!);
  return out;
}
