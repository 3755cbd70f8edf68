// Throughput of the analysis pipeline on short social posts (the ViHSD comments nghe import
// reads in bench/ingest-e2e.ts): the whole pipeline on one thread and on a worker pool, the CPU
// time of each stage in microseconds a post, next to a floor measured in the same run (Unicode
// NFC and a split on white space, the least any analysis does), and the sentiment baselines
// beside the trained model.
//   npx tsx bench/analyze.ts [--posts=20000] [--workers=2] [--rounds=3] [--no-baselines] [--no-pool]
//   npx tsx bench/analyze.ts --dump=FILE   writes every result of the one-thread pipeline over
//     the labelled social, comment and review sets in ../shared (tens of thousands of texts, as
//     social, news and unknown platform) as JSON lines, to compare two versions of the analysis.
// On a shared machine wall-clock rates sink with the load, so the load average is printed and
// every figure is also given per second of this process's CPU time (all its threads, garbage
// collection included).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { createAnalysisPipeline } from '../src/analysis/pipeline.js';
import {
  loadVietnameseSentimentModel,
  loadVietSentiWordNet,
  NaiveBayes,
  viSentimentTokens,
} from '../src/analysis/sentiment/index.js';
import { AnalysisWorkerPool } from '../src/analysis/worker-pool.js';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const N = Number(arg('posts') ?? 20_000);
const WORKERS = Number(arg('workers') ?? availableParallelism());
const ROUNDS = Number(arg('rounds') ?? 3);
const BASELINES = !process.argv.includes('--no-baselines');
const shared = resolve(process.cwd(), '../shared/data');

function readCsvTexts(path: string): string[] {
  const texts: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    const text = line.replace(/,\d\s*$/, '').replace(/^"|"$/g, '');
    if (text.trim()) texts.push(text);
  }
  return texts;
}

