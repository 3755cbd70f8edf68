// Place and sector tagging throughput next to the analysis pipeline on the same posts, in one
// run: the tagging should cost well under the pipeline's own time.
//   npx tsx bench/places.ts [--posts=5000]
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAnalysisPipeline } from '../src/analysis/pipeline.js';
import { tagSectors } from '../src/analysis/sectors/index.js';
import { tagPlaces } from '../src/places/index.js';

const postsArg = process.argv.find((a) => a.startsWith('--posts='));
const N = postsArg ? Number(postsArg.slice('--posts='.length)) : 5000;
const file = resolve(process.cwd(), '../shared/data/social/vihsd/dev.csv');
const base = existsSync(file)
  ? readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/,\d\s*$/, '').replace(/^"|"$/g, ''))
      .filter((t) => t.trim() !== '')
  : ['Ngập ở quận 1, TP.HCM sau mưa lớn', 'Kẹt xe trên cao tốc Long Thành', 'phim hay quá'];
const posts = Array.from({ length: N }, (_, i) => base[i % base.length]!);

const time = (label: string, run: () => void) => {
  const t0 = performance.now();
  run();
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(28)} ${(N / s).toFixed(0).padStart(8)} posts/s`);
  return s;
};

tagPlaces('warm up TP.HCM');
tagSectors('warm up kẹt xe');
const pipeline = createAnalysisPipeline();
pipeline.analyze(posts.slice(0, 100).map((text, i) => ({ id: String(i), text })));
const tPipe = time('analysis pipeline', () => {
  for (let i = 0; i < N; i += 512) {
    pipeline.analyze(posts.slice(i, i + 512).map((text, k) => ({ id: String(i + k), text })));
  }
});
const tPlaces = time('place tagging', () => {
  for (const p of posts) tagPlaces(p);
});
const tSectors = time('sector tagging', () => {
  for (const p of posts) tagSectors(p);
});
console.log(
  `place + sector tagging costs ${((100 * (tPlaces + tSectors)) / tPipe).toFixed(1)} % of the pipeline's time`,
);
