// Coarser roll-ups beside the hourly ones, so figures over months stay fast at ten million
// mentions. Measured on the 2-core machine (bench/topics-analytics.ts): a year of a busy topic
// is ~315k hourly rows (8,760 hours × platform × language × sentiment), a few hundred ms to
// group; the levels below hold a year in 35k, 13k and 73k rows.
//  - rollup_series (topic, hour, sentiment): series and sentiment share without platform,
//    language or source filters.
//  - rollup_daily (topic, UTC day, platform, lang, sentiment): whole days of a range; the
//    partial days at its ends come from the hourly tables (see analytics-sql.ts).
//  - rollup_daily_sources (topic, UTC day, source, sentiment): source breakdowns and filters.
//  - rollup_terms_monthly (topic, UTC month, term): whole months of a terms range.
// The triggers of the previous migration are replaced by ones that keep every level.
import type { Migration } from './migrations.js';
import { PLACE_SECTOR_ROLLUP_TABLES } from './places-stories-schema.js';

const MONTH = `(CAST(strftime('%Y', m.search_key >> 20, 'unixepoch') AS INTEGER) * 12
  + CAST(strftime('%m', m.search_key >> 20, 'unixepoch') AS INTEGER) - 1)`;

/**
 * The mention_dims view: a mention's roll-up dimensions. `person` adds who it counts as for the
 * small-group rule (src/privacy/): an author of kind 'person', or '' for any authorless
 * mention outside the web (together one person); NULL for outlets, pages and channels.
 */
export function mentionDimsView(person: boolean): string {
  return `
DROP VIEW mention_dims;
CREATE VIEW mention_dims AS
SELECT m.id AS mention_id,
  (m.search_key >> 20) / 3600 AS hour,
  (m.search_key >> 20) / 86400 AS day,
  ${MONTH} AS month,
  m.platform AS platform,
  lower(substr(replace(coalesce(m.lang, m.language, ''), '_', '-'), 1,
    instr(replace(coalesce(m.lang, m.language, ''), '_', '-') || '-', '-') - 1)) AS lang,
  coalesce(m.sentiment, '') AS sentiment,
  coalesce((SELECT min(s.source_id) FROM mention_sources AS s WHERE s.mention_id = m.id), 0)
    AS source_id,
  CAST((coalesce(json_extract(m.engagement, '$.likes'), 0)
    + coalesce(json_extract(m.engagement, '$.shares'), 0)
    + coalesce(json_extract(m.engagement, '$.comments'), 0)) AS INTEGER) AS interactions,
  m.keywords AS keywords${
    person
      ? `,
  ${PERSON_SQL} AS person`
      : ''
  }
FROM mentions AS m;
`;
}

/** Who a mention counts as for the small-group rule; NULL when no person wrote it. */
export const PERSON_SQL = `CASE WHEN m.author_kind = 'person'
    OR (m.author_kind IS NULL AND m.platform <> 'web') THEN coalesce(m.author_key, '') END`;

const dims = mentionDimsView(false);

const tables = `
CREATE TABLE rollup_series (
  topic_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  sentiment TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, hour, sentiment)
) WITHOUT ROWID;

CREATE TABLE rollup_daily (
  topic_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  platform TEXT NOT NULL,
  lang TEXT NOT NULL,
  sentiment TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, day, platform, lang, sentiment)
) WITHOUT ROWID;

CREATE TABLE rollup_daily_sources (
  topic_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  sentiment TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, day, source_id, sentiment)
) WITHOUT ROWID;

CREATE TABLE rollup_terms_monthly (
  topic_id INTEGER NOT NULL,
  month INTEGER NOT NULL,
  term TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, month, term)
) WITHOUT ROWID;
`;

interface Level {
  table: string;
  /** Key columns after topic_id, as named in mention_dims. */
  keys: string[];
  interactions: boolean;
  /** Moves when the lowest source of a mention changes. */
  bySource: boolean;
}

const LEVELS: Level[] = [
  {
    table: 'rollup_hourly',
    keys: ['hour', 'platform', 'lang', 'sentiment'],
    interactions: true,
    bySource: false,
  },
  {
    table: 'rollup_sources',
    keys: ['hour', 'source_id', 'platform', 'lang', 'sentiment'],
    interactions: true,
    bySource: true,
  },
  { table: 'rollup_series', keys: ['hour', 'sentiment'], interactions: false, bySource: false },
  {
    table: 'rollup_daily',
    keys: ['day', 'platform', 'lang', 'sentiment'],
    interactions: false,
    bySource: false,
  },
  {
    table: 'rollup_daily_sources',
    keys: ['day', 'source_id', 'sentiment'],
    interactions: false,
    bySource: true,
  },
];

const TERM_LEVELS = [
  { table: 'rollup_terms', key: 'day' },
  { table: 'rollup_terms_monthly', key: 'month' },
];

