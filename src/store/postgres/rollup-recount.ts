// Every roll-up level recounted from the loaded rows in one grouped pass per level, for bulk
// loads that ran with the triggers off (session_replication_role = replica: the figures bench's
// seeding, a copy into an empty database). The result equals what the triggers keep
// (rollups-schema.ts, places-stories-schema.ts; rollup-recount.postgres.test.ts checks it), but
// costs a fraction of the row-by-row upserts at millions of mentions:
//  - the levels are emptied by TRUNCATE and their indexes (primary keys included) dropped, so
//    each level is written as a plain heap append and its indexes are then built by one sort
//    each (with wal_level = minimal, nothing written into a table truncated in the same
//    transaction goes to the WAL either);
//  - a mention is read once per level for topic 0 and once per topic tagging it, and only the
//    columns the level counts are carried (not the text, keywords or full text vector);
//  - hours, days and local days are integer floor divisions rather than numeric ones;
//  - the local-day key level is one GROUPING SETS pass over the hourly rows instead of three.
// Runs inside the caller's transaction (its settings are SET LOCAL) and takes every roll-up
// table's ACCESS EXCLUSIVE lock until the caller commits: for loads, not for a live store.
import { CELL_COUNT } from '../../analysis/quantify/index.js';
import { PLACE_SHARE_FILL_SQL, PLACE_SHARE_TABLE } from './place-share-schema.js';
import {
  COUNTED,
  DAY_KEY_MONTHS_FILL_SQL,
  DAY_LEVEL_SHIFT,
  KEYS as HOURLY_KEYS,
  monthOf,
  PROBS,
  PRODUCTS,
  SHARE_SUM_COLUMNS,
  TERM_YEARS_FILL_SQL,
} from './rollups-schema.js';

interface Queryable {
  query: (sql: string) => Promise<{ rows: unknown[]; rowCount?: number | null }>;
}

export interface RecountLevel {
  table: string;
  rows: number;
  /** Wall milliseconds: the grouped fill, then rebuilding the table's indexes. */
  fillMs: number;
  indexMs: number;
}

/** floor(`x` / `d`) for bigint `x` and a positive constant `d`, in integer arithmetic. */
const floorDiv = (x: string, d: number) => `((${x}) / ${d} - ((${x}) % ${d} < 0)::int)`;
export const hourOf = (ms: string) => floorDiv(ms, 3_600_000);
const dayOf = (ms: string) => floorDiv(ms, 86_400_000);
export const localDayOfHour = (hour: string) => floorDiv(`${hour} + ${DAY_LEVEL_SHIFT}`, 24);

/** Topic 0 for every mention and each topic tagging it, with the mention's `columns`. */
function mentionTopics(columns: string[]): string {
  const cols = (alias: string) => columns.map((c) => `${alias}.${c}`).join(', ');
  return `(SELECT 0::bigint AS topic_id, ${cols('m')} FROM mentions AS m
    UNION ALL
    SELECT t.topic_id, ${cols('m')} FROM mention_topics AS t JOIN mentions AS m ON m.id = t.mention_id)`;
}

function hourlySql(): string {
  const x = mentionTopics(COUNTED);
  const sums = [
    'count(*)',
    ...PROBS.map((p) => `coalesce(sum(x.${p}), 0)`),
    ...PRODUCTS.map(([a, b]) => `coalesce(sum(x.${a} * x.${b}), 0)`),
    ...Array.from({ length: CELL_COUNT }, (_, i) => `count(*) FILTER (WHERE x.share_cell = ${i})`),
  ];
  return `INSERT INTO rollup_hourly (${[...HOURLY_KEYS, 'n', ...SHARE_SUM_COLUMNS].join(', ')})
    SELECT x.topic_id, ${hourOf('x.sort_ms')}, x.platform, x.lang_key, coalesce(x.sentiment, ''),
      x.source_key, coalesce(x.share_group, ''), ${sums.join(', ')}
    FROM ${x} AS x GROUP BY 1, 2, 3, 4, 5, 6, 7`;
}

function termsSql(): string {
  return `INSERT INTO rollup_terms (topic_id, day, term, n)
    SELECT x.topic_id, ${dayOf('x.sort_ms')}, k.term, count(*)
    FROM ${mentionTopics(['sort_ms', 'keywords'])} AS x
    CROSS JOIN LATERAL (
      SELECT DISTINCT e.value #>> '{}' AS term
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.keywords) = 'array'
        THEN x.keywords ELSE '[]'::jsonb END) AS e (value)
      WHERE jsonb_typeof(e.value) = 'string') AS k
    GROUP BY 1, 2, 3`;
}

const DAY_SUMS = ['n', ...SHARE_SUM_COLUMNS];

const DAYS_SQL = `INSERT INTO rollup_days (topic_id, day, sentiment, grp, ${DAY_SUMS.join(', ')})
  SELECT topic_id, ${localDayOfHour('hour')}, sentiment, grp, ${DAY_SUMS.map((c) => `sum(${c})`).join(', ')}
  FROM rollup_hourly GROUP BY 1, 2, 3, 4`;

