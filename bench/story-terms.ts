// Reading story terms by word-run ids against reading them word by word (the string path), in
// alternating rounds of the same run: the term reader alone on stripped texts, then the whole
// story tracker (near-duplicates and clustering) with its term reader on either path, two
// trackers fed the same texts in alternating chunks.
//   npx tsx bench/story-terms.ts [--docs=20000] [--rounds=4]
// Texts are the ViCTSD comments with their article titles (../shared); without them a small
// built-in sample is cycled. Past one pass each repeat is rotated by a few words and numbered.
import { loadavg } from 'node:os';
import { StoryTracker, stripBoilerplate } from '../src/analysis/stories/index.js';
import { TermDictionary } from '../src/analysis/stories/term-dictionary.js';
import { victsdTexts } from './victsd-texts.js';

const arg = (name: string, fallback: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : fallback;
};
const N = arg('docs', 20_000);
const ROUNDS = arg('rounds', 4);

function baseTexts(): string[] {
  return victsdTexts([
    'Mưa lớn gây ngập sâu nhiều tuyến đường ở Thủ Đức, xe máy chết máy hàng loạt',
    'Cháy lớn tại xưởng gỗ ở Bình Dương, khói đen bao trùm khu công nghiệp',
    'Cựu thứ trưởng Cao Minh Quang hầu tòa trong vụ Dược Cửu Long ❤️ quá tệ!!',
    'Giá xăng RON 95 giảm hơn 500 đồng mỗi lít từ chiều nay',
  ]);
}

const base = baseTexts();
const t0 = Date.parse('2022-11-01T00:00:00+07:00');
const docs = Array.from({ length: N }, (_, i) => {
  const text = base[i % base.length]!;
  const pass = Math.floor(i / base.length);
  const words = text.split(' ');
  const k = pass % words.length;
  const out = pass === 0 ? text : `${[...words.slice(k), ...words.slice(0, k)].join(' ')} ${pass}`;
  return { id: String(i), text: out, publishedAt: t0 + i * 3_600 };
});
const stripped = docs.map((d) => stripBoilerplate(d.text));

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** CPU milliseconds of reading every stripped text's terms, three times, with a warm dictionary. */
function readTerms(byWordRuns: boolean): number {
  const dict = new TermDictionary();
  dict.byWordRuns = byWordRuns;
  for (const s of stripped) dict.read(s);
  const cpu = process.cpuUsage();
  for (let r = 0; r < 3; r++) for (const s of stripped) dict.read(s);
  return cpuMs(cpu);
}

/**
 * CPU milliseconds of adding every text to two fresh trackers, one per path, fed the same texts
 * in alternating chunks of 500 (which goes first alternating too), so both see the same load.
 */
function track(): { words: number; runs: number } {
  const byWords = new StoryTracker();
  byWords.stories.dictionary.byWordRuns = false;
  const byRuns = new StoryTracker();
  const spent = { words: 0, runs: 0 };
  for (let from = 0, chunk = 0; from < N; from += 500, chunk++) {
    const slice = docs.slice(from, from + 500);
    const order = chunk % 2 === 0 ? [byWords, byRuns] : [byRuns, byWords];
    for (const tracker of order) {
      const cpu = process.cpuUsage();
      for (const d of slice) tracker.add(d);
      if (tracker === byWords) spent.words += cpuMs(cpu);
      else spent.runs += cpuMs(cpu);
    }
  }
  return spent;
}

console.log(
  `${N.toLocaleString('en-US')} texts, ${ROUNDS} alternating rounds; load average ${load()}`,
);
readTerms(true);
readTerms(false);
const totals = { readWords: 0, readRuns: 0, trackWords: 0, trackRuns: 0 };
/** Per round, CPU by word over CPU by runs (above 1: the runs are faster). */
const ratios = { read: [] as number[], track: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which path goes first, so drift in the machine's load falls on both.
  const order = r % 2 === 0 ? [false, true] : [true, false];
  const round = { readWords: 0, readRuns: 0, trackWords: 0, trackRuns: 0 };
  for (const byRuns of order) {
    if (byRuns) round.readRuns = readTerms(true);
    else round.readWords = readTerms(false);
  }
  const tracked = track();
  round.trackWords = tracked.words;
  round.trackRuns = tracked.runs;
  for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += round[key];
  ratios.read.push(round.readWords / round.readRuns);
  ratios.track.push(round.trackWords / round.trackRuns);
}
const spread = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `rounds: median ×${median.toFixed(2)}, ×${sorted[0]!.toFixed(2)}..×${sorted.at(-1)!.toFixed(2)}`;
};
const perCpuSecond = (n: number, ms: number) =>
  `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/CPU-s`.padStart(16);
const reads = 3 * N * ROUNDS;
const tracked = N * ROUNDS;
console.log(`term reader, word by word (floor)   ${perCpuSecond(reads, totals.readWords)}`);
console.log(
  `term reader, by word-run ids        ${perCpuSecond(reads, totals.readRuns)}  ×${(totals.readWords / totals.readRuns).toFixed(2)}  ${spread(ratios.read)}`,
);
console.log(`story tracker, word by word (floor) ${perCpuSecond(tracked, totals.trackWords)}`);
console.log(
  `story tracker, by word-run ids      ${perCpuSecond(tracked, totals.trackRuns)}  ×${(totals.trackWords / totals.trackRuns).toFixed(2)}  ${spread(ratios.track)}`,
);
console.log(`load average after: ${load()}`);
