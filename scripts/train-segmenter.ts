// Trains the word segmenter shipped in models/segmenter/ from ../shared/data.
// Run: npx tsx scripts/train-segmenter.ts [--no-prune] [--prune-min N] [--no-treebank-words] [--no-rdr] [--no-fold] [--epochs N] [--bits B] [--ud-copies N] [--dry-run]
//   --no-prune  keep dictionary entries the treebank train split writes apart (N+ times, default 2)
//   --no-treebank-words  do not add words the treebank train split joins to the dictionary
//   --no-rdr   train on the UD treebank train split only (skip the RDRsegmenter sample)
//   --no-fold  no diacritic-free copies of the training data and dictionary
//   --no-case  no upper-case copies of a quarter of the training data
//   --bits B   weight table of 2^B hashed features
//   --ud-copies N  repeat the treebank train split N times (weights its conventions)
//   --dry-run  report dev F1 without writing model files
// The UD dev split is used only for the scores printed at the end.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  gapFeatures,
  MAX_GAP_FEATURES,
  SentenceContext,
} from '../src/analysis/segment/boundary-features.js';
import { BoundarySegmenter } from '../src/analysis/segment/boundary-segmenter.js';
import { WordDictionary } from '../src/analysis/segment/dictionary.js';
import {
  type GoldSentence,
  parseGoldCorpus,
  scoreSegmenter,
} from '../src/analysis/segment/evaluate.js';
import { MaxMatchSegmenter } from '../src/analysis/segment/max-match.js';
import { SparseWeights } from '../src/analysis/segment/sparse-weights.js';
import { syllableKey } from '../src/analysis/segment/syllable-hash.js';
import { foldDiacritics } from '../src/text/fold.js';

const args = process.argv.slice(2);
const useRdr = !args.includes('--no-rdr');
const useFold = !args.includes('--no-fold');
const useCase = !args.includes('--no-case');
const dryRun = args.includes('--dry-run');
const usePrune = !args.includes('--no-prune');
const useTreebankWords = !args.includes('--no-treebank-words');
const pruneArg = args.indexOf('--prune-min');
const PRUNE_MIN = pruneArg >= 0 ? Number(args[pruneArg + 1]) : 2;
const epochsArg = args.indexOf('--epochs');
const EPOCHS = epochsArg >= 0 ? Number(args[epochsArg + 1]) : 10;
const bitsArg = args.indexOf('--bits');
const HASH_BITS = bitsArg >= 0 ? Number(args[bitsArg + 1]) : 22;

const shared = resolve(process.cwd(), '../shared/data');
const modelDir = resolve(process.cwd(), 'models/segmenter');
const read = (p: string): string => readFileSync(join(shared, p), 'utf8').replace(/^\uFEFF/, '');

// ---- dictionary: RDRsegmenter vocabulary + administrative place names (pre and post 2025)
const TYPE_PREFIX = /^(thành phố|tỉnh|quận|huyện|thị xã|thị trấn|phường|xã|đặc khu)\s+/iu;
function placeNames(): string[] {
  const names = new Set<string>();
  const addName = (raw: string | undefined): void => {
    if (raw === undefined) return;
    const name = raw.trim().normalize('NFC').replace(TYPE_PREFIX, '');
    if (/\d/.test(name) || name.split(/\s+/).length < 2) return;
    names.add(name);
  };
  const gso = 'geo/pre2025/gso-export-2025-07-18/danhmuchanhchinh.gso.gov.vn_';
  for (const line of read(`${gso}ward_2025-07-18.csv`).split('\n').slice(1)) {
    const cols = line.split(',');
    addName(cols[1]);
    addName(cols[5]);
    addName(cols[7]);
  }
  const post = 'geo/post2025/vietnamadminunits/2025_34-province-3221-ward_with_location.csv';
  for (const line of read(post).split('\n').slice(1)) {
    const cols = line.split(',');
    addName(cols[2]);
    addName(cols[3]);
  }
  return [...names];
}

const vocab = read('segmentation/rdrsegmenter/VnVocab.txt')
  .split('\n')
  .map((l) => l.replace(/\r$/, '').normalize('NFC').trim())
  .filter((l) => l !== '' && !l.startsWith('/'));