const DAY_KEYS_SQL = `INSERT INTO rollup_day_keys (topic_id, dim, day, key, sentiment, n)
  SELECT topic_id,
    CASE WHEN GROUPING(platform) = 0 THEN 'platform' WHEN GROUPING(lang) = 0 THEN 'lang'
      ELSE 'source' END,
    day,
    CASE WHEN GROUPING(platform) = 0 THEN platform WHEN GROUPING(lang) = 0 THEN lang
      ELSE source_id::text END,
    sentiment, sum(n)
  FROM (SELECT topic_id, ${localDayOfHour('hour')} AS day, platform, lang, source_id, sentiment, n
    FROM rollup_hourly) AS h
  GROUP BY GROUPING SETS ((topic_id, day, sentiment, platform), (topic_id, day, sentiment, lang),
    (topic_id, day, sentiment, source_id))`;

const TERM_MONTHS_SQL = `INSERT INTO rollup_term_months (topic_id, month, term, n)
  SELECT topic_id, month, term, sum(n)
  FROM (SELECT topic_id, day, ${monthOf('day')} AS month, term, n FROM rollup_terms) AS t
  GROUP BY topic_id, month, term`;

/** Topic 0 and each topic tagging a mention, with its hour and sentiment. */
const PLACE_TOPICS = mentionTopics(['id', 'sort_ms', 'sentiment']);

/** A mention counts once per distinct province (ward '') and once per distinct ward. */
const PLACE_KEYS = `(SELECT DISTINCT mention_id, province, '' AS ward FROM mention_places
  UNION ALL
  SELECT DISTINCT mention_id, province, ward FROM mention_places WHERE ward <> '')`;

const PLACES_SQL = `INSERT INTO rollup_places (topic_id, hour, province, ward, sentiment, n)
  SELECT x.topic_id, ${hourOf('x.sort_ms')}, k.province, k.ward, coalesce(x.sentiment, ''), count(*)
  FROM ${PLACE_TOPICS} AS x JOIN ${PLACE_KEYS} AS k ON k.mention_id = x.id
  GROUP BY 1, 2, 3, 4, 5`;

const SECTORS_SQL = `INSERT INTO rollup_sectors (topic_id, hour, sector, sentiment, n)
  SELECT x.topic_id, ${hourOf('x.sort_ms')}, s.sector, coalesce(x.sentiment, ''), count(*)
  FROM ${PLACE_TOPICS} AS x JOIN mention_sectors AS s ON s.mention_id = x.id
  GROUP BY 1, 2, 3, 4`;

const PLACE_DAYS_SQL = `INSERT INTO rollup_place_days (topic_id, day, province, ward, sentiment, n)
  SELECT topic_id, ${localDayOfHour('hour')}, province, ward, sentiment, sum(n) FROM rollup_places
  GROUP BY 1, 2, 3, 4, 5`;

const SECTOR_DAYS_SQL = `INSERT INTO rollup_sector_days (topic_id, day, sector, sentiment, n)
  SELECT topic_id, ${localDayOfHour('hour')}, sector, sentiment, sum(n) FROM rollup_sectors
  GROUP BY 1, 2, 3, 4`;

const PLACE_MONTHS_SQL = `INSERT INTO rollup_place_months (topic_id, month, province, ward, sentiment, n)
  SELECT topic_id, month, province, ward, sentiment, sum(n)
  FROM (SELECT topic_id, ${monthOf('day')} AS month, province, ward, sentiment, n
    FROM rollup_place_days) AS d
  GROUP BY 1, 2, 3, 4, 5`;

const SECTOR_MONTHS_SQL = `INSERT INTO rollup_sector_months (topic_id, month, sector, sentiment, n)
  SELECT topic_id, month, sector, sentiment, sum(n)
  FROM (SELECT topic_id, ${monthOf('day')} AS month, sector, sentiment, n
    FROM rollup_sector_days) AS d
  GROUP BY 1, 2, 3, 4`;

/**
 * Levels that read nothing another group writes: each group can be recounted on its own
 * connection, at the same time as the others (a level is filled after the one it reads).
 */
export const RECOUNT_GROUPS: readonly string[][] = [
  ['rollup_hourly', 'rollup_days', 'rollup_day_keys', 'rollup_day_key_months'],
  ['rollup_terms', 'rollup_term_months', 'rollup_term_years'],
  ['rollup_places', 'rollup_place_days', 'rollup_place_months', PLACE_SHARE_TABLE],
  ['rollup_sectors', 'rollup_sector_days', 'rollup_sector_months'],
];

