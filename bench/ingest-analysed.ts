// Ingest benchmark with analysed mentions: the synthetic posts of ingest.ts, each carrying a
// language, a sentiment with its class probabilities and keywords, so every roll-up the
// analysis feeds (counts, terms, share statistics) is kept while they are stored.
//   npx tsx bench/ingest-analysed.ts [--sizes 50000,100000] [--batch 1000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MentionAnalysis, MentionInput, Sentiment } from '../src/model.js';
import { seededRandom } from '../src/seeded-random.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { fileSizeBytes, syntheticMentions } from './ingest.js';

const SENTIMENTS: Sentiment[] = ['negative', 'neutral', 'positive'];

function analysed(mentions: MentionInput[], random: () => number): MentionInput[] {
  return mentions.map((m) => {
    const raw = SENTIMENTS.map(() => random() ** 2);
    const sum = raw.reduce((a, b) => a + b, 0);
    const p = raw.map((v) => v / sum);
    const top = p.indexOf(Math.max(...p));
    const words = m.text
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter(Boolean);
    const analysis: MentionAnalysis = {
      lang: m.language,
      sentiment: SENTIMENTS[top]!,
      sentimentConfidence: p[top]!,
      sentimentProbabilities: { negative: p[0]!, neutral: p[1]!, positive: p[2]! },
      shareGroup: m.language === 'vi' ? (random() < 0.5 ? 'vi:feedback' : 'vi:forum') : 'en',
      keywords: [...new Set(words)].slice(0, 5),
    };
    return { ...m, analysis };
  });
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50000,100000' },
    batch: { type: 'string', default: '1000' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const batch = Number(values.batch);
const dir = mkdtempSync(join(tmpdir(), 'nghe-bench-'));
const path = join(dir, 'ingest.db');
const store = openSqliteStore(path);
const random = seededRandom(11);
try {
  const { source } = await store.addSource({ kind: 'feed', url: 'https://bench.example/feed' });
  let done = 0;
  for (const size of sizes) {
    const start = done;
    let cpuMicros = 0;
    let ms = 0;
    while (done < size) {
      const mentions = analysed(
        syntheticMentions(done, Math.min(batch, size - done), 'live'),
        random,
      );
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await store.saveMentions(source.id, mentions);
      const cpu = process.cpuUsage(cpu0);
      ms += performance.now() - t0;
      cpuMicros += cpu.user + cpu.system;
      done += mentions.length;
    }
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    console.log(
      `${size.toLocaleString('en')} analysed mentions: ` +
        `${Math.round(((done - start) / ms) * 1000).toLocaleString('en')} mentions/s ` +
        `(${Math.round(((done - start) / cpuMicros) * 1e6).toLocaleString('en')} per CPU second) ` +
        `for this step, file ${(fileSizeBytes(path) / 2 ** 20).toFixed(0)} MiB`,
    );
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
