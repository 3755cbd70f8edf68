// End-to-end ingest: short Vietnamese posts as a JSON Lines export through the `nghe import`
// path (read, parse, pseudonymise, analyse, store with full text, places, stories and roll-ups,
// tag against the active topics with their roll-ups), with 0, 1,000 and 10,000 topics, next
// to the store alone saving the same analysed posts and a plain batched SQLite insert of the
// same rows, all in one run.
//   npx tsx bench/ingest-e2e.ts [--posts 200000] [--topics 0,1000,10000] [--batch N]
//     [--analysed FILE] [--repeat N] [--story-thread auto,never]
// --analysed keeps the analysed posts in FILE (written after the first whole-path run) and, when
// FILE exists, reads them from it, so `--topics ''` measures the store alone and the floor
// without analysing again; --repeat runs those two N times, alternating. --story-thread runs
// the whole path and the store alone once for each place of the story tracker given, in turn:
// `auto` (its own thread for large batches, as ingest runs) and `never` (the writer's thread).
// Posts are real ViHSD comments from ../shared/data/social (each reused comment gets a few
// words of its own so no two posts are equal), or generated from the Vietnamese vocabulary of
// ingest.ts when that folder is absent. Prints wall-clock posts/s, posts per CPU second (every
// thread) and the share of wall time each stage was running; stages that overlap (analysis of
// the next batch while one is stored) each count the time some call of theirs was running, so
// analysis on its worker thread counts until the busy main thread takes its result. Story
// assignment (inside the store) and topic matching (inside tagging) are timed apart.
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { openImport } from '../src/connectors/import/read-import.js';
import { DEFAULT_IMPORT_BATCH, importRows } from '../src/jobs/import-file.js';
import { createImportPipeline } from '../src/jobs/import-pipeline.js';
import { createPseudonymiser } from '../src/jobs/pseudonymise.js';
import type { MentionInput } from '../src/model.js';
import { TopicIndex } from '../src/query/topic-index.js';
import { seededRandom } from '../src/seeded-random.js';
import {
  openSqliteStore,
  type SqliteStore,
  type SqliteStoreOptions,
} from '../src/store/sqlite/sqlite-store.js';
import { StoryAssigner } from '../src/store/sqlite/story-assigner.js';
import { fileSizeBytes, VIETNAMESE, zipfPicker } from './ingest.js';
import { mainThreadCpuSeconds } from './proc-cpu.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '200000' },
    topics: { type: 'string', default: '0,1000,10000' },
    batch: { type: 'string' },
    analysed: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    'story-thread': { type: 'string', default: 'auto' },
  },
});
const posts = Number(values.posts);
const topicCounts = values.topics === '' ? [] : values.topics.split(',').map(Number);
const repeat = Math.max(1, Number(values.repeat));
const batchSize = values.batch === undefined ? undefined : Number(values.batch);
const storyThreads = values['story-thread'].split(',') as StoryThread[];
for (const t of storyThreads) {
  if (!['auto', 'always', 'never'].includes(t)) throw new Error(`--story-thread: ${t}?`);
}
const SOCIAL = resolve(process.cwd(), '../shared/data/social/vihsd/train.csv');
const START_MS = Date.UTC(2026, 9, 1);
const ISSUES = ['ngập', 'triều cường', 'kẹt xe', 'ùn tắc', 'giá xăng', 'học phí', 'mất điện'];
const PLACES = ['Hà Nội', 'Thủ Đức', 'Đà Nẵng', 'Cần Thơ', 'Huế', 'Hải Phòng', 'Nha Trang'];

/** Real comments when the shared corpus is there, else none (posts are then generated). */
function realComments(): string[] {
  if (!existsSync(SOCIAL)) {
    console.log(`${SOCIAL} is absent: posts are generated from the built-in vocabulary`);
    return [];
  }
  const rows = parse(readFileSync(SOCIAL), { columns: true }) as { free_text: string }[];
  return rows.map((r) => r.free_text.normalize('NFC').trim()).filter((t) => t.length > 0);
}

