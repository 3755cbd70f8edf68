// Dashboard figures at scale: p50/p95 of every analytics call the API makes, over a topic
// holding all mentions and one holding 1 %, at 1M and 10M mentions; then ingest tagging
// throughput with 1,000 and 10,000 active topics.
//
// Run: npx tsx bench/topics-analytics.ts [--sizes 1000000,10000000] [--rounds 40]
//      [--topics 1000,10000] [--skip-tagging] [--keep DIR] [--only TEXT,TEXT] [--budget 60]
// --keep keeps each loaded file in DIR (nghe-SIZE.db) and times an existing one instead of
// loading again; a file loaded by an older version is brought up to date by the migrations.
// --only times only the figures whose names contain one of the texts; --budget stops a figure's
// calls after that many seconds per topic (at least 5 timed; `n=` then says how many).
//
// Loading: a year of synthetic mentions is generated in memory and its rows (mentions, source
// links, tags) written straight into their tables with the roll-up triggers dropped; then every
// roll-up level is recounted from those rows by recountRollups (src/store/sqlite/
// rollup-recount.ts, proven equal to the levels the write path keeps): going through
// saveMentions would take hours at 10M on two cores. The queries timed are the store's own
// methods.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { addTopic, matchDocumentOf, TopicTagger } from '../src/jobs/topic-tagger.js';
import type { Mention } from '../src/model.js';
import { smallGroupRuleFor } from '../src/privacy/small-group-rule-for.js';
import { protectTerms } from '../src/privacy/small-groups.js';
import { prepareDocument } from '../src/query/prepare.js';
import { TopicIndex } from '../src/query/topic-index.js';
import { seededRandom } from '../src/seeded-random.js';
import type { ListeningStore, MentionFilter } from '../src/store/listening-store.js';
import { sqliteGroupCounter } from '../src/store/sqlite/author-groups.js';
import { recountRollups, withoutRollupTriggers } from '../src/store/sqlite/rollup-recount.js';
import { shareColumnValues } from '../src/store/sqlite/share-statistics-schema.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { syntheticMentions, zipfPicker } from './ingest.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const YEAR_HOURS = 365 * 24;
const END_MS = Date.UTC(2026, 0, 1);
const START_HOUR = END_MS / HOUR_MS - YEAR_HOURS;
const PLATFORMS = ['web', 'web', 'x', 'facebook'];
const LANGS = ['vi', 'vi', 'vi', 'en', ''];
const SENTIMENTS = ['negative', 'neutral', 'neutral', 'positive', ''];
const SOURCES = 50;
const TERMS = Array.from({ length: 5000 }, (_, i) => `term${i}`);
const TERMS_PER_MENTION = 5;

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Drops the per-row roll-up and share triggers on this throw-away file (set-based fills after). */
function dropRollupTriggers(store: SqliteStore): void {
  for (const { name } of store.db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'rollup_%' OR name LIKE 'share_%')",
    )
    .all() as { name: string }[]) {
    store.db.exec(`DROP TRIGGER ${name}`);
  }
}

/** Persons writing outside the web (Zipf-like: a few write a lot); pages write some too. */
const AUTHORS = 300_000;

/** Seconds spent in each phase of a load. */
const phases: [string, number][] = [];
function phase<T>(name: string, run: () => T): T {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = run();
  const cpu = process.cpuUsage(c0);
  const wall = (performance.now() - t0) / 1000;
  phases.push([name, wall]);
  console.log(
    `  ${name.padEnd(28)} ${wall.toFixed(1).padStart(7)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1).padStart(7)} s CPU, load ${loadavg()[0]!.toFixed(1)}`,
  );
  return result;
}

