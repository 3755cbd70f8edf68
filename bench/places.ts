// Place and sector tagging throughput next to the analysis pipeline on the same posts, in one
// run, and ingest (analyse, then store in a fresh SQLite file) without places, sectors and
// stories next to ingest with them (the default): the tagging should cost well under the
// pipeline's own time.
//   npx tsx bench/places.ts [--posts=5000]
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAnalysisPipeline, toMentionAnalysis } from '../src/analysis/pipeline.js';
import { tagSectors } from '../src/analysis/sectors/index.js';
import type { MentionInput } from '../src/model.js';
import { tagPlaces } from '../src/places/index.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';

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
const pipeline = createAnalysisPipeline({ tags: false });
pipeline.analyze(posts.slice(0, 100).map((text, i) => ({ id: String(i), text })));
const tPipe = time('analysis pipeline, untagged', () => {
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

/** Analyse and store every post in batches of 500 into a fresh file; posts/s. */
function ingest(label: string, tags: boolean): void {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-bench-places-'));
  const store = openSqliteStore(join(dir, 'nghe.db'));
  const analyse = createAnalysisPipeline({ tags });
  const start = Date.parse('2025-09-01T00:00:00Z');
  try {
    time(label, () => {
      for (let i = 0; i < N; i += 500) {
        const batch = posts.slice(i, i + 500);
        const results = analyse.analyze(batch.map((text, k) => ({ id: String(k), text })));
        const inputs: MentionInput[] = batch.map((text, k) => ({
          platform: 'x',
          canonicalUrl: null,
          externalId: `bench-${i + k}`,
          author: { key: `a${(i + k) % 997}`, displayName: null, kind: 'person' },
          publishedAt: new Date(start + (i + k) * 30_000).toISOString(),
          collectedAt: new Date(start + (i + k) * 30_000 + 60_000).toISOString(),
          language: null,
          title: null,
          text,
          html: null,
          categories: [],
          engagement: {},
          parentExternalId: null,
          raw: null,
          analysis: toMentionAnalysis(results[k]!),
        }));
        void store.saveMentions(null, inputs);
      }
    });
  } finally {
    void store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
ingest('ingest, untagged', false);
ingest('ingest + places/sectors/stories', true);