/** The export: one `nghe social parse` record per line, a post every 50 ms of October 2026. */
function writeExport(path: string, random: () => number): number {
  const comments = realComments();
  const word = zipfPicker(VIETNAMESE, random);
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const lines: string[] = [];
  let chars = 0;
  for (let i = 0; i < posts; i++) {
    let text =
      comments.length > 0
        ? comments[i % comments.length]!
        : `${words(6 + Math.floor(random() * 20))}.`;
    if (i >= comments.length) text += ` ${words(3 + Math.floor(random() * 5))}`;
    if (random() < 0.2) text += ` ${ISSUES[i % ISSUES.length]} ở ${PLACES[(i >> 3) % 7]}`;
    chars += text.length;
    lines.push(
      JSON.stringify({
        platform: 'facebook',
        externalId: `post-${i}`,
        url: null,
        text,
        publishedAt: new Date(START_MS + i * 50).toISOString(),
        parentExternalId: null,
        author: { kind: 'person', name: null, pseudonym: `reader-${i % 20_000}` },
        engagement: { likes: i % 13, replies: i % 3, shares: null, views: null },
      }),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return Math.round(chars / posts);
}

/** Topics as people write them, mostly over the vocabulary's less common words. */
function topicQuery(random: () => number): string {
  const word = () => VIETNAMESE[30 + Math.floor(random() * (VIETNAMESE.length - 30))]!;
  const issue = () => {
    const item = ISSUES[Math.floor(random() * ISSUES.length)]!;
    return item.includes(' ') ? `"${item}"` : item;
  };
  const roll = random();
  if (roll < 0.4) return `${word()} ${word()} ${word()}`;
  if (roll < 0.7) return `"${word()} ${word()}"`;
  if (roll < 0.9) return `${issue()} ${word()} -"quảng cáo"`;
  return `${issue()} NEAR/8 ${word()} lang:vi`;
}

const STAGES = ['analyse', 'store', 'tag'] as const;
type Stage = (typeof STAGES)[number];
type StoryThread = NonNullable<SqliteStoreOptions['storyThread']>;

/** Wall time some call of each stage was running: overlapping calls of one stage count once. */
function stageClock() {
  const spent: Record<Stage, number> = { analyse: 0, store: 0, tag: 0 };
  const running: Record<Stage, number> = { analyse: 0, store: 0, tag: 0 };
  const since: Record<Stage, number> = { analyse: 0, store: 0, tag: 0 };
  const timed = async <T>(name: Stage, work: () => Promise<T>): Promise<T> => {
    if (running[name]++ === 0) since[name] = performance.now();
    try {
      return await work();
    } finally {
      if (--running[name] === 0) spent[name] += performance.now() - since[name];
    }
  };
  return { spent, timed };
}

/**
 * Milliseconds spent in a synchronous method, on every instance: story assignment inside the
 * store, topic matching inside tagging.
 */
function innerClock<T extends object>(proto: T, name: keyof T & string) {
  const original = proto[name] as (...args: unknown[]) => unknown;
  const clock = { ms: 0 };
  Object.defineProperty(proto, name, {
    value(this: unknown, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        clock.ms += performance.now() - start;
      }
    },
  });
  return clock;
}
const assignClock = innerClock(StoryAssigner.prototype, 'assign');
const startClock = innerClock(StoryAssigner.prototype, 'start');
const flushClock = innerClock(StoryAssigner.prototype, 'flush');
/**
 * Story assignment on the writer's thread (with the tracker on a thread of its own: sending
 * the texts and waiting for their stories) and the batch's story rows written once per save.
 */
const storyClock = {
  get ms() {
    return assignClock.ms + startClock.ms + flushClock.ms;
  },
};
const matchClock = innerClock(TopicIndex.prototype, 'match');

/**
 * Bytes this process has handed to write calls so far (Linux; null elsewhere): SQLite's WAL
 * appends and checkpoints, the bytes an ingest costs the disk.
 */
function bytesWritten(): number | null {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
const writtenSince = (since: number | null) => {
  const now = bytesWritten();
  return since === null || now === null ? undefined : now - since;
};

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const mainCpuSince = (since: number | null) => {
  const now = mainThreadCpuSeconds();
  return since === null || now === null ? undefined : now - since;
};

const rate = (n: number, seconds: number) => Math.round(n / seconds).toLocaleString('en');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

interface Run {
  seconds: number;
  cpu: number;
  /** Of which on the main thread (undefined where the system does not say). */
  mainCpu?: number;
  spent?: Record<Stage, number>;
  /** Of the store's time, assigning stories; of tagging's, matching. */
  stories?: number;
  matching?: number;
  tags?: number;
  file: number;
  /** Bytes written while it ran (undefined where the system does not say). */
  written?: number;
}

function report(label: string, run: Run): void {
  let line = `${label.padEnd(34)} ${rate(posts, run.seconds).padStart(7)} posts/s, ${rate(posts, run.cpu).padStart(7)} per CPU second, ${run.seconds.toFixed(1)} s, file ${mib(run.file)}`;
  if (run.mainCpu !== undefined) line += `, ${rate(posts, run.mainCpu)} per main-thread CPU s`;
  if (run.written !== undefined) line += `, ${(run.written / posts).toFixed(0)} B written/post`;
  if (run.tags !== undefined) line += `, ${run.tags.toLocaleString('en')} tags`;
  line += `, load ${loadavg()[0]!.toFixed(2)}`;
  console.log(line);
  if (!run.spent && run.stories !== undefined) {
    console.log(
      `${' '.repeat(36)}stories ${((run.stories / 1000 / run.seconds) * 100).toFixed(0)} %`,
    );
  }
  if (run.spent) {
    const share = (ms: number) => `${((ms / 1000 / run.seconds) * 100).toFixed(0)} %`;
    const other = run.seconds * 1000 - run.spent.analyse - run.spent.store - run.spent.tag;
    console.log(
      `${' '.repeat(36)}analyse ${share(run.spent.analyse)}, store ${share(run.spent.store)} (stories ${share(run.stories ?? 0)}), ` +
        `tag ${share(run.spent.tag)} (matching ${share(run.matching ?? 0)}), read + parse + pseudonymise + other ${share(Math.max(0, other))}`,
    );
  }
}

async function wholePath(
  dir: string,
  exportFile: string,
  topics: number,
  keep: MentionInput[] | null,
  storyThread: StoryThread,
): Promise<Run> {
  const path = join(dir, `whole-${topics}.sqlite`);
  const store = openSqliteStore(path, { storyThread });
  const random = seededRandom(5);
  for (let t = 0; t < topics; t++) {
    await store.createTopic({ name: `topic ${t}`, query: topicQuery(random) });
  }
  const { spent, timed } = stageClock();
  const pipeline = createImportPipeline({
    store,
    pseudonymise: createPseudonymiser(Buffer.alloc(32, 7)),
  });
  await pipeline.ready(); // models and topics load before the clock starts
  const analyze = pipeline.options.analyze!;
  const onSaved = pipeline.options.onSaved!;
  const timedStore = Object.create(store) as SqliteStore;
  timedStore.saveMentions = (sourceId, inputs) =>
    timed('store', () => store.saveMentions(sourceId, inputs));
  const stories0 = storyClock.ms;
  const matching0 = matchClock.ms;
  const written0 = bytesWritten();
  const main0 = mainThreadCpuSeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const reading = await openImport(createReadStream(exportFile), {});
  const summary = await importRows(reading.rows, {
    ...pipeline.options,
    store: timedStore,
    analyze: async (inputs) => {
      const analyses = await timed('analyse', () => analyze(inputs));
      if (keep) {
        for (const [i, input] of inputs.entries())
          keep.push({ ...input, analysis: analyses[i] ?? null });
      }
      return analyses;
    },
    onSaved: (saved, inputs) => timed('tag', () => onSaved(saved, inputs)),
    batchSize,
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(cpu0);
  const mainCpu = mainCpuSince(main0);
  const written = writtenSince(written0);
  if (summary.inserted !== posts) {
    throw new Error(
      `expected ${posts} new mentions, got ${summary.inserted} (${summary.errors} errors)`,
    );
  }
  const tags = (store.db.prepare('SELECT count(*) AS n FROM mention_topics').get() as { n: number })
    .n;
  await pipeline.close();
  await store.close();
  const stories = storyClock.ms - stories0;
  const matching = matchClock.ms - matching0;
  return {
    seconds,
    cpu,
    mainCpu,
    spent,
    stories,
    matching,
    tags,
    file: fileSizeBytes(path),
    written,
  };
}

async function storeAlone(
  dir: string,
  inputs: MentionInput[],
  batch: number,
  storyThread: StoryThread,
): Promise<Run> {
  const path = join(dir, 'alone.sqlite');
  const store = openSqliteStore(path, { storyThread });
  const stories0 = storyClock.ms;
  const written0 = bytesWritten();
  const main0 = mainThreadCpuSeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < inputs.length; i += batch) {
    await store.saveMentions(null, inputs.slice(i, i + batch));
  }
  const seconds = (performance.now() - t0) / 1000;
  const run = {
    seconds,
    cpu: cpuSeconds(cpu0),
    mainCpu: mainCpuSince(main0),
    written: writtenSince(written0),
  };
  const stories = storyClock.ms - stories0;
  await store.close();
  return { ...run, stories, file: fileSizeBytes(path) };
}

/** The floor: the same rows into one plain table, same pragmas and batches, no index. */
function plainInsert(dir: string, inputs: MentionInput[], batch: number): Run {
  const path = join(dir, 'plain.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE mentions (id INTEGER PRIMARY KEY, platform TEXT, external_id TEXT,
    author_key TEXT, published_at TEXT, collected_at TEXT, text TEXT, engagement TEXT, raw TEXT,
    lang TEXT, sentiment TEXT, keywords TEXT)`);
  const insert = db.prepare('INSERT INTO mentions VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const save = db.transaction((rows: MentionInput[]) => {
    for (const m of rows) {
      insert.run(
        m.platform,
        m.externalId,
        m.author?.key ?? null,
        m.publishedAt,
        m.collectedAt,
        m.text,
        JSON.stringify(m.engagement),
        m.raw === undefined ? null : JSON.stringify(m.raw),
        m.analysis?.lang ?? null,
        m.analysis?.sentiment ?? null,
        JSON.stringify(m.analysis?.keywords ?? []),
      );
    }
  });
  const written0 = bytesWritten();
  const main0 = mainThreadCpuSeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < inputs.length; i += batch) save.immediate(inputs.slice(i, i + batch));
  const run = {
    seconds: (performance.now() - t0) / 1000,
    cpu: cpuSeconds(cpu0),
    mainCpu: mainCpuSince(main0),
    written: writtenSince(written0),
  };
  db.close();
  return { ...run, file: fileSizeBytes(path) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-bench-e2e-'));
  try {
    const exportFile = join(dir, 'posts.jsonl');
    const meanChars = writeExport(exportFile, seededRandom(3));
    const batch = batchSize ?? DEFAULT_IMPORT_BATCH;
    console.log(
      `${posts.toLocaleString('en')} short posts (mean ${meanChars} characters) through nghe import's JSON Lines path, ` +
        `batches of ${batch}, load average ${loadavg()[0]!.toFixed(2)}`,
    );
    const cached = values.analysed !== undefined && existsSync(values.analysed);
    const analysed: MentionInput[] = cached
      ? (JSON.parse(readFileSync(values.analysed!, 'utf8')) as MentionInput[])
      : [];
    for (const [n, topics] of topicCounts.entries()) {
      for (const [m, storyThread] of storyThreads.entries()) {
        const keep = n === 0 && m === 0 && !cached ? analysed : null;
        const run = await wholePath(dir, exportFile, topics, keep, storyThread);
        report(`whole, ${topics.toLocaleString('en')} topics, stories ${storyThread}`, run);
        rmSync(join(dir, `whole-${topics}.sqlite`), { force: true });
        if (keep && values.analysed !== undefined) {
          writeFileSync(values.analysed, JSON.stringify(analysed));
        }
      }
    }
    if (analysed.length !== posts) {
      throw new Error(`${analysed.length} analysed posts for ${posts}: run a whole path first`);
    }
    for (let r = 0; r < repeat; r++) {
      for (const storyThread of storyThreads) {
        report(
          `store alone, stories ${storyThread}`,
          await storeAlone(dir, analysed, batch, storyThread),
        );
        rmSync(join(dir, 'alone.sqlite'), { force: true });
      }
      rmSync(join(dir, 'plain.sqlite'), { force: true });
      report('plain batched insert', plainInsert(dir, analysed, batch));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
