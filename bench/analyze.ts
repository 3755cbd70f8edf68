// Throughput of the analysis pipeline on short social posts: whole pipeline on one core and on
// all cores (worker pool), each stage alone, and the two sentiment baselines beside the
// trained model.   npx tsx bench/analyze.ts [--posts=20000]

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { createAnalysisPipeline } from '../src/analysis/pipeline.js';
import {
  loadVietnameseSentimentModel,
  loadVietSentiWordNet,
  NaiveBayes,
  viSentimentTokens,
} from '../src/analysis/sentiment/index.js';
import { AnalysisWorkerPool } from '../src/analysis/worker-pool.js';

const postsArg = process.argv.find((a) => a.startsWith('--posts='));
const N = postsArg ? Number(postsArg.slice('--posts='.length)) : 20_000;
const shared = resolve(process.cwd(), '../shared/data');

function corpus(): string[] {
  const texts: string[] = [];
  const social = resolve(shared, 'social/vihsd/dev.csv');
  if (existsSync(social)) {
    for (const line of readFileSync(social, 'utf8').split('\n').slice(1)) {
      const text = line.replace(/,\d\s*$/, '').replace(/^"|"$/g, '');
      if (text.trim()) texts.push(text);
    }
  } else {
    console.log('../shared is absent: benchmarking on built-in sample posts');
    texts.push(
      'Sản phẩm dùng tốt, giao hàng nhanh, shop tư vấn nhiệt tình 👍',
      'ko biet nói gì luôn, chán thật sự :((',
      'Giá hơi cao so với chất lượng nhưng cũng tạm được',
      'The battery lasts all day, really happy with it',
      '@minh xem cái này đi 😂 https://example.com/x',
    );
  }
  return Array.from({ length: N }, (_, i) => texts[i % texts.length]!);
}

function rate(count: number, ms: number): string {
  return `${Math.round(count / (ms / 1000)).toLocaleString('en-US')}/s`;
}

const texts = corpus();
const inputs = texts.map((text, i) => ({ id: String(i), text }));
const meanLength = Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length);
console.log(`${N} short posts, mean ${meanLength} characters, ${availableParallelism()} cores\n`);

// Whole pipeline, one core, batches of 512 (what `nghe analyze` does). Warm-up pass first.
const pipeline = createAnalysisPipeline();
pipeline.analyze(inputs.slice(0, 2000));
const before = pipeline.stageTimings();
let start = performance.now();
for (let i = 0; i < inputs.length; i += 512) pipeline.analyze(inputs.slice(i, i + 512));
const singleMs = performance.now() - start;
const after = pipeline.stageTimings();
console.log(`whole pipeline, 1 core        ${rate(N, singleMs)}`);
for (const stage of pipeline.stages) {
  const ms = (after[stage.name] ?? 0) - (before[stage.name] ?? 0);
  console.log(
    `  stage ${stage.name.padEnd(22)} ${rate(N, ms)}  (${((100 * ms) / singleMs).toFixed(0)}% of time)`,
  );
}

const pool = new AnalysisWorkerPool();
await pool.analyze(inputs.slice(0, 4000)); // start the threads and warm them up
start = performance.now();
for (let i = 0; i < inputs.length; i += 5000) await pool.analyze(inputs.slice(i, i + 5000));
const poolMs = performance.now() - start;
console.log(`whole pipeline, ${pool.size} workers     ${rate(N, poolMs)}`);
await pool.close();

// Sentiment alone: the trained model next to the baselines, each from raw text.
const vi = loadVietnameseSentimentModel();
start = performance.now();
for (const text of texts) vi.predict({ text, lang: 'vi' });
console.log(
  `\nsentiment, trained linear     ${rate(N, performance.now() - start)} (tokenising included)`,
);

const uitTrain = resolve(shared, 'sentiment/uit-vsfc.train.jsonl');
if (existsSync(uitTrain)) {
  const nb = new NaiveBayes(['negative', 'neutral', 'positive']);
  for (const line of readFileSync(uitTrain, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { text: string; label: string };
    nb.add(viSentimentTokens(row.text, vi.scheme), row.label);
  }
  start = performance.now();
  for (const text of texts) nb.predict(viSentimentTokens(text, vi.scheme));
  console.log(`sentiment, naive Bayes        ${rate(N, performance.now() - start)}`);
  const lexicon = loadVietSentiWordNet(resolve(shared, 'lexicons/sentiment/VietSentiWordNet'));
  start = performance.now();
  for (const text of texts) lexicon.predict(viSentimentTokens(text, vi.scheme));
  console.log(`sentiment, lexicon            ${rate(N, performance.now() - start)}`);
} else {
  console.log('baselines skipped: they train on ../shared/data/sentiment, which is absent');
}