const places = placeNames();
const dictWords = new Set<string>();
for (const w of [...vocab, ...places]) {
  const key = w.split(/\s+/u).map(syllableKey).join(' ');
  const size = key.split(' ').length;
  if (size < 2 || size > 4) continue;
  dictWords.add(key);
  if (useFold) dictWords.add(foldDiacritics(key));
}
// Entries the treebank's train split writes as separate words more often than as one ("người
// dân", "nhà khoa học") mislead the dictionary features: drop them.
const udTrainText = parseGoldCorpus(read('segmentation/ud-vietnamese-vtb/vi_vtb-ud-train.seg.txt'));
if (usePrune) {
  const joined = new Map<string, number>();
  const split = new Map<string, number>();
  for (const s of udTrainText) {
    const lower = s.syllables.map(syllableKey);
    let pos = 0;
    const starts = new Set<number>();
    for (const w of s.words) {
      starts.add(pos);
      pos += w.split('_').length;
    }
    starts.add(pos);
    for (let i = 0; i < lower.length; i++) {
      for (let len = 2; len <= 4 && i + len <= lower.length; len++) {
        const key = lower.slice(i, i + len).join(' ');
        if (!dictWords.has(key)) continue;
        let inner = false;
        for (let k = i + 1; k < i + len; k++) if (starts.has(k)) inner = true;
        const whole = starts.has(i) && starts.has(i + len) && !inner;
        if (whole) joined.set(key, (joined.get(key) ?? 0) + 1);
        else if (inner && starts.has(i) && starts.has(i + len))
          split.set(key, (split.get(key) ?? 0) + 1);
      }
    }
  }
  let dropped = 0;
  for (const [key, n] of split) {
    if (n >= PRUNE_MIN && n > 2 * (joined.get(key) ?? 0)) {
      dictWords.delete(key);
      dictWords.delete(foldDiacritics(key));
      dropped++;
    }
  }
  console.log(`dictionary: dropped ${dropped} entries the treebank train split writes apart`);
}
// Words the treebank's train split joins that the vocabulary lacks ("người ta", "con gái").
if (useTreebankWords) {
  const counts = new Map<string, number>();
  for (const s of udTrainText) {
    for (const w of s.words) {
      const parts = w.split('_').map(syllableKey);
      if (parts.length < 2 || parts.length > 4 || parts.some((x) => !/^\p{L}+$/u.test(x))) continue;
      const key = parts.join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  let added = 0;
  for (const [key, n] of counts) {
    if (n < 2 || dictWords.has(key)) continue;
    dictWords.add(key);
    if (useFold) dictWords.add(foldDiacritics(key));
    added++;
  }
  console.log(`dictionary: added ${added} words the treebank train split joins twice or more`);
}
const dictLines = [...dictWords].sort();
const dict = WordDictionary.fromLines(dictLines.join('\n'));
console.log(
  `dictionary: ${vocab.length} vocabulary + ${places.length} place names -> ${dict.size} entries`,
);

// ---- training data
const udTrain = parseGoldCorpus(read('segmentation/ud-vietnamese-vtb/vi_vtb-ud-train.seg.txt'));
const udArg = args.indexOf('--ud-copies');
const UD_COPIES = udArg >= 0 ? Number(args[udArg + 1]) : 1;
const train: GoldSentence[] = [];
for (let k = 0; k < UD_COPIES; k++) train.push(...udTrain);
if (useRdr) train.push(...parseGoldCorpus(read('segmentation/rdrsegmenter/Train_gold.txt')));
const dev = parseGoldCorpus(read('segmentation/ud-vietnamese-vtb/vi_vtb-ud-dev.seg.txt'));
const foldSentence = (s: GoldSentence): GoldSentence => ({
  syllables: s.syllables.map(foldDiacritics),
  words: s.words.map(foldDiacritics),
});
const recase = (s: GoldSentence, f: (x: string) => string): GoldSentence => ({
  syllables: s.syllables.map(f),
  words: s.words.map(f),
});
const upper = (x: string): string => x.toUpperCase();
// Social text often drops diacritics or shouts in capitals: show the model both. (Lower-case
// copies were tried and cost 0.5 F1 on the dev split: capitals mark names the treebank joins.)
const examples = [...train];
if (useFold) examples.push(...train.map(foldSentence));
if (useCase) {
  examples.push(...train.filter((_, i) => i % 4 === 0).map((s) => recase(s, upper)));
}

const size = 1 << HASH_BITS;
const mask = size - 1;
// Features are fixed across epochs: extract them once.
const featureRows: Uint32Array[] = [];
const labels: number[] = [];
const scratch = new Uint32Array(MAX_GAP_FEATURES);
const ctx = new SentenceContext();
for (const sentence of examples) {
  ctx.load(sentence.syllables, dict);
  let pos = 0;
  const joinGap = new Uint8Array(Math.max(0, ctx.n - 1));
  for (const w of sentence.words) {
    const len = w.split('_').length;
    for (let k = pos; k < pos + len - 1; k++) joinGap[k] = 1;
    pos += len;
  }
  for (let g = 0; g < ctx.n - 1; g++) {
    if (ctx.touchesPunct(g)) continue;
    const k = gapFeatures(ctx, g, g > 0 ? joinGap[g - 1]! : 0, mask, scratch);
    featureRows.push(scratch.slice(0, k));
    labels.push(joinGap[g] ? 1 : -1);
  }
}
console.log(
  `training: ${train.length} sentences${useFold ? ' (+ folded copies)' : ''}, ${labels.length} gaps`,
);

// ---- averaged perceptron
const w = new Float64Array(size);
const u = new Float64Array(size);
let c = 1;
let seed = 12345;
const random = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};
const order = labels.map((_, i) => i);
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let mistakes = 0;
  for (const idx of order) {
    const feats = featureRows[idx]!;
    const y = labels[idx]!;
    let score = 0;
    for (const f of feats) score += w[f]!;
    if (y * score <= 0) {
      mistakes++;
      for (const f of feats) {
        w[f]! += y;
        u[f]! += c * y;
      }
    }
    c++;
  }
  console.log(`epoch ${epoch + 1}: ${mistakes} mistakes`);
}
const weights = new Float32Array(size);
let nonZero = 0;
for (let i = 0; i < size; i++) {
  const v = w[i]! - u[i]! / c;
  if (Math.abs(v) > 1e-3) {
    weights[i] = v;
    nonZero++;
  }
}

