// Weekly report generation for a province with N mentions in the week (default 1,000,000),
// seeded straight into SQLite (mentions with their places, sectors, stories and sources; the
// store's own triggers keep the roll-ups), printed next to a floor: one plain COUNT of the
// same week's mentions of the province.
//   npx tsx bench/reports.ts [--mentions=1000000] [--keep=FILE]
// --keep keeps the seeded file; given a file that exists, the run reuses it without seeding.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGazetteer } from '../src/places/index.js';
import { reportDepsFor } from '../src/reports/report-jobs.js';
import { generateWeekly } from '../src/reports/report-service.js';
import { addDays, zonedInstant } from '../src/reports/zoned-time.js';
import { seededRandom } from '../src/seeded-random.js';
import { firstKeyAt } from '../src/store/sqlite/search-key.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const N = Number(arg('mentions') ?? 1_000_000);
/** The four baseline weeks hold this share of the week's volume in all. */
const BASELINE_SHARE = 0.4;
const MONDAY = '2025-09-01';
const TZ = 'Asia/Ho_Chi_Minh';
const SECTORS = [
  'traffic',
  'flooding',
  'environment',
  'land',
  'health',
  'education',
  'order',
  'administration',
  'utilities',
  'prices',
  'welfare',
];

const dir = mkdtempSync(join(tmpdir(), 'nghe-bench-reports-'));
const path = arg('keep') ?? join(dir, 'nghe.db');
const reuse = existsSync(path);
const store = openSqliteStore(path);
const db = store.db;
const random = seededRandom(2025);
const wards = loadGazetteer()
  .wards.filter((w) => w.province === '79')
  .map((w) => w.code);

const t0 = performance.now();
const sources = Array.from(
  { length: reuse ? 0 : 40 },
  (_, i) =>
    db
      .prepare(`INSERT INTO sources (kind, url, title, interval_seconds, next_fetch_at, health, created_at)
    VALUES ('facebook', ?, ?, 3600, '2025-09-01T00:00:00Z', '{"lastAttemptAt":null,"lastSuccessAt":null,"lastErrorAt":null,"lastError":null,"consecutiveFailures":0,"lastItemCount":0,"lastNewCount":0,"lastWarnings":[]}', '2025-08-01T00:00:00Z')`)
      .run(`https://www.facebook.com/page${i}`, `Trang ${i}`).lastInsertRowid as number,
);
const insertMention = db.prepare(
  `INSERT INTO mentions (platform, external_id, author_key, author_kind, published_at, collected_at, language,
     title, text, engagement, lang, sentiment, sentiment_confidence, keywords, search_key,
     prob_negative, prob_neutral, prob_positive, share_group, share_cell)
   VALUES ('facebook', @ext, @author, 'person', @at, @at, 'vi', NULL, @text, @engagement, 'vi', @sentiment, 0.7, '[]', @key,
     @p0, @p1, @p2, 'vi:feedback', @cell)`,
);
const insertSource = db.prepare(
  'INSERT INTO mention_sources (mention_id, source_id, first_seen_at) VALUES (?, ?, ?)',
);
const insertPlace = db.prepare(
  `INSERT INTO mention_places (mention_id, province, ward, level, code, confidence) VALUES (?, '79', ?, 'ward', ?, 0.9)`,
);
const insertSector = db.prepare(
  'INSERT INTO mention_sectors (mention_id, sector, confidence) VALUES (?, ?, 0.9)',
);
const insertStory = db.prepare(
  'INSERT INTO stories (id, first_mention_id, first_at, last_at, size) VALUES (?, ?, ?, ?, 1)',
);
const insertMentionStory = db.prepare(
  'INSERT INTO mention_stories (mention_id, story_id, first_publisher_id) VALUES (?, ?, ?)',
);

