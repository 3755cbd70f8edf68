// Import benchmark: a generated 50,000-row CSV through the whole `nghe import` path (read,
// map, pseudonymise, analyse, store with the full-text index, tag against topics), next to
// the store alone saving the same mentions, in the same run.
//   npx tsx bench/import.ts [--rows 50000] [--batch 500] [--topics 100]
// Prints rows/s for each, and where the whole path spends its time.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openImport } from '../src/connectors/import/read-import.js';
import { createMentionAnalyzer } from '../src/jobs/analyze-mentions.js';
import { importRows } from '../src/jobs/import-file.js';
import { prepareMention } from '../src/jobs/prepare-mention.js';
import { createPseudonymiser } from '../src/jobs/pseudonymise.js';
import { TopicTagger } from '../src/jobs/topic-tagger.js';
import type { MentionInput } from '../src/model.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { syntheticMentions } from './ingest.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '50000' },
    batch: { type: 'string', default: '500' },
    topics: { type: 'string', default: '100' },
  },
});
const rows = Number(values.rows);
const batchSize = Number(values.batch);
const topicCount = Number(values.topics);

const csvCell = (value: string) => `"${value.replaceAll('"', '""')}"`;

function generateCsv(path: string): void {
  const lines = ['Post ID,Date,Message,User,Likes,Link'];
  for (const m of syntheticMentions(0, rows, 'backfill')) {
    lines.push(
      [
        m.externalId,
        m.publishedAt!.replace('T', ' ').slice(0, 19),
        csvCell(m.text),
        `user-${m.author!.key}`,
        String(m.engagement.likes ?? 0),
        m.canonicalUrl ?? '',
      ].join(','),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const timed = async <T>(run: () => Promise<T>) => {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(cpu);
  return { result, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
};

const perSecond = (count: number, ms: number) =>
  Math.round((count * 1000) / ms).toLocaleString('en-US');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-bench-import-'));
  const file = join(dir, 'export.csv');
  try {
    generateCsv(file);
    const pseudonymise = createPseudonymiser(Buffer.alloc(32, 1));

    // The whole path, as `nghe import` runs it, with the time of each step.
    const store = openSqliteStore(join(dir, 'whole.sqlite'));
    for (let i = 0; i < topicCount; i++) {
      await store.createTopic({
        name: `chủ đề ${i}`,
        query: i % 2 ? `giá AND "nhà ${i}"` : `nhanhieu${i} OR "giao thông"`,
      });
    }
    const tagger = new TopicTagger({ store });
    const analyzer = createMentionAnalyzer();
    await analyzer(syntheticMentions(0, 1)); // the models load once, outside the timing
    const spent = { analyse: 0, store: 0, tag: 0 };
    const analyze = async (inputs: MentionInput[]) => {
      const start = performance.now();
      const out = await analyzer(inputs);
      spent.analyse += performance.now() - start;
      return out;
    };
    const timedStore = Object.create(store) as typeof store;
    timedStore.saveMentions = async (sourceId, inputs) => {
      const start = performance.now();
      const saved = await store.saveMentions(sourceId, inputs);
      spent.store += performance.now() - start;
      return saved;
    };
    const whole = await timed(async () => {
      const reading = await openImport(createReadStream(file), {
        map: {
          externalId: 'Post ID',
          publishedAt: 'Date',
          text: 'Message',
          authorId: 'User',
          likes: 'Likes',
          url: 'Link',
        },
        platform: 'facebook',
      });
      return importRows(reading.rows, {
        store: timedStore,
        pseudonymise,
        analyze,
        batchSize,
        onSaved: async (saved) => {
          const start = performance.now();
          await tagger.tagSaved(saved);
          spent.tag += performance.now() - start;
        },
      });
    });
    await store.close();
    const summary = whole.result;
    if (summary.inserted !== rows)
      throw new Error(`expected ${rows} new mentions, got ${summary.inserted}`);
    const rest = whole.ms - spent.analyse - spent.store - spent.tag;

    // The store alone, saving the same mentions prepared in advance.
    const reading = await openImport(createReadStream(file), {
      map: {
        externalId: 'Post ID',
        publishedAt: 'Date',
        text: 'Message',
        authorId: 'User',
        likes: 'Likes',
        url: 'Link',
      },
      platform: 'facebook',
    });
    const inputs: MentionInput[] = [];
    const collectedAt = new Date().toISOString();
    for await (const row of reading.rows) {
      if ('mention' in row)
        inputs.push(prepareMention(row.mention, { pseudonymise, collectedAt, sourceUrl: null }));
    }
    const bare = openSqliteStore(join(dir, 'alone.sqlite'));
    const alone = await timed(async () => {
      for (let i = 0; i < inputs.length; i += batchSize) {
        await bare.saveMentions(null, inputs.slice(i, i + batchSize));
      }
    });
    await bare.close();

    const share = (ms: number) => `${((ms / whole.ms) * 100).toFixed(0)}%`;
    console.log(
      `nghe import bench: ${rows.toLocaleString('en-US')} CSV rows, batches of ${batchSize}, ${topicCount} topics`,
    );
    console.log(
      `whole path  ${perSecond(rows, whole.ms)} rows/s (${(whole.ms / 1000).toFixed(1)} s wall, ${perSecond(rows, whole.cpuMs)} rows per CPU-second)`,
    );
    console.log(
      `  analyse ${share(spent.analyse)}, store ${share(spent.store)}, tag ${share(spent.tag)}, read + map + pseudonymise ${share(rest)}`,
    );
    console.log(
      `store alone ${perSecond(rows, alone.ms)} rows/s (${(alone.ms / 1000).toFixed(1)} s wall, ${perSecond(rows, alone.cpuMs)} rows per CPU-second)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