// ---- scores on the held-out dev split
const model = new BoundarySegmenter(dict, SparseWeights.fromDense(weights), HASH_BITS);
const baseline = new MaxMatchSegmenter(dict);
const fmt = (x: number): string => (100 * x).toFixed(2);
const devScore = scoreSegmenter(model, dev);
const baseScore = scoreSegmenter(baseline, dev);
const noPunct = { countPunctuation: false };
const devWords = scoreSegmenter(model, dev, noPunct);
const baseWords = scoreSegmenter(baseline, dev, noPunct);
const foldedDev = dev.map(foldSentence);
const foldScore = scoreSegmenter(model, foldedDev);
const lowerScore = scoreSegmenter(
  model,
  dev.map((s) => recase(s, (x) => x.toLowerCase())),
);
const upperScore = scoreSegmenter(
  model,
  dev.map((s) => recase(s, upper)),
);
console.log(
  `dev (UD VTB, ${devScore.goldWords} words): perceptron F1 ${fmt(devScore.f1)} ` +
    `(P ${fmt(devScore.precision)} R ${fmt(devScore.recall)}); max-match F1 ${fmt(baseScore.f1)}; ` +
    `perceptron on dev without diacritics F1 ${fmt(foldScore.f1)}, lower-cased ${fmt(lowerScore.f1)}, ` +
    `upper-cased ${fmt(upperScore.f1)}`,
);
console.log(
  `dev without punctuation (${devWords.goldWords} words): perceptron F1 ${fmt(devWords.f1)}; max-match F1 ${fmt(baseWords.f1)}`,
);

if (!dryRun) {
  mkdirSync(modelDir, { recursive: true });
  const header = [
    '# Multi-syllable words for the nghe segmenter (lower case, NFC, traditional tone placement).',
    '# Built by scripts/train-segmenter.ts from RDRsegmenter VnVocab.txt (Apache-2.0) and',
    '# Vietnamese administrative unit names (GSO export via vietnamadminunits, MIT).',
  ];
  writeFileSync(join(modelDir, 'dictionary.txt'), `${[...header, ...dictLines].join('\n')}\n`);
  // weights.bin: uint32 count, count x uint32 index, count x float32 weight (little endian).
  const buf = Buffer.alloc(4 + nonZero * 8);
  buf.writeUInt32LE(nonZero, 0);
  let k = 0;
  for (let i = 0; i < size; i++) {
    if (weights[i] === 0) continue;
    buf.writeUInt32LE(i, 4 + k * 4);
    buf.writeFloatLE(weights[i]!, 4 + nonZero * 4 + k * 4);
    k++;
  }
  writeFileSync(join(modelDir, 'weights.bin'), buf);
  const meta = {
    format: 'nghe-boundary-perceptron/1',
    hashBits: HASH_BITS,
    epochs: EPOCHS,
    trainedOn: useRdr
      ? ['ud-vietnamese-vtb train', 'rdrsegmenter Train_gold']
      : ['ud-vietnamese-vtb train'],
    foldedCopies: useFold,
    features: nonZero,
    devF1: Number(fmt(devScore.f1)),
    devF1Baseline: Number(fmt(baseScore.f1)),
    devF1WithoutPunctuation: Number(fmt(devWords.f1)),
    devF1BaselineWithoutPunctuation: Number(fmt(baseWords.f1)),
    devF1NoDiacritics: Number(fmt(foldScore.f1)),
    devF1LowerCase: Number(fmt(lowerScore.f1)),
    devF1UpperCase: Number(fmt(upperScore.f1)),
    caseCopies: useCase,
  };
  writeFileSync(join(modelDir, 'model.json'), `${JSON.stringify(meta, null, 2)}\n`);
  console.log(`wrote ${modelDir}: ${nonZero} weights, ${(buf.length / 1e6).toFixed(1)} MB`);
}
