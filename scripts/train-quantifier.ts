// Fits what turns the Vietnamese sentiment model's scores into trustworthy shares, from the
// out-of-fold scores the sentiment trainer wrote (oof-scores.tsv.gz):
//   vi-register.json     which register a text resembles: feedback (UIT-VSFC) or forum (VLSP)
//   vi-calibration.json  per register, vector scaling of the scores into probabilities
//   quantifier.json      per register, the share correction, its bootstrap replicates and the
//                        interval spread
// and prints calibration error, and share error and interval coverage of every method under
// shifted class mixes, out of fold and on the dev splits.
//   npm run train:quantifier     (npm run train runs it after training; a few minutes)
// The classifier weights are not touched: the out-of-fold scores come from the fold models of
// the shipped configuration, each row scored by a model that never saw it.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  addPost,
  type CorrectedMethod,
  type CorrectionFit,
  emptyShareStatistics,
  emShares,
  estimateShares,
  fitCorrection,
  type GroupParams,
  type LabelledPrediction,
  type QuantifierParams,
  SHARE_CLASSES,
  type ShareMethod,
} from '../src/analysis/quantify/index.js';
import {
  type Calibration,
  calibratedProbabilities,
  expectedCalibrationError,
  fitCalibration,
  identityCalibration,
  logLoss,
} from '../src/analysis/sentiment/calibration.js';
import { extractFeatures, FeatureBuffer } from '../src/analysis/sentiment/features.js';
import {
  foldIndices,
  type Register,
  type RegisterModel,
  trainRegisterModel,
} from '../src/analysis/sentiment/register-model.js';
import {
  CALIBRATION_FILE,
  loadVietnameseSentimentModel,
  REGISTER_FILE,
  type VietnameseSentimentModel,
} from '../src/analysis/sentiment/sentiment-model.js';
import { type Random, seededRandom } from '../src/seeded-random.js';
import { OUT_OF_FOLD_FILE, readOutOfFoldScores } from './out-of-fold-scores.js';

const K = SHARE_CLASSES.length;
/** The data set each register is measured on. */
const REGISTER_SOURCE: Record<Register, string> = { feedback: 'uit-vsfc', forum: 'vlsp2016' };
const REGISTER_LIST = Object.keys(REGISTER_SOURCE) as Register[];
const root = process.cwd();
const outDir = resolve(root, 'models/sentiment');
const dataDir = resolve(root, '../shared/data/sentiment');

/** 90 % intervals; too few posts under 30, or an interval wider than half the scale. */
const RULE = { level: 0.9, minPosts: 30, maxIntervalWidth: 0.5 };
const REPLICATES = 200;
const SIZES = [100, 300, 1000];
const METHODS: CorrectedMethod[] = ['acc', 'pacc', 'cells'];
const SPREADS = [1, 1.5, 2, 2.5, 3];
/** Mixes drawn per sample size and test fold. */
const DRAWS = Number(process.env.QUANTIFIER_DRAWS ?? 100);
const FOLDS = 5;

interface Scored {
  register: Register;
  label: number;
  scores: ArrayLike<number>;
  /** The register the register model gives it (dev rows only; out-of-fold rows use their set). */
  routed?: Register;
}

const pct = (x: number) => (x * 100).toFixed(2);

function argmax(z: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < z.length; c++) if (z[c]! > z[best]!) best = c;
  return best;
}