/** Every level, in fill order (a level read by a later one comes first), with its fill. */
export const RECOUNT_LEVELS: readonly { table: string; sql: string }[] = [
  { table: 'rollup_hourly', sql: hourlySql() },
  { table: 'rollup_terms', sql: termsSql() },
  { table: 'rollup_days', sql: DAYS_SQL },
  { table: 'rollup_day_keys', sql: DAY_KEYS_SQL },
  { table: 'rollup_day_key_months', sql: DAY_KEY_MONTHS_FILL_SQL },
  { table: 'rollup_term_months', sql: TERM_MONTHS_SQL },
  { table: 'rollup_term_years', sql: TERM_YEARS_FILL_SQL },
  { table: 'rollup_places', sql: PLACES_SQL },
  { table: 'rollup_sectors', sql: SECTORS_SQL },
  { table: 'rollup_place_days', sql: PLACE_DAYS_SQL },
  { table: 'rollup_sector_days', sql: SECTOR_DAYS_SQL },
  { table: 'rollup_place_months', sql: PLACE_MONTHS_SQL },
  { table: 'rollup_sector_months', sql: SECTOR_MONTHS_SQL },
  { table: PLACE_SHARE_TABLE, sql: PLACE_SHARE_FILL_SQL },
];

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Drops the indexes of `table` (primary key and unique constraints included) and returns the
 * statements that build them again.
 */
async function dropIndexes(client: Queryable, table: string): Promise<string[]> {
  const { rows } = (await client.query(
    `SELECT c.conname AS constraint, pg_get_constraintdef(c.oid) AS condef,
       pg_get_indexdef(i.indexrelid) AS indexdef, i.indexrelid::regclass::text AS name
     FROM pg_index AS i LEFT JOIN pg_constraint AS c ON c.conindid = i.indexrelid
       AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u')
     WHERE i.indrelid = to_regclass(${quote(table)})
     ORDER BY c.conname IS NULL, i.indexrelid`,
  )) as {
    rows: { constraint: string | null; condef: string | null; indexdef: string; name: string }[];
  };
  const rebuild: string[] = [];
  for (const row of rows) {
    if (row.constraint) {
      await client.query(`ALTER TABLE ${table} DROP CONSTRAINT "${row.constraint}"`);
      rebuild.push(`ALTER TABLE ${table} ADD CONSTRAINT "${row.constraint}" ${row.condef}`);
    } else {
      await client.query(`DROP INDEX ${row.name}`);
      rebuild.push(row.indexdef);
    }
  }
  return rebuild;
}

/** Levels that are not roll-ups of mentions by topic, recounted by their own modules. */
export const RECOUNTED_ELSEWHERE: readonly string[] = [
  'rollup_entity_days',
  'rollup_entity_spans',
  'rollup_story_extents',
];

export interface BulkOptions {
  workMem?: string;
  onLevel?: (level: RecountLevel) => void;
}

/**
 * Fills `levels` (in order) into their truncated tables with their indexes dropped, then
 * builds the indexes again, inside the caller's transaction.
 */
export async function fillLevelsInBulk(
  client: Queryable,
  levels: readonly { table: string; sql: string }[],
  options: BulkOptions = {},
): Promise<RecountLevel[]> {
  if (levels.length === 0) return [];
  await client.query(`SET LOCAL work_mem = ${quote(options.workMem ?? '512MB')}`);
  await client.query("SET LOCAL maintenance_work_mem = '1GB'");
  await client.query(`TRUNCATE ${levels.map((l) => l.table).join(', ')}`);
  const done: RecountLevel[] = [];
  for (const level of levels) {
    const rebuild = await dropIndexes(client, level.table);
    const started = performance.now();
    const result = await client.query(level.sql);
    const filled = performance.now();
    for (const statement of rebuild) await client.query(statement);
    const out: RecountLevel = {
      table: level.table,
      rows: result.rowCount ?? 0,
      fillMs: filled - started,
      indexMs: performance.now() - filled,
    };
    done.push(out);
    options.onLevel?.(out);
  }
  await client.query(`ANALYZE ${levels.map((l) => l.table).join(', ')}`);
  return done;
}

/**
 * Rebuilds every roll-up level of the store's schema (those its migrations created), or those
 * of `tables` (whole groups of RECOUNT_GROUPS), from the mentions, their topic tags, places
 * and sectors, inside the caller's transaction. `onLevel` hears each level as it is done.
 */
export async function recountRollupsInBulk(
  client: Queryable,
  options: BulkOptions & { tables?: readonly string[] } = {},
): Promise<RecountLevel[]> {
  const { rows } = (await client.query(
    `SELECT t AS table FROM unnest(ARRAY[${RECOUNT_LEVELS.map((l) => quote(l.table)).join(', ')}]) AS t
     WHERE to_regclass(t) IS NOT NULL`,
  )) as { rows: { table: string }[] };
  const present = new Set(rows.map((r) => r.table));
  const levels = RECOUNT_LEVELS.filter(
    (l) => present.has(l.table) && (!options.tables || options.tables.includes(l.table)),
  );
  return fillLevelsInBulk(client, levels, options);
}