/**
 * Term levels as the grouped statements keep them: every day, and the months and weeks that are
 * sealed (term-blocks-schema.ts); the coarse levels of the weeks and months still running are
 * left to the daily level, so new mentions are written once.
 */
const GROUPED_TERM_LEVELS = [
  { table: 'rollup_terms', key: 'day', expr: 'd.day', where: '' },
  {
    table: 'rollup_terms_monthly',
    key: 'month',
    expr: 'd.month',
    where: ' AND d.month < (SELECT month FROM rollup_terms_sealed)',
  },
  {
    table: 'rollup_terms_weekly',
    key: 'week',
    expr: weekOfDay('d.day'),
    where: ` AND ${weekOfDay('d.day')} < (SELECT week FROM rollup_terms_sealed)`,
  },
];

/** Monday-to-Sunday UTC week of a day number: week w starts on day 7w − 3 (floor division). */
export function weekOfDay(day: string): string {
  return `((${day} + 3 + 7000000) / 7 - 1000000)`;
}

/** Statements adding `sign` to the chosen levels for one mention and a set of topics. */
function delta(topics: string, mention: string, sign: 1 | -1, sourceLevelsOnly: boolean): string {
  const parts: string[] = [];
  for (const level of LEVELS) {
    if (sourceLevelsOnly && !level.bySource) continue;
    const columns = [
      'topic_id',
      ...level.keys,
      'n',
      ...(level.interactions ? ['interactions'] : []),
    ];
    const values = [
      't.topic_id',
      ...level.keys.map((k) => `d.${k}`),
      String(sign),
      ...(level.interactions ? [`${sign} * d.interactions`] : []),
    ];
    const update = level.interactions
      ? 'n = n + excluded.n, interactions = interactions + excluded.interactions'
      : 'n = n + excluded.n';
    parts.push(`INSERT INTO ${level.table} (${columns.join(', ')})
      SELECT ${values.join(', ')} FROM (${topics}) AS t, mention_dims AS d
      WHERE d.mention_id = ${mention}
      ON CONFLICT DO UPDATE SET ${update};`);
  }
  if (!sourceLevelsOnly) {
    for (const level of TERM_LEVELS) {
      parts.push(`INSERT INTO ${level.table} (topic_id, ${level.key}, term, n)
        SELECT t.topic_id, k.${level.key}, k.term, ${sign}
        FROM (${topics}) AS t,
          (SELECT DISTINCT d.${level.key} AS ${level.key}, j.value AS term
           FROM mention_dims AS d, json_each(d.keywords) AS j
           WHERE d.mention_id = ${mention} AND d.keywords IS NOT NULL AND j.type = 'text') AS k
        WHERE true
        ON CONFLICT DO UPDATE SET n = n + excluded.n;`);
    }
  }
  return parts.join('\n');
}

const topicsOf = (mention: string) =>
  `SELECT 0 AS topic_id UNION ALL SELECT topic_id FROM mention_topics WHERE mention_id = ${mention}`;
const lowestSource = (mention: string) =>
  `(SELECT min(source_id) FROM mention_sources WHERE mention_id = ${mention})`;

const triggers = `
DROP TRIGGER rollup_mention_insert;
DROP TRIGGER rollup_tag_insert;
DROP TRIGGER rollup_analysis_before;
DROP TRIGGER rollup_analysis_after;
DROP TRIGGER rollup_source_link_before;
DROP TRIGGER rollup_source_link_after;

CREATE TRIGGER rollup_mention_insert AFTER INSERT ON mentions
BEGIN
  ${delta('SELECT 0 AS topic_id', 'NEW.id', 1, false)}
END;

CREATE TRIGGER rollup_tag_insert AFTER INSERT ON mention_topics
BEGIN
  ${delta('SELECT NEW.topic_id AS topic_id', 'NEW.mention_id', 1, false)}
END;

CREATE TRIGGER rollup_analysis_before BEFORE UPDATE OF lang, language, sentiment, keywords,
  engagement ON mentions
BEGIN
  ${delta(topicsOf('OLD.id'), 'OLD.id', -1, false)}
END;

CREATE TRIGGER rollup_analysis_after AFTER UPDATE OF lang, language, sentiment, keywords,
  engagement ON mentions
BEGIN
  ${delta(topicsOf('NEW.id'), 'NEW.id', 1, false)}
END;

CREATE TRIGGER rollup_source_link_before BEFORE INSERT ON mention_sources
WHEN NEW.source_id < coalesce(${lowestSource('NEW.mention_id')}, 9223372036854775807)
BEGIN
  ${delta(topicsOf('NEW.mention_id'), 'NEW.mention_id', -1, true)}
END;

CREATE TRIGGER rollup_source_link_after AFTER INSERT ON mention_sources
WHEN NEW.source_id = ${lowestSource('NEW.mention_id')}
BEGIN
  ${delta(topicsOf('NEW.mention_id'), 'NEW.mention_id', 1, true)}
END;
`;