const weekStart = zonedInstant(MONDAY, '00:00', TZ).getTime();
const baselineStart = zonedInstant(addDays(MONDAY, -28), '00:00', TZ).getTime();
const total = Math.round(N * (1 + BASELINE_SHARE));
const storyFirst = new Map<number, number>();
let serial = 0;
const seedBatch = db.transaction((count: number) => {
  for (let i = 0; i < count; i++) {
    serial++;
    // In time order, as collection stores them: the baseline weeks, then the week.
    const inWeek = serial > total - N;
    const at = inWeek
      ? weekStart + Math.floor(((serial - (total - N)) / N) * 7 * 86_400_000)
      : baselineStart + Math.floor((serial / (total - N)) * 28 * 86_400_000);
    const iso = new Date(at).toISOString();
    const ward = wards[Math.floor(random() ** 2 * wards.length)]!;
    const sector = SECTORS[Math.floor(random() ** 1.5 * SECTORS.length)]!;
    const u = random();
    const sentiment = u < 0.35 ? 'negative' : u < 0.75 ? 'neutral' : 'positive';
    const p =
      sentiment === 'negative'
        ? [0.7, 0.2, 0.1]
        : sentiment === 'neutral'
          ? [0.2, 0.6, 0.2]
          : [0.1, 0.2, 0.7];
    const cell = sentiment === 'negative' ? 10 : sentiment === 'neutral' ? 0 : 3;
    const id = insertMention.run({
      ext: `m${serial}`,
      author: `a${Math.floor(random() * N * 0.3)}`,
      at: iso,
      text: `Bài ${serial} về ${sector} ở phường ${ward}`,
      engagement: `{"likes":${Math.floor(random() * 100)}}`,
      sentiment,
      key: firstKeyAt(at) + (serial % 2 ** 20),
      p0: p[0],
      p1: p[1],
      p2: p[2],
      cell,
    }).lastInsertRowid as number;
    insertSource.run(id, sources[serial % sources.length]!, iso);
    insertPlace.run(id, ward, ward);
    insertSector.run(id, sector);
    // About 20 mentions a story; one in twenty a reprint of its story's first mention.
    const story = Math.floor(random() * (total / 20)) + 1;
    const first = storyFirst.get(story);
    if (first === undefined) {
      storyFirst.set(story, id);
      insertStory.run(story, id, iso, iso);
      insertMentionStory.run(id, story, null);
    } else insertMentionStory.run(id, story, random() < 0.05 ? first : null);
  }
});
if (!reuse) {
  for (let done = 0; done < total; done += 50_000) seedBatch(Math.min(50_000, total - done));
}
const seedSeconds = (performance.now() - t0) / 1000;
if (reuse) console.log(`reused ${path}`);
else
  console.log(
    `seeded ${total.toLocaleString('en')} mentions (${N.toLocaleString('en')} in the week) in ${seedSeconds.toFixed(0)} s`,
  );
if (!reuse) {
  db.pragma('analysis_limit = 1000');
  db.exec('ANALYZE');
}

const weekTo = zonedInstant(addDays(MONDAY, 7), '00:00', TZ).getTime();
/** CPU seconds of this process: on a shared machine wall-clock time measures the others too. */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const floor = (label: string, sql: string) => {
  const t = performance.now();
  const c = cpuSeconds();
  const n = (db.prepare(sql).get(firstKeyAt(weekStart), firstKeyAt(weekTo)) as { n: number }).n;
  const s = (performance.now() - t) / 1000;
  const cpu = cpuSeconds() - c;
  console.log(
    `${label.padEnd(44)} ${s.toFixed(2).padStart(7)} s  ${cpu.toFixed(2).padStart(7)} s CPU  (${n.toLocaleString('en')} rows)`,
  );
  return cpu;
};
floor(
  'floor: COUNT of the week',
  'SELECT count(*) AS n FROM mentions WHERE search_key >= ? AND search_key < ?',
);
const floorScoped = floor(
  'floor: COUNT of the week in the province',
  `SELECT count(*) AS n FROM mentions AS m WHERE m.search_key >= ? AND m.search_key < ?
   AND EXISTS (SELECT 1 FROM mention_places AS p WHERE p.mention_id = m.id AND p.province = '79')`,
);

const deps = reportDepsFor(store, () => new Date(weekTo + 7 * 3_600_000))!;
const t1 = performance.now();
const c1 = cpuSeconds();
const report = await generateWeekly(deps, { level: 'province', place: '79' }, { week: '2025-W36' });
const wall = (performance.now() - t1) / 1000;
const generation = cpuSeconds() - c1;
console.log(
  `${'weekly report (figures + PDF)'.padEnd(44)} ${wall.toFixed(2).padStart(7)} s  ${generation.toFixed(2).padStart(7)} s CPU  (${report.body.kind === 'weekly' ? report.body.candidates : 0} candidate issues, PDF ${(report.pdf.length / 1024).toFixed(0)} KiB)`,
);
console.log(`generation ÷ scoped COUNT floor, CPU time: ${(generation / floorScoped).toFixed(1)}×`);
await store.close();
if (!arg('keep')) rmSync(dir, { recursive: true, force: true });
