// Word segmentation F1 on the UD Vietnamese-VTB dev split (never trained on), for the shipped
// model and the dictionary longest-match baseline in the same run, counting punctuation tokens
// as words and not counting them.
// Run: npx tsx scripts/evaluate-segmenter.ts [--show N]   (N: print up to N wrong words)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  loadDefaultSegmenter,
  loadMaxMatchSegmenter,
  parseGoldCorpus,
  scoreSegmenter,
} from '../src/analysis/segment/index.js';

const args = process.argv.slice(2);
const showArg = args.indexOf('--show');
const show = showArg >= 0 ? Number(args[showArg + 1]) : 0;
const path = resolve(
  process.cwd(),
  '../shared/data/segmentation/ud-vietnamese-vtb/vi_vtb-ud-dev.seg.txt',
);
const dev = parseGoldCorpus(readFileSync(path, 'utf8'));

const fmt = (x: number): string => (100 * x).toFixed(2);
for (const [name, segmenter] of [
  ['model', loadDefaultSegmenter()],
  ['max-match baseline', loadMaxMatchSegmenter()],
] as const) {
  const start = performance.now();
  const all = scoreSegmenter(segmenter, dev);
  const seconds = (performance.now() - start) / 1000;
  const words = scoreSegmenter(segmenter, dev, { countPunctuation: false });
  console.log(
    `${name.padEnd(20)} F1 ${fmt(words.f1)} (P ${fmt(words.precision)} R ${fmt(words.recall)}) without punctuation, ` +
      `${fmt(all.f1)} counting it; ${dev.length} sentences, ${words.goldWords} words, ${seconds.toFixed(2)} s`,
  );
}

if (show > 0) {
  const model = loadDefaultSegmenter();
  const missed = new Map<string, number>();
  const spurious = new Map<string, number>();
  for (const s of dev) {
    const got = model.segment(s.syllables);
    const want = new Set(s.words);
    const have = new Set(got);
    for (const w of s.words) if (!have.has(w)) missed.set(w, (missed.get(w) ?? 0) + 1);
    for (const w of got) if (!want.has(w)) spurious.set(w, (spurious.get(w) ?? 0) + 1);
  }
  const top = (m: Map<string, number>): string =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, show)
      .map(([w, n]) => `${w}:${n}`)
      .join(' ');
  console.log(`gold words the model missed: ${top(missed)}`);
  console.log(`words the model made that gold lacks: ${top(spurious)}`);
}