/** Fills the new levels from the hourly ones for files that already have data. */
const seed = `
INSERT INTO rollup_series (topic_id, hour, sentiment, n)
  SELECT topic_id, hour, sentiment, sum(n) FROM rollup_hourly GROUP BY topic_id, hour, sentiment;
INSERT INTO rollup_daily (topic_id, day, platform, lang, sentiment, n)
  SELECT topic_id, hour / 24, platform, lang, sentiment, sum(n) FROM rollup_hourly
  GROUP BY topic_id, hour / 24, platform, lang, sentiment;
INSERT INTO rollup_daily_sources (topic_id, day, source_id, sentiment, n)
  SELECT topic_id, hour / 24, source_id, sentiment, sum(n) FROM rollup_sources
  GROUP BY topic_id, hour / 24, source_id, sentiment;
INSERT INTO rollup_terms_monthly (topic_id, month, term, n)
  SELECT topic_id,
    CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER) * 12
      + CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) - 1,
    term, sum(n)
  FROM rollup_terms GROUP BY 1, 2, 3;
`;

/**
 * Where grouped roll-up statements read tags from: `from` gives `d` rows of mention_dims
 * columns, `topic` the expression of each row's topic id.
 */
export interface TaggedRows {
  from: string;
  topic: string;
}

/** Tags given as `@pairs`, a JSON array of [topic id, mention id]. */
const PAIRS: TaggedRows = {
  from: `(SELECT json_extract(value, '$[0]') AS topic_id, json_extract(value, '$[1]') AS mention_id
    FROM json_each(@pairs)) AS p JOIN mention_dims AS d ON d.mention_id = p.mention_id`,
  topic: 'p.topic_id',
};

/**
 * Statements adding newly made tags to the roll-ups, grouped: one upsert per distinct bucket
 * for the whole batch, whatever the number of topics, instead of one per tag and level as a
 * per-row trigger would.
 */
export function addTaggedStatements(rows: TaggedRows = PAIRS): string[] {
  return taggedDeltaStatements(1, rows);
}

/** The same for tags being removed: their counts come off every level (run before or after). */
export function removeTaggedStatements(rows: TaggedRows = PAIRS): string[] {
  return taggedDeltaStatements(-1, rows);
}

function taggedDeltaStatements(sign: 1 | -1, rows: TaggedRows): string[] {
  const { from, topic } = rows;
  const statements = LEVELS.map((level) => {
    const keys = level.keys.map((key) => `d.${key}`).join(', ');
    const columns = `topic_id, ${level.keys.join(', ')}, n${level.interactions ? ', interactions' : ''}`;
    const values = `${topic}, ${keys}, ${sign} * count(*)${level.interactions ? `, ${sign} * sum(d.interactions)` : ''}`;
    const update = level.interactions
      ? 'n = n + excluded.n, interactions = interactions + excluded.interactions'
      : 'n = n + excluded.n';
    return `INSERT INTO ${level.table} (${columns})
      SELECT ${values} FROM ${from} WHERE true GROUP BY ${topic}, ${keys}
      ON CONFLICT DO UPDATE SET ${update}`;
  });
  for (const level of GROUPED_TERM_LEVELS) {
    statements.push(`INSERT INTO ${level.table} (topic_id, ${level.key}, term, n)
      SELECT topic_id, ${level.key}, term, ${sign} * count(*) FROM (
        SELECT DISTINCT ${topic} AS topic_id, d.mention_id, ${level.expr} AS ${level.key},
          j.value AS term
        FROM ${from}, json_each(d.keywords) AS j
        WHERE d.keywords IS NOT NULL AND j.type = 'text'${level.where})
      WHERE true GROUP BY topic_id, ${level.key}, term
      ON CONFLICT DO UPDATE SET n = n + excluded.n`);
  }
  return statements;
}

/** Tags are added to roll-ups by the store in groups (addTaggedStatements), not per row. */
export const groupedTagRollupsMigration: Migration = {
  name: 'tag roll-ups in groups',
  up: (db) => db.exec('DROP TRIGGER rollup_tag_insert;'),
};

/** Every roll-up table, for clearing a topic. */
export const ROLLUP_TABLES = [
  ...LEVELS.map((level) => level.table),
  'rollup_series_days',
  'share_series_days',
  'rollup_persons',
  'rollup_persons_dims',
  'rollup_persons_terms',
  ...TERM_LEVELS.map((level) => level.table),
  'rollup_terms_weekly',
  'rollup_terms_platforms',
  'rollup_terms_platforms_weekly',
  'rollup_persons_terms_platforms',
  ...PLACE_SECTOR_ROLLUP_TABLES,
];

/** Fills empty coarser levels from the hourly and daily ones (bulk loads, benchmarks). */
export function seedRollupLevels(db: Parameters<Migration['up']>[0]): void {
  db.exec(seed);
}

export const rollupLevelsMigration: Migration = {
  name: 'daily, monthly and series roll-up levels',
  up: (db) => db.exec(dims + tables + triggers + seed),
};
