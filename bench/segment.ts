// Throughput of the analysis front end on one core.
// Run: npx tsx bench/segment.ts
// Uses the UD Vietnamese VTB dev text from ../shared when present, generated text otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normalizeText, tokenize } from '../src/analysis/normalize/index.js';
import {
  loadDefaultSegmenter,
  loadMaxMatchSegmenter,
  parseGoldCorpus,
} from '../src/analysis/segment/index.js';

const devFile = resolve(
  process.cwd(),
  '../shared/data/segmentation/ud-vietnamese-vtb/vi_vtb-ud-dev.seg.txt',
);

function generatedSentences(): string[][] {
  const pool =
    'thành phố hồ chí minh ngập nặng sau cơn mưa lớn người dân đi làm về muộn giá xăng tăng chính phủ họp bàn kinh tế , .'.split(
      ' ',
    );
  let seed = 7;
  const out: string[][] = [];
  for (let s = 0; s < 1500; s++) {
    const len = 10 + (s % 30);
    const sentence: string[] = [];
    for (let i = 0; i < len; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      sentence.push(pool[seed % pool.length]!);
    }
    out.push(sentence);
  }
  return out;
}

const source = existsSync(devFile) ? 'UD VTB dev' : 'generated text (../shared absent)';
const sentences = existsSync(devFile)
  ? parseGoldCorpus(readFileSync(devFile, 'utf8')).map((s) => s.syllables)
  : generatedSentences();
const texts = sentences.map((s) => s.join(' '));
const syllableCount = sentences.reduce((n, s) => n + s.length, 0);
const charCount = texts.reduce((n, t) => n + t.length, 0);

/**
 * Seconds per pass, best of several rounds after a warm-up, measured as this process's CPU time
 * (user + system): shared CI machines run other jobs, and wall time would charge their work to us.
 */
function time(fn: () => void, rounds = 7): number {
  fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return best;
}

const model = loadDefaultSegmenter();
const baseline = loadMaxMatchSegmenter();
const rate = (n: number, s: number): string => `${(n / s / 1e6).toFixed(2)} M`;

console.log(
  `input: ${source}, ${sentences.length} sentences, ${syllableCount} syllables, ${charCount} chars`,
);
const tModel = time(() => {
  for (const s of sentences) model.segment(s);
});
console.log(`segmenter (perceptron): ${rate(syllableCount, tModel)} syllables/s`);
const tBase = time(() => {
  for (const s of sentences) baseline.segment(s);
});
console.log(`segmenter (max-match baseline): ${rate(syllableCount, tBase)} syllables/s`);
const tNorm = time(() => {
  for (const t of texts) normalizeText(t);
});
console.log(`normalizeText: ${rate(charCount, tNorm)} chars/s`);
const tTok = time(() => {
  for (const t of texts) tokenize(t);
});
console.log(`tokenize: ${rate(charCount, tTok)} chars/s`);
const tBoth = time(() => {
  for (const t of texts) tokenize(normalizeText(t));
});
console.log(`normalizeText + tokenize: ${rate(charCount, tBoth)} chars/s`);

const socialFile = resolve(process.cwd(), '../shared/data/social/vihsd/train.csv');
if (existsSync(socialFile)) {
  const comments = readFileSync(socialFile, 'utf8').split('\n').slice(1, 10_001);
  const socialChars = comments.reduce((n, t) => n + t.length, 0);
  const tSocial = time(() => {
    for (const t of comments) tokenize(normalizeText(t));
  }, 3);
  console.log(
    `normalizeText + tokenize, ViHSD comments (${socialChars} chars): ${rate(socialChars, tSocial)} chars/s`,
  );
}
