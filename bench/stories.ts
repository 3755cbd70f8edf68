// Near-duplicate detection alone and with story clustering at ingest, next to the analysis
// pipeline alone in the same run, and the memory they hold per 100,000 texts.
//   npx tsx --expose-gc bench/stories.ts [--docs=100000] [--pipeline-docs=5000]
//     [--max-term-stories=N] [--min-content-words=N]   (story policy; defaults as at ingest)
// Texts are the news items and comments of ../shared (ViCTSD comments on news articles, with
// their article titles); past one pass each repeat is rotated by a few words and given a number,
// so it is no exact copy. Publication times run 1,000 texts an hour. Without ../shared a small
// built-in sample is cycled the same way. Last, the comments alone as ingest sees them from a
// platform: each a reply under its article's post (joining the post's story), against the same
// comments clustered on their own words.
import { loadavg } from 'node:os';
import { createAnalysisPipeline } from '../src/analysis/pipeline.js';
import {
  DEFAULT_STORY_OPTIONS,
  NearDuplicateIndex,
  StoryTracker,
} from '../src/analysis/stories/index.js';
import { victsdRows, victsdTexts } from './victsd-texts.js';

const arg = (name: string, fallback: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : fallback;
};
const N = arg('docs', 100_000);
const PIPELINE_N = arg('pipeline-docs', 5_000);
const policy = {
  stories: {
    maxTermStories: arg('max-term-stories', DEFAULT_STORY_OPTIONS.maxTermStories),
    minContentWords: arg('min-content-words', DEFAULT_STORY_OPTIONS.minContentWords),
  },
};

function baseTexts(): string[] {
  return victsdTexts([
    'Mưa lớn gây ngập sâu nhiều tuyến đường ở Thủ Đức, xe máy chết máy hàng loạt',
    'Cháy lớn tại xưởng gỗ ở Bình Dương, khói đen bao trùm khu công nghiệp',
    'Cựu thứ trưởng Cao Minh Quang hầu tòa trong vụ Dược Cửu Long',
    'Giá xăng RON 95 giảm hơn 500 đồng mỗi lít từ chiều nay',
  ]);
}