/** A year of `size` mentions: topic 1 holds them all, topic 2 one in a hundred. */
function load(store: SqliteStore, size: number): void {
  const db = store.db;
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -2000000');
  db.pragma('temp_store = MEMORY');
  const now = new Date().toISOString();
  for (let i = 0; i < SOURCES; i++) {
    db.prepare(
      `INSERT INTO sources (kind, url, title, interval_seconds, next_fetch_at, health, created_at)
       VALUES ('feed', ?, ?, 900, ?, '{}', ?)`,
    ).run(`https://source${i}.example/rss`, `Source ${i}`, now, now);
  }
  const idle = JSON.stringify({ state: 'done', processed: 0, total: 0, matched: 0 });
  for (const name of ['all mentions', 'one percent']) {
    db.prepare(
      `INSERT INTO topics (name, query, status, created_at, updated_at, backfill)
       VALUES (?, 'x', 'active', ?, ?, ?)`,
    ).run(name, now, now, idle);
  }
  const mention = db.prepare(
    `INSERT INTO mentions (id, platform, external_id, published_at, collected_at, language, text,
       lang, sentiment, sentiment_confidence, keywords, search_key, author_key, author_kind,
       prob_negative, prob_neutral, prob_positive, share_group, share_cell)
     VALUES (?, ?, ?, ?, ?, ?, 'x', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const link = db.prepare(
    'INSERT INTO mention_sources (mention_id, source_id, first_seen_at) VALUES (?, ?, ?)',
  );
  const tag = db.prepare(
    'INSERT INTO mention_topics (topic_id, mention_id, sort_key) VALUES (?, ?, ?)',
  );
  const random = seededRandom(size);
  const term = zipfPicker(TERMS, random);
  // Share inputs depend on sentiment and confidence only: a few distinct values, computed once.
  const shareValues = new Map<string, ReturnType<typeof shareColumnValues>>();
  let id = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  phases.length = 0;
  phase('mentions, links, tags', () =>
    withoutRollupTriggers(db, () => {
      db.exec('BEGIN');
      for (let h = 0; h < YEAR_HOURS; h++) {
        const hour = START_HOUR + h;
        // A daily rhythm: twice as many mentions in the evening as at night.
        const rhythm = 1 + 0.5 * Math.sin(((h % 24) / 24) * 2 * Math.PI);
        const count = Math.round((size / YEAR_HOURS) * rhythm);
        for (let i = 0; i < count && id < size; i++) {
          id++;
          const platform = PLATFORMS[Math.floor(random() * PLATFORMS.length)]!;
          const lang = LANGS[Math.floor(random() * LANGS.length)]!;
          const sentiment = SENTIMENTS[Math.floor(random() * SENTIMENTS.length)]!;
          const source = 1 + Math.floor(random() ** 2 * SOURCES);
          const keywords = new Set<string>();
          while (keywords.size < TERMS_PER_MENTION) keywords.add(term());
          const second = hour * 3600 + Math.floor(random() * 3600);
          const key = second * 2 ** 20 + (id % 2 ** 20);
          const iso = new Date(second * 1000).toISOString();
          // Web mentions come from outlets (no person); elsewhere mostly persons, some pages.
          const roll = random();
          const authorKind = platform === 'web' ? null : roll < 0.85 ? 'person' : 'page';
          const authorKey =
            authorKind === null ? null : `a${Math.floor(random() ** 3 * AUTHORS).toString(36)}`;
          const confidence = sentiment === '' ? null : 0.5 + Math.floor(random() * 5) / 10;
          const shareKey = `${sentiment}|${confidence}`;
          let share = shareValues.get(shareKey);
          if (share === undefined) {
            share = shareColumnValues(
              sentiment === ''
                ? null
                : {
                    lang: lang || null,
                    sentiment: sentiment as 'positive',
                    sentimentConfidence: confidence,
                    keywords: [],
                  },
            );
            shareValues.set(shareKey, share);
          }
          mention.run(
            id,
            platform,
            `m${id}`,
            iso,
            iso,
            lang || null,
            lang || null,
            sentiment || null,
            confidence,
            JSON.stringify([...keywords]),
            key,
            authorKey,
            authorKind,
            share.probNegative,
            share.probNeutral,
            share.probPositive,
            share.shareGroup,
            share.shareCell,
          );
          link.run(id, source, iso);
          tag.run(1, id, key);
          if (id % 100 === 0) tag.run(2, id, key);
        }
        if ((h + 1) % (24 * 30) === 0) {
          db.exec('COMMIT');
          db.exec('BEGIN');
        }
      }
      db.exec('COMMIT');
    }),
  );
  // Each recount step, timed as it ends (CPU of the whole process since the previous one).
  let stepCpu = process.cpuUsage();
  const chunk = 200_000;
  recountRollups(db, {
    chunk,
    nowMs: Date.now(),
    onChunk: (chunks) => {
      if (chunks % 5 === 0) {
        const cpu = process.cpuUsage(stepCpu);
        console.log(
          `    ${(chunks * chunk).toLocaleString('en')} mentions counted, ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU, load ${loadavg()[0]!.toFixed(1)}`,
        );
      }
    },
    onStep: (name, seconds) => {
      const cpu = process.cpuUsage(stepCpu);
      stepCpu = process.cpuUsage();
      phases.push([name, seconds]);
      console.log(
        `  ${name.padEnd(28)} ${seconds.toFixed(1).padStart(7)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1).padStart(7)} s CPU, load ${loadavg()[0]!.toFixed(1)}`,
      );
    },
  });
  db.pragma('synchronous = NORMAL');
  phase('analyze', () => db.exec('ANALYZE'));
  const cpu = process.cpuUsage(c0);
  console.log(
    `loaded ${id} mentions in ${((performance.now() - t0) / 1000).toFixed(0)} s wall, ` +
      `${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
}

interface Figure {
  name: string;
  run: (filter: MentionFilter) => Promise<unknown>;
  /** Length of the window asked, in days (null: the whole year). */
  days: number | null;
}

function figures(store: ListeningStore): Figure[] {
  return [
    { name: 'series hour, 7 d', days: 7, run: (f) => store.series({ ...f, interval: 'hour' }) },
    { name: 'series day, 30 d', days: 30, run: (f) => store.series({ ...f, interval: 'day' }) },
    { name: 'series day, year', days: null, run: (f) => store.series({ ...f, interval: 'day' }) },
    { name: 'series week, year', days: null, run: (f) => store.series({ ...f, interval: 'week' }) },
    {
      name: 'series day, 30 d, New York',
      days: 30,
      run: (f) => store.series({ ...f, interval: 'day', timeZone: 'America/New_York' }),
    },
    { name: 'sentiment share, 30 d', days: 30, run: (f) => store.sentimentShare(f) },
    { name: 'sentiment share, year', days: null, run: (f) => store.sentimentShare(f) },
    { name: 'breakdown platform, 30 d', days: 30, run: (f) => store.breakdown('platform', f) },
    { name: 'breakdown lang, year', days: null, run: (f) => store.breakdown('lang', f) },
    { name: 'breakdown source, 30 d', days: 30, run: (f) => store.breakdown('source', f) },
    { name: 'breakdown source, year', days: null, run: (f) => store.breakdown('source', f) },
    {
      name: 'sentiment, 30 d, source filter',
      days: 30,
      run: (f) => store.sentimentShare({ ...f, sourceIds: [1, 2, 3] }),
    },
    {
      name: 'sentiment, 30 d, platform+lang',
      days: 30,
      run: (f) => store.sentimentShare({ ...f, platforms: ['web'], langs: ['vi'] }),
    },
    { name: 'top terms, 7 d', days: 7, run: (f) => store.topTerms(f) },
    { name: 'top terms, 30 d', days: 30, run: (f) => store.topTerms(f) },
    { name: 'top terms, year', days: null, run: (f) => store.topTerms(f) },
    {
      // As the terms route answers: each term shown only when k persons wrote it.
      name: 'top terms, 30 d, small groups',
      days: 30,
      run: async (f) => protectTerms(smallGroupRuleFor(store), f, await store.topTerms(f)),
    },
    {
      // Per-platform term weeks and days (term-platform-weeks-schema.ts).
      name: 'top terms, 30 d, platform x',
      days: 30,
      run: (f) => store.topTerms({ ...f, platforms: ['x'] }),
    },
    {
      name: 'top terms, 30 d, x, small groups',
      days: 30,
      run: async (f) => {
        const filter: MentionFilter = { ...f, platforms: ['x'] };
        return protectTerms(smallGroupRuleFor(store), filter, await store.topTerms(filter));
      },
    },
    {
      name: 'share series day, year',
      days: null,
      run: (f) => store.shareSeries({ ...f, interval: 'day' }),
    },
    {
      name: 'share series week, year',
      days: null,
      run: (f) => store.shareSeries({ ...f, interval: 'week' }),
    },
    {
      name: 'share series day, 30 d',
      days: 30,
      run: (f) => store.shareSeries({ ...f, interval: 'day' }),
    },
    {
      name: 'share series day, 30 d, web+vi',
      days: 30,
      run: (f) => store.shareSeries({ ...f, interval: 'day', platforms: ['web'], langs: ['vi'] }),
    },
    {
      name: 'share series day, 30 d, source',
      days: 30,
      run: (f) => store.shareSeries({ ...f, interval: 'day', sourceIds: [1, 2, 3] }),
    },
    {
      name: 'mentions first page',
      days: null,
      run: (f) => store.listMentions({ ...f, limit: 50 }),
    },
    {
      name: 'mentions page, 7 d, platform',
      days: 7,
      run: (f) => store.listMentions({ ...f, platforms: ['facebook'], limit: 50 }),
    },
  ];
}

/**
 * The small-group counter (src/privacy/) as the protected routes ask it: the persons behind a
 * figure, counted up to k = 10. Web mentions have no person (outlets), so a filter on them
 * finds none and must be answered in full.
 */
function personFigures(db: SqliteStore['db']): Figure[] {
  const count = sqliteGroupCounter(db);
  const k = 10;
  return [
    { name: 'persons, 30 d', days: 30, run: (f) => count({ filter: f }, k) },
    {
      name: 'persons, 30 d, positive',
      days: 30,
      run: (f) => count({ filter: { ...f, sentiments: ['positive'] } }, k),
    },
    {
      name: 'persons, 30 d, platform x',
      days: 30,
      run: (f) => count({ filter: { ...f, platforms: ['x'] } }, k),
    },
    {
      name: 'persons, year, platform web',
      days: null,
      run: (f) => count({ filter: { ...f, platforms: ['web'] } }, k),
    },
    {
      name: 'persons, 30 d, platform web',
      days: 30,
      run: (f) => count({ filter: { ...f, platforms: ['web'] } }, k),
    },
    {
      name: 'persons, year, lang en',
      days: null,
      run: (f) => count({ filter: { ...f, langs: ['en'] } }, k),
    },
    {
      name: 'persons, 30 d, source 50',
      days: 30,
      run: (f) => count({ filter: { ...f, sourceIds: [SOURCES] } }, k),
    },
    {
      name: 'persons, 30 d, term (rare)',
      days: 30,
      run: (f) => count({ filter: f, terms: [TERMS[TERMS.length - 1]!] }, k),
    },
    {
      // A term with a platform filter: the sets per day, term and platform.
      name: 'persons, 30 d, term (rare) + x',
      days: 30,
      run: (f) =>
        count({ filter: { ...f, platforms: ['x'] }, terms: [TERMS[TERMS.length - 1]!] }, k),
    },
    {
      name: 'persons, 30 d, term (common) + neg',
      days: 30,
      run: (f) => count({ filter: { ...f, sentiments: ['negative'] }, terms: [TERMS[0]!] }, k),
    },
    {
      // Peer in the same run: past the sets' k the counter reads the mentions.
      name: 'persons, 30 d, term, cap k + 1',
      days: 30,
      run: (f) => count({ filter: f, terms: [TERMS[TERMS.length - 1]!] }, k + 1),
    },
    {
      name: 'persons, 7 d, facebook+negative',
      days: 7,
      run: (f) => count({ filter: { ...f, platforms: ['facebook'], sentiments: ['negative'] } }, k),
    },
  ];
}

async function timeFigures(
  store: SqliteStore,
  size: number,
  rounds: number,
  budgetMs: number,
): Promise<void> {
  const random = seededRandom(1);
  console.log(
    `\n${size.toLocaleString('en')} mentions: p50 / p95 wall ms, and CPU ms per call (mean)` +
      ` over ${rounds} calls; load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log('figure'.padEnd(34), 'topic: all'.padStart(26), 'topic: 1 %'.padStart(26));
  const only = argument('--only', '')
    .split(',')
    .filter((text) => text !== '');
  for (const figure of [...figures(store), ...personFigures(store.db)]) {
    if (only.length > 0 && !only.some((text) => figure.name.includes(text))) continue;
    const cells: string[] = [];
    for (const topicId of [1, 2]) {
      const times: number[] = [];
      let cpuMicros = 0;
      const started = performance.now();
      // Calls before `warm` are not timed; one is enough for a figure taking seconds.
      let warm = 3;
      for (let r = 0; r < rounds + warm; r++) {
        // A slow figure stops early (at least 5 timed calls) so one run covers every figure.
        if (times.length >= 5 && performance.now() - started > budgetMs) break;
        // Windows end at a random hour of the last 60 days.
        const end = END_MS - Math.floor(random() * 60 * 24) * HOUR_MS;
        const filter: MentionFilter = { topicId };
        if (figure.days !== null) {
          filter.from = new Date(end - figure.days * DAY_MS).toISOString();
          filter.to = new Date(end).toISOString();
        }
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await figure.run(filter);
        if (r === 0 && performance.now() - t0 > 1000) warm = 1;
        if (r >= warm) {
          times.push(performance.now() - t0);
          const cpu = process.cpuUsage(c0);
          cpuMicros += cpu.user + cpu.system;
        }
      }
      times.sort((a, b) => a - b);
      cells.push(
        `${percentile(times, 50).toFixed(1)} / ${percentile(times, 95).toFixed(1)}` +
          ` (cpu ${(cpuMicros / 1000 / times.length).toFixed(1)})` +
          (times.length < rounds ? ` n=${times.length}` : ''),
      );
    }
    console.log(figure.name.padEnd(34), cells[0]!.padStart(26), cells[1]!.padStart(26));
  }
}

// ---------------------------------------------------------------- ingest tagging throughput

const ISSUES = [
  'ngập',
  'kẹt xe',
  'phí gửi xe',
  'tai nạn',
  'cháy',
  'mất điện',
  'nước sạch',
  'ô nhiễm',
  'học phí',
  'giá xăng',
  'bệnh viện',
  'sạt lở',
];
const PLACES = [
  'Thủ Đức',
  'Hà Nội',
  'Đà Nẵng',
  'Cần Thơ',
  'Hải Phòng',
  'Biên Hòa',
  'Nha Trang',
  'Huế',
  'Vũng Tàu',
  'Quận 7',
  'Gò Vấp',
  'Bình Thạnh',
];

/**
 * Topics as an installation with many of them has: most about a named thing (a brand, a
 * project, a person: here made-up words), some about an issue in a place.
 */
function topicQuery(random: () => number, i: number): string {
  const issue = ISSUES[Math.floor(random() * ISSUES.length)]!;
  const place = PLACES[Math.floor(random() * PLACES.length)]!;
  const brand = `nhanhieu${i}`;
  const roll = random();
  if (roll < 0.1) return `"${issue}" "${place}"`;
  if (roll < 0.7) return `${brand} -"quảng cáo"`;
  return `${brand} AND ("${issue}" OR "${place}")`;
}

async function tagging(topicCounts: number[]): Promise<void> {
  console.log('\ningest tagging: TopicTagger.tagStored on stored mentions (match + tag + publish)');
  for (const topics of topicCounts) {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-bench-tagging-'));
    const store = openSqliteStore(join(dir, 'nghe.db'));
    try {
      const random = seededRandom(topics);
      for (let i = 0; i < topics; i++) {
        await store.createTopic({ name: `topic ${i}`, query: topicQuery(random, i) });
      }
      const inputs = syntheticMentions(0, 20_000).map((input) => {
        const issue = ISSUES[Math.floor(random() * ISSUES.length)]!;
        const place = PLACES[Math.floor(random() * PLACES.length)]!;
        const brand = `nhanhieu${Math.floor(random() * topics)}`;
        const roll = random();
        if (roll < 0.3) return { ...input, text: `${issue} ở ${place}. ${input.text}` };
        if (roll < 0.6) return { ...input, text: `${brand}: ${issue}. ${input.text}` };
        return input;
      });
      const saved = await store.saveMentions(null, inputs);
      const mentions: Mention[] = [];
      for (let after = 0; ; ) {
        const batch = await store.scanMentions(after, 5_000);
        if (batch.length === 0) break;
        mentions.push(...batch);
        after = batch[batch.length - 1]!.id;
      }
      const tagger = new TopicTagger({ store });
      await tagger.refresh();
      const index = new TopicIndex();
      for (const topic of await store.listTopics()) addTopic(index, topic);
      const m0 = performance.now();
      for (const mention of mentions) index.match(prepareDocument(matchDocumentOf(mention)));
      const matchSeconds = (performance.now() - m0) / 1000;
      const t0 = performance.now();
      let tags = 0;
      for (let i = 0; i < mentions.length; i += 500) {
        tags += (await tagger.tagStored(mentions.slice(i, i + 500))).tags;
      }
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        `${String(topics).padStart(6)} topics: ${Math.round(saved.ids.length / seconds)} mentions/s` +
          ` matched and tagged (${saved.ids.length} mentions, ${tags} tags, ${seconds.toFixed(1)} s);` +
          ` matching alone ${Math.round(saved.ids.length / matchSeconds)} mentions/s`,
      );
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** What keeping the roll-ups costs saveMentions: the same batches with and without triggers. */
async function ingestCost(): Promise<void> {
  console.log(
    '\nsaveMentions with and without the roll-up triggers (20,000 mentions, batches of 200)',
  );
  for (const triggers of [true, false]) {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-bench-ingest-'));
    const store = openSqliteStore(join(dir, 'nghe.db'));
    try {
      if (!triggers) dropRollupTriggers(store);
      const { source } = await store.addSource({ kind: 'feed', url: 'https://bench.example/' });
      const random = seededRandom(3);
      const term = zipfPicker(TERMS, random);
      const inputs = syntheticMentions(0, 20_000).map((input) => ({
        ...input,
        analysis: {
          lang: input.language,
          sentiment: SENTIMENTS[Math.floor(random() * 4)] as 'positive',
          sentimentConfidence: 1,
          keywords: Array.from({ length: 8 }, term),
        },
      }));
      const t0 = performance.now();
      for (let i = 0; i < inputs.length; i += 200) {
        await store.saveMentions(source.id, inputs.slice(i, i + 200));
      }
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        `${triggers ? 'with roll-ups   ' : 'without roll-ups'}: ${Math.round(inputs.length / seconds)} mentions/s`,
      );
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function main(): Promise<void> {
  const sizes = argument('--sizes', '1000000,10000000').split(',').map(Number);
  const rounds = Number(argument('--rounds', '40'));
  const budgetMs = Number(argument('--budget', '60')) * 1000;
  const keep = process.argv.includes('--keep') ? argument('--keep', '') : null;
  for (const size of sizes) {
    const dir = keep ?? mkdtempSync(join(tmpdir(), 'nghe-bench-analytics-'));
    const path = join(dir, keep === null ? 'nghe.db' : `nghe-${size}.db`);
    const loaded = existsSync(path);
    const m0 = performance.now();
    const store = openSqliteStore(path);
    if (loaded) console.log(`opened ${path} in ${((performance.now() - m0) / 1000).toFixed(0)} s`);
    try {
      if (!loaded) load(store, size);
      await timeFigures(store, size, rounds, budgetMs);
    } finally {
      await store.close();
      if (keep === null) rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!process.argv.includes('--skip-tagging')) {
    await ingestCost();
    await tagging(argument('--topics', '1000,10000').split(',').map(Number));
  }
}

await main();