function readRows(file: string): { text: string; label: string }[] {
  return readFileSync(resolve(dataDir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { text: string; label: string });
}

/** Feature indices of a text as the sentiment model hashes them. */
function featureIndices(model: VietnameseSentimentModel, text: string): Int32Array {
  const buffer = new FeatureBuffer();
  extractFeatures(model.tokens({ text, lang: 'vi' }), model.linear.config, buffer);
  return buffer.indices.slice(0, buffer.length);
}

/** Register model on the training texts; its accuracy out of fold and on dev. */
function fitRegisters(model: VietnameseSentimentModel) {
  const docs: { indices: Int32Array; forum: boolean }[] = [];
  for (const register of REGISTER_LIST) {
    for (const r of readRows(`${REGISTER_SOURCE[register]}.train.jsonl`)) {
      const indices = featureIndices(model, r.text);
      docs.push({ indices: foldIndices(indices, indices.length, 16), forum: register === 'forum' });
    }
  }
  const folds = 5;
  const wrong = { feedback: 0, forum: 0 };
  const total = { feedback: 0, forum: 0 };
  for (let f = 0; f < folds; f++) {
    const m = trainRegisterModel(docs.filter((_, i) => i % folds !== f));
    for (let i = f; i < docs.length; i += folds) {
      const d = docs[i]!;
      const truth: Register = d.forum ? 'forum' : 'feedback';
      total[truth]++;
      if (m.register(d.indices, d.indices.length) !== truth) wrong[truth]++;
    }
  }
  const registers = trainRegisterModel(docs);
  console.log(
    `register model: out-of-fold errors feedback ${wrong.feedback}/${total.feedback}, forum ${wrong.forum}/${total.forum}`,
  );
  return registers;
}

function devRows(model: VietnameseSentimentModel, registers: RegisterModel): Scored[] {
  const out: Scored[] = [];
  for (const register of REGISTER_LIST) {
    for (const { text, label } of readRows(`${REGISTER_SOURCE[register]}.dev.jsonl`)) {
      const indices = featureIndices(model, text);
      out.push({
        register,
        label: model.linear.labels.indexOf(label),
        scores: Float64Array.from(model.scores(model.tokens({ text, lang: 'vi' }))),
        routed: registers.register(indices, indices.length),
      });
    }
  }
  for (const register of REGISTER_LIST) {
    const rows = out.filter((r) => r.register === register);
    const wrong = rows.filter((r) => r.routed !== register).length;
    console.log(
      `register model on ${REGISTER_SOURCE[register]} dev: ${wrong}/${rows.length} wrong`,
    );
  }
  return out;
}

function ece(rows: readonly Scored[], calibrationOf: (r: Scored, i: number) => Calibration) {
  const confidence: number[] = [];
  const correct: boolean[] = [];
  rows.forEach((r, i) => {
    const best = argmax(r.scores);
    confidence.push(calibratedProbabilities(r.scores, calibrationOf(r, i))[best]!);
    correct.push(best === r.label);
  });
  return expectedCalibrationError(confidence, correct);
}

/** For each row, a calibration fitted on the other folds of `rows`. */
function crossFitted(rows: readonly Scored[], folds = 5): Calibration[] {
  const out: Calibration[] = new Array(rows.length);
  for (let f = 0; f < folds; f++) {
    const cal = fitCalibration(
      rows.filter((_, i) => i % folds !== f),
      K,
    );
    for (let i = f; i < rows.length; i += folds) out[i] = cal;
  }
  return out;
}

function labelled(rows: readonly Scored[], calibration: Calibration): LabelledPrediction[] {
  return rows.map((r) => ({
    probabilities: calibratedProbabilities(r.scores, calibration),
    predicted: argmax(r.scores),
    label: r.label,
  }));
}

function groupParams(fit: CorrectionFit, method: ShareMethod, spread: number): GroupParams {
  const corrections =
    method === 'acc' || method === 'pacc' || method === 'cells'
      ? { [method]: fit.corrections[method] }
      : {};
  return { method, spread, corrections, trainingPrior: fit.trainingPrior };
}

/** A class mix drawn uniformly from the simplex (the artificial-prevalence protocol). */
function uniformPrior(random: Random): number[] {
  const e = Array.from({ length: K }, () => -Math.log(1 - random()));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** n rows whose class counts follow `prior` (largest remainders), drawn with replacement. */
function drawSample<T>(
  pools: readonly (readonly T[])[],
  prior: readonly number[],
  n: number,
  random: Random,
) {
  const counts = prior.map((q) => Math.floor(q * n));
  const order = prior.map((q, c) => [q * n - counts[c]!, c] as const).sort((a, b) => b[0] - a[0]);
  for (let i = 0; counts.reduce((a, b) => a + b, 0) < n; i++) counts[order[i]![1]]!++;
  const rows: T[] = [];
  counts.forEach((count, c) => {
    const pool = pools[c]!;
    for (let i = 0; i < count; i++) rows.push(pool[Math.floor(random() * pool.length)]!);
  });
  return { rows, truth: counts.map((x) => x / n) };
}

interface Tally {
  absError: number[];
  bias: number[];
  covered: number[];
  width: number[];
  draws: number;
}

const newTally = (): Tally => ({
  absError: new Array(K).fill(0),
  bias: new Array(K).fill(0),
  covered: new Array(K).fill(0),
  width: new Array(K).fill(0),
  draws: 0,
});

function addTally(into: Tally, t: Tally) {
  for (let c = 0; c < K; c++) {
    into.absError[c]! += t.absError[c]!;
    into.bias[c]! += t.bias[c]!;
    into.covered[c]! += t.covered[c]!;
    into.width[c]! += t.width[c]!;
  }
  into.draws += t.draws;
}

/** A post as the share estimator sees it: its group, probabilities and predicted label. */
interface Post {
  group: string;
  prediction: LabelledPrediction;
}

type Estimator = {
  name: string;
  run: (posts: readonly Post[]) => { shares: number[]; intervals?: [number, number][] };
};

function additive(name: string, params: QuantifierParams): Estimator {
  return {
    name,
    run(posts) {
      const stats = emptyShareStatistics();
      for (const { group, prediction: r } of posts) {
        const p = r.probabilities;
        addPost(stats, {
          group,
          probabilities: { negative: p[0]!, neutral: p[1]!, positive: p[2]! },
          label: SHARE_CLASSES[r.predicted]!,
        });
      }
      const est = estimateShares(stats, params);
      return {
        shares: SHARE_CLASSES.map((c) => est.shares[c]),
        intervals: SHARE_CLASSES.map((c) => est.intervals[c]),
      };
    },
  };
}

function em(name: string, prior: readonly number[]): Estimator {
  return {
    name,
    run: (posts) => ({
      shares: emShares(
        posts.map((p) => p.prediction.probabilities),
        prior,
      ),
    }),
  };
}

type Tallies = Map<string, Map<number, Tally>>;

/** Mean absolute error, bias and interval coverage of each estimator under shifted mixes. */
function evaluate(
  pools: readonly (readonly Post[])[],
  estimators: readonly Estimator[],
  sizes: readonly number[],
  draws: number,
  seed: number,
): Tallies {
  const out: Tallies = new Map();
  for (const e of estimators) out.set(e.name, new Map(sizes.map((n) => [n, newTally()])));
  const random = seededRandom(seed);
  for (const n of sizes) {
    for (let d = 0; d < draws; d++) {
      const { rows, truth } = drawSample(pools, uniformPrior(random), n, random);
      for (const e of estimators) {
        const t = out.get(e.name)!.get(n)!;
        const { shares, intervals } = e.run(rows);
        t.draws++;
        for (let c = 0; c < K; c++) {
          t.absError[c]! += Math.abs(shares[c]! - truth[c]!);
          t.bias[c]! += shares[c]! - truth[c]!;
          if (intervals) {
            const [lo, hi] = intervals[c]!;
            if (truth[c]! >= lo - 1e-9 && truth[c]! <= hi + 1e-9) t.covered[c]!++;
            t.width[c]! += hi - lo;
          }
        }
      }
    }
  }
  return out;
}

function mergeTallies(into: Tallies, more: Tallies) {
  for (const [name, bySize] of more) {
    const m = into.get(name) ?? new Map<number, Tally>();
    for (const [n, t] of bySize) {
      const prev = m.get(n) ?? newTally();
      addTally(prev, t);
      m.set(n, prev);
    }
    into.set(name, m);
  }
}

interface Figures {
  mae: number[];
  bias: number[];
  cover: number[] | null;
  width: number[];
}

function figures(t: Tally): Figures {
  const per = (xs: number[]) => xs.map((v) => v / t.draws);
  const width = per(t.width);
  return {
    mae: per(t.absError),
    bias: per(t.bias),
    cover: width.some((w) => w > 0) ? per(t.covered) : null,
    width,
  };
}

function printTallies(title: string, tallies: Tallies): Record<string, Record<number, Figures>> {
  console.log(`\n${title}`);
  console.log(
    '  method                  n  | MAE neg   neu   pos  mean | bias neg   neu   pos | cover90 neg  neu   pos | width neg neu pos',
  );
  const out: Record<string, Record<number, Figures>> = {};
  const f = (xs: readonly number[]) => xs.map((x) => pct(x).padStart(5)).join(' ');
  for (const [name, bySize] of tallies) {
    out[name] = {};
    for (const [n, t] of bySize) {
      const fig = figures(t);
      out[name]![n] = fig;
      const mean = fig.mae.reduce((a, b) => a + b) / K;
      console.log(
        `  ${name.padEnd(20)} ${String(n).padStart(5)}  | ${f(fig.mae)} ${pct(mean).padStart(5)} | ${f(fig.bias)} | ${fig.cover ? f(fig.cover) : '    -     -     -'} | ${fig.cover ? f(fig.width) : '-'}`,
      );
    }
  }
  return out;
}

function byClass<T extends { prediction: LabelledPrediction }>(posts: readonly T[]): T[][] {
  return Array.from({ length: K }, (_, c) => posts.filter((p) => p.prediction.label === c));
}

function paramsWith(groups: Record<string, GroupParams>): QuantifierParams {
  return { ...RULE, groups };
}

export async function trainQuantifier(): Promise<void> {
  const oofPath = resolve(outDir, OUT_OF_FOLD_FILE);
  if (!existsSync(oofPath)) {
    throw new Error(`${oofPath} is missing: run npm run train (or npm run train -- --oof-only)`);
  }
  const t0 = performance.now();
  const sourceRegister = Object.fromEntries(
    REGISTER_LIST.map((r) => [REGISTER_SOURCE[r], r]),
  ) as Record<string, Register>;
  const oof: Scored[] = readOutOfFoldScores(oofPath).map((r) => ({
    register: sourceRegister[r.source]!,
    label: r.label,
    scores: r.scores,
  }));
  const model = loadVietnameseSentimentModel();
  console.log(`\nquantifier: ${oof.length} out-of-fold rows`);
  const registers = fitRegisters(model);
  const dev = devRows(model, registers);
  const inRegister = <T extends { register: Register }>(rows: readonly T[], r: Register) =>
    rows.filter((x) => x.register === r);

  // --- calibration ---------------------------------------------------------------------------
  const none = identityCalibration(K);
  const pooledCv = crossFitted(oof);
  const ownCv = new Array<Calibration>(oof.length);
  for (const r of REGISTER_LIST) {
    const idx = oof.flatMap((row, i) => (row.register === r ? [i] : []));
    const cals = crossFitted(idx.map((i) => oof[i]!));
    idx.forEach((i, j) => {
      ownCv[i] = cals[j]!;
    });
  }
  const pooled = fitCalibration(oof, K);
  const own = Object.fromEntries(
    REGISTER_LIST.map((r) => [r, fitCalibration(inRegister(oof, r), K)]),
  ) as Record<Register, Calibration>;
  const lossCv = (cals: readonly Calibration[]) =>
    oof.reduce((sum, r, i) => sum + logLoss([r], cals[i]!), 0) / oof.length;
  console.log(
    '\ncalibration of the reported label (ECE, 15 bins); out of fold = fitted on other folds',
  );
  console.log(
    `  log loss out of fold: softmax ${logLoss(oof, none).toFixed(4)}, one vector scaling ${lossCv(pooledCv).toFixed(4)}, one per register ${lossCv(ownCv).toFixed(4)}`,
  );
  const calibrationReport: Record<string, Record<string, number>> = {};
  const oofIndex = new Map(oof.map((r, i) => [r, i]));
  for (const r of REGISTER_LIST) {
    const rows = inRegister(oof, r);
    const line = {
      softmax: ece(rows, () => none),
      pooled: ece(rows, (x) => pooledCv[oofIndex.get(x)!]!),
      perRegister: ece(rows, (x) => ownCv[oofIndex.get(x)!]!),
    };
    calibrationReport[`oof ${REGISTER_SOURCE[r]}`] = line;
    console.log(
      `  ${`out of fold ${REGISTER_SOURCE[r]}`.padEnd(24)} ECE softmax ${pct(line.softmax)}  one scaling ${pct(line.pooled)}  per register ${pct(line.perRegister)}`,
    );
  }
  for (const r of REGISTER_LIST) {
    const rows = inRegister(dev, r);
    const line = {
      softmax: ece(rows, () => none),
      pooled: ece(rows, () => pooled),
      perRegister: ece(rows, (x) => own[x.routed!]),
    };
    calibrationReport[`dev ${REGISTER_SOURCE[r]}`] = line;
    console.log(
      `  ${`dev ${REGISTER_SOURCE[r]}`.padEnd(24)} ECE softmax ${pct(line.softmax)}  one scaling ${pct(line.pooled)}  per register (routed) ${pct(line.perRegister)}`,
    );
  }

  // --- methods under shifted class mixes, out of fold ------------------------------------------
  // Honest figures: calibration and matrices are fitted on four fifths of the out-of-fold rows
  // and the test samples drawn from the other fifth, for each fifth in turn (folds stratified by
  // register and class, shuffled). A register's neutral class has a few hundred rows, so which
  // rows a matrix is fitted on moves the error by points: one split alone would mislead. The
  // small test pools reuse rows, as subsets of a held-out test split of a few thousand do.
  const fold = new Uint8Array(oof.length);
  {
    const random = seededRandom(1000);
    for (const r of REGISTER_LIST) {
      for (let c = 0; c < K; c++) {
        const idx = oof.flatMap((row, i) => (row.register === r && row.label === c ? [i] : []));
        for (let i = idx.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [idx[i], idx[j]] = [idx[j]!, idx[i]!];
        }
        idx.forEach((row, k) => {
          fold[row] = k % FOLDS;
        });
      }
    }
  }
  const pairs = Array.from({ length: FOLDS }, (_, f) => ({
    fit: oof.filter((_, i) => fold[i] !== f),
    test: oof.filter((_, i) => fold[i] === f),
  }));
  const pairFits = pairs.map(({ fit: rows }) => {
    const cals = Object.fromEntries(
      REGISTER_LIST.map((r) => [r, fitCalibration(inRegister(rows, r), K)]),
    ) as Record<Register, Calibration>;
    const fits = Object.fromEntries(
      REGISTER_LIST.map((r) => [
        r,
        fitCorrection(labelled(inRegister(rows, r), cals[r]), {
          classes: K,
          replicates: REPLICATES,
        }),
      ]),
    ) as Record<Register, CorrectionFit>;
    // One matrix for both registers: what a single pooled correction would do.
    const pooledFit = fitCorrection(
      rows.map((row) => labelled([row], cals[row.register])[0]!),
      { classes: K, replicates: REPLICATES },
    );
    return { cals, fits, pooledFit };
  });
  const testPosts = (p: number, r: Register) =>
    labelled(inRegister(pairs[p]!.test, r), pairFits[p]!.cals[r]).map((prediction) => ({
      group: `vi:${r}`,
      prediction,
    }));
  const oofTallies = new Map<Register, Tallies>(REGISTER_LIST.map((r) => [r, new Map()]));
  for (let p = 0; p < pairs.length; p++) {
    const { fits, pooledFit } = pairFits[p]!;
    for (const r of REGISTER_LIST) {
      const group = `vi:${r}`;
      const fit = fits[r];
      const estimators: Estimator[] = [
        additive('cc', paramsWith({ [group]: groupParams(fit, 'cc', 1) })),
        additive('pcc', paramsWith({ [group]: groupParams(fit, 'pcc', 1) })),
        ...METHODS.map((m) => additive(m, paramsWith({ [group]: groupParams(fit, m, 1) }))),
        ...METHODS.map((m) =>
          additive(`${m} pooled`, paramsWith({ [group]: groupParams(pooledFit, m, 1) })),
        ),
        em('em (sld)', fit.trainingPrior),
      ];
      const tallies = evaluate(byClass(testPosts(p, r)), estimators, SIZES, DRAWS, 10 + p);
      mergeTallies(oofTallies.get(r)!, tallies);
    }
  }
  const report: Record<string, unknown> = { calibration: calibrationReport };
  const chosen = {} as Record<Register, CorrectedMethod>;
  for (const r of REGISTER_LIST) {
    const table = printTallies(
      `shares under shifted mixes, out of fold, ${REGISTER_SOURCE[r]} (${FOLDS} folds x ${DRAWS} mixes per size, uniform on the simplex; spread 1)`,
      oofTallies.get(r)!,
    );
    report[`oof ${REGISTER_SOURCE[r]}`] = table;
    // The method: lowest mean absolute error over classes and sizes, out of fold.
    const score = (m: string) =>
      SIZES.reduce((sum, n) => sum + table[m]![n]!.mae.reduce((a, b) => a + b, 0), 0);
    chosen[r] = [...METHODS].sort((a, b) => score(a) - score(b))[0]!;
  }

  // Spread: the smallest that brings the chosen method's intervals to their stated coverage,
  // within two points, on 300- and 1000-post samples out of fold, for every class.
  const spread = {} as Record<Register, number>;
  const spreadSizes = [300, 1000];
  for (const r of REGISTER_LIST) {
    const group = `vi:${r}`;
    spread[r] = SPREADS[SPREADS.length - 1]!;
    for (const s of SPREADS) {
      const t = new Map(spreadSizes.map((n) => [n, newTally()]));
      for (let p = 0; p < pairs.length; p++) {
        const e = additive(
          'x',
          paramsWith({ [group]: groupParams(pairFits[p]!.fits[r], chosen[r], s) }),
        );
        const result = evaluate(byClass(testPosts(p, r)), [e], spreadSizes, DRAWS, 30 + p).get(
          'x',
        )!;
        for (const n of spreadSizes) addTally(t.get(n)!, result.get(n)!);
      }
      const cover = spreadSizes.map((n) => figures(t.get(n)!).cover!);
      console.log(
        `  ${REGISTER_SOURCE[r]} ${chosen[r]} spread ${s}: coverage ${spreadSizes.map((n, i) => `n = ${n}: ${cover[i]!.map(pct).join(' / ')}`).join(';  ')}`,
      );
      if (cover.every((byClass) => byClass.every((c) => c >= RULE.level - 0.02))) {
        spread[r] = s;
        break;
      }
    }
  }

  // --- final parameters: every out-of-fold row of each register ---------------------------------
  const finalFits = Object.fromEntries(
    REGISTER_LIST.map((r) => [
      r,
      fitCorrection(labelled(inRegister(oof, r), own[r]), { classes: K, replicates: REPLICATES }),
    ]),
  ) as Record<Register, CorrectionFit>;
  const withMethod = (method: (r: Register) => ShareMethod, spreadOf: (r: Register) => number) =>
    paramsWith(
      Object.fromEntries(
        REGISTER_LIST.map((r) => [`vi:${r}`, groupParams(finalFits[r], method(r), spreadOf(r))]),
      ),
    );
  const params = withMethod(
    (r) => chosen[r],
    (r) => spread[r],
  );
  console.log(
    `\nchosen: ${REGISTER_LIST.map((r) => `${r} ${chosen[r]} (spread ${spread[r]})`).join(', ')}`,
  );

  // --- the shipped path on the dev splits: register model, calibration, estimator --------------
  for (const r of REGISTER_LIST) {
    const posts = inRegister(dev, r).map((row) => ({
      group: `vi:${row.routed}`,
      prediction: labelled([row], own[row.routed!])[0]!,
    }));
    const estimators: Estimator[] = [
      additive('shipped', params),
      ...(['cc', 'pcc', ...METHODS] as ShareMethod[]).map((m) =>
        additive(
          m,
          withMethod(
            () => m,
            (x) => spread[x],
          ),
        ),
      ),
      em('em (sld)', finalFits[r].trainingPrior),
    ];
    report[`dev ${REGISTER_SOURCE[r]}`] = printTallies(
      `shares under shifted mixes drawn from ${REGISTER_SOURCE[r]} dev (never trained on; rows reused: UIT-VSFC dev has 73 neutral rows, VLSP 2016 dev 18), final parameters, spread as chosen`,
      evaluate(byClass(posts), estimators, SIZES, DRAWS * FOLDS, 50),
    );
  }

  writeFileSync(resolve(outDir, REGISTER_FILE), `${JSON.stringify(registers.toJSON())}\n`);
  writeFileSync(
    resolve(outDir, CALIBRATION_FILE),
    `${JSON.stringify({ default: pooled, byRegister: own }, null, 2)}\n`,
  );
  const round4 = (m: number[][]) => m.map((row) => row.map((v) => Math.round(v * 1e4) / 1e4));
  for (const g of Object.values(params.groups)) {
    for (const c of Object.values(g.corrections)) {
      c.point = round4(c.point);
      c.replicates = c.replicates.map(round4);
    }
  }
  writeFileSync(resolve(outDir, 'quantifier.json'), `${JSON.stringify(params)}\n`);
  writeFileSync(resolve(outDir, 'quantifier-report.json'), `${JSON.stringify(report, null, 1)}\n`);
  console.log(
    `wrote ${REGISTER_FILE}, ${CALIBRATION_FILE}, quantifier.json, quantifier-report.json (${((performance.now() - t0) / 1000).toFixed(0)}s)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await trainQuantifier();
}