function corpus(n: number): { id: string; text: string; publishedAt: number }[] {
  const base = baseTexts();
  const t0 = Date.parse('2022-11-01T00:00:00+07:00');
  return Array.from({ length: n }, (_, i) => {
    const text = base[i % base.length]!;
    const pass = Math.floor(i / base.length);
    let out = text;
    if (pass > 0) {
      const words = text.split(' ');
      const k = pass % words.length;
      out = `${[...words.slice(k), ...words.slice(0, k)].join(' ')} ${pass}`;
    }
    return { id: String(i), text: out, publishedAt: t0 + i * 3_600 };
  });
}

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/s`;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

const docs = corpus(N);
const meanChars = Math.round(docs.reduce((s, d) => s + d.text.length, 0) / docs.length);
console.log(
  `story policy: max ${policy.stories.maxTermStories} live stories per looked-up term, ` +
    `${policy.stories.minContentWords} content words to start a story`,
);
console.log(
  `${N.toLocaleString('en-US')} texts, mean ${meanChars} characters; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}${gc ? '' : ' (run with --expose-gc for exact memory figures)'}\n`,
);

// Analysis pipeline alone, one core, batches of 512, on the first PIPELINE_N texts.
const pipeline = createAnalysisPipeline();
pipeline.analyze(docs.slice(0, 500).map((d) => ({ id: d.id, text: d.text, platform: 'web' })));
const sample = docs.slice(0, PIPELINE_N).map((d) => ({ id: d.id, text: d.text, platform: 'web' }));
let cpu = process.cpuUsage();
let start = performance.now();
for (let i = 0; i < sample.length; i += 512) pipeline.analyze(sample.slice(i, i + 512));
const pipelineMs = performance.now() - start;
const pipelineCpu = cpuMs(cpu);

// Dedup + clustering on the same first PIPELINE_N texts, then on all N (memory).
const warm = new StoryTracker(policy);
for (const d of docs.slice(0, 500)) warm.add({ ...d, id: `w${d.id}` });
const small = new StoryTracker(policy);
cpu = process.cpuUsage();
start = performance.now();
for (const d of docs.slice(0, PIPELINE_N)) small.add(d);
const storiesSmallMs = performance.now() - start;
const storiesSmallCpu = cpuMs(cpu);

// Near-duplicate detection alone on the same texts.
const dupOnly = new NearDuplicateIndex();
cpu = process.cpuUsage();
start = performance.now();
for (const d of docs.slice(0, PIPELINE_N)) dupOnly.add(d);
const dupMs = performance.now() - start;
const dupCpu = cpuMs(cpu);

const before = heap();
const tracker = new StoryTracker(policy);
cpu = process.cpuUsage();
start = performance.now();
for (const d of docs) tracker.add(d);
const storiesMs = performance.now() - start;
const storiesCpu = cpuMs(cpu);
const held = heap() - before;

const line = (label: string, n: number, ms: number, cpuUsed: number) =>
  console.log(
    `${label.padEnd(44)} ${rate(n, ms).padStart(10)} wall  ${rate(n, cpuUsed).padStart(10)} per CPU-second`,
  );
line(`analysis pipeline alone (${PIPELINE_N} texts)`, PIPELINE_N, pipelineMs, pipelineCpu);
line(`near-duplicates alone (${PIPELINE_N} texts)`, PIPELINE_N, dupMs, dupCpu);
line(`dedup + clustering (${PIPELINE_N} texts)`, PIPELINE_N, storiesSmallMs, storiesSmallCpu);
line(`dedup + clustering (${N} texts)`, N, storiesMs, storiesCpu);
const perText = 1 / (PIPELINE_N / pipelineCpu) + 1 / (PIPELINE_N / storiesSmallCpu);
console.log(
  `${'pipeline + dedup + clustering'.padEnd(44)} ${''.padStart(10)}       ${rate(1, perText).padStart(10)} per CPU-second`,
);
console.log(
  `\nheld after ${N.toLocaleString('en-US')} texts: ${(held / 2 ** 20).toFixed(1)} MiB ` +
    `(${((held / 2 ** 20) * (100_000 / N)).toFixed(1)} MiB per 100k texts); ` +
    `${tracker.duplicates.size.toLocaleString('en-US')} texts in the near-duplicate window, ` +
    `${tracker.stories.activeStories.toLocaleString('en-US')} live stories holding ` +
    `${tracker.stories.activeTexts.toLocaleString('en-US')} texts`,
);

// Comments as replies to their article's post, against the same comments clustered alone.
const rows = victsdRows();
if (rows !== null) {
  const t0 = Date.parse('2022-11-01T00:00:00+07:00');
  const postOf = new Map<string, string>();
  const thread: { id: string; text: string; publishedAt: number; root: string | null }[] = [];
  for (const [i, r] of rows.entries()) {
    const title = r.Title ?? '';
    let post = postOf.get(title);
    if (post === undefined) {
      post = `t${postOf.size}`;
      postOf.set(title, post);
      thread.push({ id: post, text: title, publishedAt: t0 + i * 3_600, root: null });
    }
    thread.push({ id: `c${i}`, text: r.Comment ?? '', publishedAt: t0 + i * 3_600, root: post });
  }
  const comments = thread.filter((d) => d.root !== null).length;
  for (const asReplies of [false, true]) {
    const t = new StoryTracker(policy);
    cpu = process.cpuUsage();
    start = performance.now();
    for (const d of thread) {
      t.add({
        id: d.id,
        text: d.text,
        publishedAt: d.publishedAt,
        thread: asReplies && d.root !== null ? { root: d.root } : null,
      });
    }
    line(
      `${comments} comments under ${postOf.size} posts, ${asReplies ? 'as replies' : 'clustered'}`,
      thread.length,
      performance.now() - start,
      cpuMs(cpu),
    );
    console.log(`${''.padEnd(44)} ${t.stories.activeStories.toLocaleString('en-US')} live stories`);
  }
}