function corpus(): string[] {
  const texts: string[] = [];
  const social = resolve(shared, 'social/vihsd/train.csv');
  if (existsSync(social)) texts.push(...readCsvTexts(social));
  else {
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

const cpuMicros = (since?: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return u.user + u.system;
};
const perSecond = (count: number, micros: number): string =>
  `${Math.round(count / (micros / 1e6)).toLocaleString('en-US')}/s`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const DUMP = arg('dump');
if (DUMP !== undefined) {
  const rows: { id: string; text: string; platform?: string }[] = [];
  const csv = (file: string, column: string, platform?: string) => {
    const path = resolve(shared, file);
    if (!existsSync(path)) return;
    const records = parse(readFileSync(path, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    for (const r of records) {
      const text = r[column];
      if (text)
        rows.push({ id: `${file}:${rows.length}`, text, ...(platform ? { platform } : {}) });
    }
  };
  const jsonl = (file: string, platform?: string) => {
    const path = resolve(shared, file);
    if (!existsSync(path)) return;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const { text } = JSON.parse(line) as { text: string };
      rows.push({ id: `${file}:${rows.length}`, text, ...(platform ? { platform } : {}) });
    }
  };
  csv('social/vihsd/train.csv', 'free_text', 'facebook');
  csv('social/vihsd/dev.csv', 'free_text', 'facebook');
  csv('social/uit-victsd/ViCTSD_train.csv', 'Comment', 'facebook');
  csv('social/uit-victsd/ViCTSD_valid.csv', 'Comment');
  csv('social/uit-victsd/ViCTSD_train.csv', 'Title', 'web');
  jsonl('sentiment/uit-vsfc.train.jsonl');
  jsonl('sentiment/aivivn2019.train.jsonl', 'shopee');
  jsonl('sentiment/vlsp2016.train.jsonl', 'web');
  const pipeline = createAnalysisPipeline();
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i += 512) {
    for (const r of pipeline.analyze(rows.slice(i, i + 512))) lines.push(JSON.stringify(r));
  }
  writeFileSync(DUMP, `${lines.join('\n')}\n`);
  console.log(`${lines.length} results written to ${DUMP}`);
  process.exit(0);
}

const texts = corpus();
const inputs = texts.map((text, i) => ({ id: String(i), text, platform: 'facebook' }));
const meanLength = Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length);
console.log(
  `${N} short posts, mean ${meanLength} characters, ${availableParallelism()} cores, load average ${load()}`,
);
console.log(`best of ${ROUNDS} rounds; CPU = this process's user + system time, all threads\n`);

interface Round {
  wallMs: number;
  cpuUs: number;
}
/** Best round by CPU time (the least disturbed), with its wall time. */
async function best(run: () => unknown): Promise<Round> {
  let out: Round = { wallMs: Number.POSITIVE_INFINITY, cpuUs: Number.POSITIVE_INFINITY };
  for (let round = 0; round < ROUNDS; round++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await run();
    const r = { wallMs: performance.now() - start, cpuUs: cpuMicros(cpu) };
    if (r.cpuUs < out.cpuUs) out = r;
  }
  return out;
}
const report = (label: string, r: Round): string =>
  `${label.padEnd(34)} ${(r.cpuUs / N).toFixed(1).padStart(7)} µs/post CPU  ${perSecond(N, r.cpuUs).padStart(10)} per CPU s  ${perSecond(N, r.wallMs * 1000).padStart(10)} wall`;

// The floor: what any analysis of these posts costs at least.
let sink = 0;
const floor = await best(() => {
  for (const t of texts) sink += t.normalize('NFC').split(/\s+/).length;
});
console.log(report(`floor: NFC + split on white space`, floor));
if (sink === 0) console.log('(no words)');

// Whole pipeline on one thread, batches of 512 (what `nghe analyze` does), after a warm-up pass.
// Each stage's CPU time is taken around its run over a batch.
const pipeline = createAnalysisPipeline();
const stageCpu = new Map<string, number>();
for (const stage of pipeline.stages) {
  const run = stage.run.bind(stage);
  stageCpu.set(stage.name, 0);
  (stage as { run: typeof stage.run }).run = (docs) => {
    const cpu = process.cpuUsage();
    run(docs);
    stageCpu.set(stage.name, stageCpu.get(stage.name)! + cpuMicros(cpu));
  };
}
pipeline.analyze(inputs.slice(0, 2000));
let bestStages = new Map<string, number>();
let bestCpu = Number.POSITIVE_INFINITY;
// Garbage collection pauses of this thread, in milliseconds, while a round runs.
let gcMs = 0;
let bestGcMs = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
gcObserver.observe({ entryTypes: ['gc'] });
const whole = await best(async () => {
  for (const name of stageCpu.keys()) stageCpu.set(name, 0);
  // GC entries arrive on a later turn of the event loop: those of earlier work before the round.
  await new Promise((r) => setTimeout(r, 20));
  gcMs = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < inputs.length; i += 512) pipeline.analyze(inputs.slice(i, i + 512));
  const used = cpuMicros(cpu);
  await new Promise((r) => setTimeout(r, 20));
  if (used < bestCpu) {
    bestCpu = used;
    bestStages = new Map(stageCpu);
    bestGcMs = gcMs;
  }
});
gcObserver.disconnect();
console.log(report('whole pipeline, 1 thread', whole));
let stagesTotal = 0;
for (const [name, us] of bestStages) {
  stagesTotal += us;
  console.log(
    `  stage ${name.padEnd(26)} ${(us / N).toFixed(1).padStart(7)} µs/post CPU  ${perSecond(N, us).padStart(10)} per CPU s  ${((100 * us) / whole.cpuUs).toFixed(0).padStart(3)}% of the pipeline's CPU`,
  );
}
console.log(
  `  garbage collection (wall, in the above)  ${((bestGcMs * 1000) / N).toFixed(1).padStart(5)} µs/post  ${((100 * bestGcMs * 1000) / whole.cpuUs).toFixed(0).padStart(3)}% of the pipeline's CPU`,
);
console.log(
  `  between stages (batching, results)  ${((whole.cpuUs - stagesTotal) / N).toFixed(1).padStart(7)} µs/post CPU`,
);
console.log(
  `  pipeline / floor: ${(whole.cpuUs / floor.cpuUs).toFixed(1)}x the CPU time; load average now ${load()}`,
);
if (process.argv.includes('--no-pool')) process.exit(0);

// On worker threads, as import and analyse run it: with every result's words passed back, and
// with only what is stored (tokens: false).
for (const tokens of [true, false]) {
  const pool = new AnalysisWorkerPool({ size: WORKERS, tokens });
  await pool.analyze(inputs.slice(0, 4000 * pool.size)); // start the threads and warm them up
  const pooled = await best(async () => {
    for (let i = 0; i < inputs.length; i += 10_000) await pool.analyze(inputs.slice(i, i + 10_000));
  });
  const label = `whole pipeline, ${pool.size} threads${tokens ? '' : ', no words'}`;
  console.log(report(label, pooled));
  await pool.close();
}
console.log(`load average ${load()}`);
if (!BASELINES) process.exit(0);

// Sentiment alone: the trained model next to the baselines, each from raw text.
const vi = loadVietnameseSentimentModel();
const rate = (count: number, r: Round): string => perSecond(count, r.wallMs * 1000);
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
