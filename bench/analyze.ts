// Throughput of the analysis pipeline on short social posts: whole pipeline on one core and on
// all cores (worker pool), each stage alone, and the two sentiment baselines beside the
// trained model.   npx tsx bench/analyze.ts [--posts=20000]
// On a shared machine wall-clock rates sink with the load, so the load average is printed and
// the one-core figure is also given per second of this process's CPU time.

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
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
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
console.log(
  `${N} short posts, mean ${meanLength} characters, ${availableParallelism()} cores, load average ${load}\n`,
);

// Each figure is the best of three rounds: the machine may be shared, and the best round is
// the one least disturbed by other work.
async function best(run: () => unknown): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

// Whole pipeline, one core, batches of 512 (what `nghe analyze` does). Warm-up pass first.
const pipeline = createAnalysisPipeline();
pipeline.analyze(inputs.slice(0, 2000));
const before = pipeline.stageTimings();
let singleCpuMs = Number.POSITIVE_INFINITY;
const singleMs = await best(() => {
  const cpu = process.cpuUsage();
  for (let i = 0; i < inputs.length; i += 512) pipeline.analyze(inputs.slice(i, i + 512));
  const used = process.cpuUsage(cpu);
  singleCpuMs = Math.min(singleCpuMs, (used.user + used.system) / 1000);
});
const after = pipeline.stageTimings();
const totalStageMs =
  Object.values(after).reduce((a, b) => a + b, 0) -
  Object.values(before).reduce((a, b) => a + b, 0);
console.log(`whole pipeline, 1 core        ${rate(N, singleMs)}`);
console.log(`  per CPU second (all threads of this process, GC included) ${rate(N, singleCpuMs)}`);
for (const stage of pipeline.stages) {
  const ms = ((after[stage.name] ?? 0) - (before[stage.name] ?? 0)) / 3;
  console.log(
    `  stage ${stage.name.padEnd(22)} ${rate(N, ms)}  (${((300 * ms) / totalStageMs).toFixed(0)}% of pipeline time)`,
  );
}

const pool = new AnalysisWorkerPool();
await pool.analyze(inputs.slice(0, 4000)); // start the threads and warm them up
const poolMs = await best(async () => {
  for (let i = 0; i < inputs.length; i += 10_000) await pool.analyze(inputs.slice(i, i + 10_000));
});
console.log(`whole pipeline, ${pool.size} workers     ${rate(N, poolMs)}`);
await pool.close();

// Sentiment alone: the trained model next to the baselines, each from raw text.
const vi = loadVietnameseSentimentModel();
const linearMs = await best(() => {
  for (const text of texts) vi.predict({ text, lang: 'vi' });
});
console.log('\nsentiment from raw text (tokenising and segmenting included), 1 core:');
console.log(`  trained linear model        ${rate(N, linearMs)}`);

const uitTrain = resolve(shared, 'sentiment/uit-vsfc.train.jsonl');
if (existsSync(uitTrain)) {
  const nb = new NaiveBayes(['negative', 'neutral', 'positive']);
  for (const line of readFileSync(uitTrain, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { text: string; label: string };
    nb.add(viSentimentTokens(row.text, vi.scheme), row.label);
  }
  const nbMs = await best(() => {
    for (const text of texts) nb.predict(viSentimentTokens(text, vi.scheme));
  });
  console.log(`  naive Bayes (baseline)      ${rate(N, nbMs)}`);
  const lexicon = loadVietSentiWordNet(resolve(shared, 'lexicons/sentiment/VietSentiWordNet'));
  const lexiconMs = await best(() => {
    for (const text of texts) lexicon.predict(viSentimentTokens(text, vi.scheme));
  });
  console.log(`  lexicon (baseline)          ${rate(N, lexiconMs)}`);

  // The classifiers alone, on tokens prepared beforehand.
  const tokens = texts.map((text) => vi.tokens({ text, lang: 'vi' }));
  console.log('sentiment on prepared tokens, 1 core:');
  const linearOnly = await best(() => {
    for (const t of tokens) vi.predictTokens(t);
  });
  console.log(`  trained linear model        ${rate(N, linearOnly)}`);
  const nbOnly = await best(() => {
    for (const t of tokens) nb.predict(t);
  });
  console.log(`  naive Bayes (baseline)      ${rate(N, nbOnly)}`);
  const lexiconOnly = await best(() => {
    for (const t of tokens) lexicon.predict(t);
  });
  console.log(`  lexicon (baseline)          ${rate(N, lexiconOnly)}`);
} else {
  console.log('baselines skipped: they train on ../shared/data/sentiment, which is absent');
}
