// PostgreSQL's roll-ups, kept by statement-level triggers so every writer (the batch writer,
// the mention-by-mention one, migrate's copy, an operator's UPDATE) keeps them exact:
//  - rollup_hourly: per topic (0: every mention), UTC hour and the dimensions figures filter
//    by (platform, language key, predicted sentiment, source key) and share group ('' for
//    none), the count and the additive share statistics (see src/analysis/quantify);
//  - rollup_terms: per topic and UTC day, mentions per analysis keyword.
// A new mention adds itself to topic 0; a tag adds the mention to its topic and an untag takes
// it off; a change of any counted column (late analysis, an edit, a deletion, a new lowest
// source) takes the old row off and adds the new one, for topic 0 and every topic tagging it.
// The triggers only append their grouped changes to per-transaction pending tables; a deferred
// trigger applies them at commit, summed, in key order, after every other lock the transaction
// takes. So writers never hold a roll-up row while they wait for a mention row (which had
// deadlocked a batch against a late analysis), and wait for each other in one order. Float
// sums drift by rounding only (well under 1e-9 per post).
import { CELL_COUNT } from '../../analysis/quantify/index.js';

export const PROBS = ['prob_negative', 'prob_neutral', 'prob_positive'];
/** Pairs of probabilities whose products the share statistics sum. */
export const PRODUCTS: [string, string][] = [];
for (let j = 0; j < PROBS.length; j++) {
  for (let k = j; k < PROBS.length; k++) PRODUCTS.push([PROBS[j]!, PROBS[k]!]);
}
const CELLS = Array.from({ length: CELL_COUNT }, (_, i) => i);

/** The share statistic columns, in the order statisticsFromRows reads them. */
export const SHARE_SUM_COLUMNS = [
  ...PROBS.map((_, i) => `p${i}`),
  ...PRODUCTS.map((_, i) => `pp${i}`),
  ...CELLS.map((i) => `c${i}`),
];

/** Key columns of `rollup_hourly`. */
export const KEYS = ['topic_id', 'hour', 'platform', 'lang', 'sentiment', 'source_id', 'grp'];
/** Mention columns a contribution reads; a change in any of them moves the mention. */
export const COUNTED = [
  'sort_ms',
  'platform',
  'lang_key',
  'sentiment',
  'source_key',
  'share_group',
  ...PROBS,
  'share_cell',
];

/** Grouped upsert of the contributions of `source` (columns topic_id, sign, x.* of a mention). */
function upsertHourly(source: string): string {
  const sums = [
    'sum(sign) AS n',
    ...PROBS.map((p, i) => `coalesce(sum(sign * x.${p}), 0) AS p${i}`),
    ...PRODUCTS.map(([a, b], i) => `coalesce(sum(sign * x.${a} * x.${b}), 0) AS pp${i}`),
    ...CELLS.map((i) => `coalesce(sum(sign) FILTER (WHERE x.share_cell = ${i}), 0) AS c${i}`),
  ];
  const columns = ['n', ...SHARE_SUM_COLUMNS];
  return `INSERT INTO rollup_hourly_pending (txid, ${[...KEYS, ...columns].join(', ')})
    SELECT txid_current(), x.topic_id, floor(x.sort_ms / 3600000.0)::bigint, x.platform,
      x.lang_key, coalesce(x.sentiment, ''), x.source_key, coalesce(x.share_group, ''),
      ${sums.join(', ')}
    FROM (${source}) AS x
    GROUP BY 2, 3, 4, 5, 6, 7, 8`;
}

/** Grouped upsert of the keyword counts of `source` (topic_id, sign, x.* of a mention). */
function upsertTerms(source: string): string {
  return `INSERT INTO rollup_terms_pending (txid, topic_id, day, term, n)
    SELECT txid_current(), x.topic_id, floor(x.sort_ms / 86400000.0)::bigint, k.term,
      sum(x.sign)
    FROM (${source}) AS x
    CROSS JOIN LATERAL (
      SELECT DISTINCT e.value #>> '{}' AS term
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.keywords) = 'array'
        THEN x.keywords ELSE '[]'::jsonb END) AS e (value)
      WHERE jsonb_typeof(e.value) = 'string') AS k
    GROUP BY 2, 3, 4`;
}

const CHANGED = `(${COUNTED.map((c) => `o.${c}`).join(', ')}, o.keywords)
  IS DISTINCT FROM (${COUNTED.map((c) => `n.${c}`).join(', ')}, n.keywords)`;

/** Old rows off, new rows on, for topic 0 and every topic tagging the mention. */
const MOVED = `
  SELECT 0::bigint AS topic_id, -1 AS sign, o.* FROM old_rows AS o JOIN new_rows AS n USING (id)
    WHERE ${CHANGED}
  UNION ALL
  SELECT 0::bigint, 1, n.* FROM old_rows AS o JOIN new_rows AS n USING (id) WHERE ${CHANGED}
  UNION ALL
  SELECT t.topic_id, -1, o.* FROM old_rows AS o JOIN new_rows AS n USING (id)
    JOIN mention_topics AS t ON t.mention_id = o.id WHERE ${CHANGED}
  UNION ALL
  SELECT t.topic_id, 1, n.* FROM old_rows AS o JOIN new_rows AS n USING (id)
    JOIN mention_topics AS t ON t.mention_id = n.id WHERE ${CHANGED}`;

export function triggerFunction(name: string, source: string): string {
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  ${upsertHourly(source)};
  ${upsertTerms(source)};
  INSERT INTO rollup_marker (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $fn$;`;
}

/**
 * The commit-time function that adds a transaction's pending changes to the roll-ups; with
 * `days`, to the local-day levels as well (dayLevelsMigration).
 */
function rollupApplyFunction(
  create: 'CREATE' | 'CREATE OR REPLACE',
  days: boolean,
  months = false,
): string {
  return `${create} FUNCTION nghe_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO rollup_hourly (${[...KEYS, 'n', ...SHARE_SUM_COLUMNS].join(', ')})
    SELECT ${KEYS.join(', ')}, ${['n', ...SHARE_SUM_COLUMNS].map((c) => `sum(${c})`).join(', ')}
    FROM rollup_hourly_pending WHERE txid = txid_current()
    GROUP BY ${KEYS.join(', ')} ORDER BY ${KEYS.join(', ')}
    ON CONFLICT (${KEYS.join(', ')}) DO UPDATE SET
      ${['n', ...SHARE_SUM_COLUMNS].map((c) => `${c} = rollup_hourly.${c} + excluded.${c}`).join(', ')};${days ? dayLevelsFrom('rollup_hourly_pending WHERE txid = txid_current()', true) : ''}
  DELETE FROM rollup_hourly_pending WHERE txid = txid_current();
  INSERT INTO rollup_terms (topic_id, day, term, n)
    SELECT topic_id, day, term, sum(n) FROM rollup_terms_pending WHERE txid = txid_current()
    GROUP BY topic_id, day, term ORDER BY topic_id, day, term
    ON CONFLICT (topic_id, day, term) DO UPDATE SET n = rollup_terms.n + excluded.n;${
      months
        ? `
  INSERT INTO rollup_term_months (topic_id, month, term, n)
    SELECT topic_id, ${monthOf('day')}, term, sum(n) FROM rollup_terms_pending
    WHERE txid = txid_current() GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (topic_id, month, term) DO UPDATE SET n = rollup_term_months.n + excluded.n;`
        : ''
    }
  DELETE FROM rollup_terms_pending WHERE txid = txid_current();
  DELETE FROM rollup_marker WHERE txid = txid_current();
  RETURN NULL;
END $fn$;`;
}

export const ROLLUPS_SQL = `
CREATE TABLE rollup_hourly (
  topic_id bigint NOT NULL,
  hour bigint NOT NULL,
  platform text NOT NULL,
  lang text NOT NULL,
  sentiment text NOT NULL,
  source_id bigint NOT NULL,
  grp text NOT NULL,
  n bigint NOT NULL,
  ${SHARE_SUM_COLUMNS.map((c) => `${c} ${c.startsWith('c') ? 'bigint' : 'double precision'} NOT NULL`).join(',\n  ')},
  PRIMARY KEY (${KEYS.join(', ')})
);
CREATE TABLE rollup_terms (
  topic_id bigint NOT NULL,
  day bigint NOT NULL,
  term text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (topic_id, day, term)
);

-- Changes of transactions in flight; emptied by the transaction itself before it commits.
CREATE UNLOGGED TABLE rollup_hourly_pending (LIKE rollup_hourly);
ALTER TABLE rollup_hourly_pending ADD COLUMN txid bigint NOT NULL;
CREATE INDEX rollup_hourly_pending_txid ON rollup_hourly_pending (txid);
CREATE UNLOGGED TABLE rollup_terms_pending (LIKE rollup_terms);
ALTER TABLE rollup_terms_pending ADD COLUMN txid bigint NOT NULL;
CREATE INDEX rollup_terms_pending_txid ON rollup_terms_pending (txid);
-- One row per transaction with pending changes: what the commit-time trigger fires on.
CREATE UNLOGGED TABLE rollup_marker (txid bigint PRIMARY KEY);

${rollupApplyFunction('CREATE', false)}
-- Fires at commit, once per transaction that has pending changes.
CREATE CONSTRAINT TRIGGER rollup_apply AFTER INSERT ON rollup_marker
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION nghe_rollup_apply();

${triggerFunction('nghe_rollup_mentions_inserted', 'SELECT 0::bigint AS topic_id, 1 AS sign, n.* FROM new_rows AS n')}
CREATE TRIGGER rollup_mentions_inserted AFTER INSERT ON mentions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION nghe_rollup_mentions_inserted();

${triggerFunction('nghe_rollup_mentions_updated', MOVED)}
CREATE TRIGGER rollup_mentions_updated AFTER UPDATE ON mentions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION nghe_rollup_mentions_updated();

${triggerFunction(
  'nghe_rollup_tagged',
  'SELECT t.topic_id, 1 AS sign, m.* FROM new_tags AS t JOIN mentions AS m ON m.id = t.mention_id',
)}
CREATE TRIGGER rollup_tagged AFTER INSERT ON mention_topics
  REFERENCING NEW TABLE AS new_tags FOR EACH STATEMENT EXECUTE FUNCTION nghe_rollup_tagged();

${triggerFunction(
  'nghe_rollup_untagged',
  'SELECT t.topic_id, -1 AS sign, m.* FROM old_tags AS t JOIN mentions AS m ON m.id = t.mention_id',
)}
CREATE TRIGGER rollup_untagged AFTER DELETE ON mention_topics
  REFERENCING OLD TABLE AS old_tags FOR EACH STATEMENT EXECUTE FUNCTION nghe_rollup_untagged();
`;

// ------------------------------------------------------------------ local-day levels
// Figures over months read whole local days, not 24 hourly rows per day per dimension mix:
//  - rollup_days (topic, day, sentiment, share group): counts and share sums, for series,
//    share series, sentiment share and the sentiment breakdown without other filters;
//  - rollup_day_keys (topic, dimension, day, key, sentiment): mentions per platform, language
//    key or source (key as text), for breakdowns by one of them without other filters;
//  - rollup_place_days, rollup_sector_days: rollup_places and rollup_sectors per day.
// A day is a local day at UTC+7 (Asia/Ho_Chi_Minh, no daylight saving): UTC hours
// [24d − 7, 24d + 17) are day d, so day and week series in that zone read them whole, and
// any range reads its whole days here and the hours at its ends from the hourly tables.
// They are kept at commit from the same pending changes as the hourly tables.

/** UTC offset, in hours, of the local days of the day levels. */
export const DAY_LEVEL_SHIFT = 7;

/** Local day of an hour expression. */
export const localDayOf = (hour: string) => `floor((${hour} + ${DAY_LEVEL_SHIFT}) / 24.0)::bigint`;

const DAY_KEYS = ['topic_id', 'day', 'sentiment', 'grp'];
const DAY_SUMS = ['n', ...SHARE_SUM_COLUMNS];

/** Upserts of rollup_days and rollup_day_keys from hourly-shaped rows `source` (FROM … WHERE …). */
function dayLevelsFrom(source: string, upsert: boolean): string {
  const conflict = (keys: string[], table: string, sums: string[]) =>
    upsert
      ? `
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET
      ${sums.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`
      : '';
  return `
  INSERT INTO rollup_days (${[...DAY_KEYS, ...DAY_SUMS].join(', ')})
    SELECT topic_id, ${localDayOf('hour')}, sentiment, grp, ${DAY_SUMS.map((c) => `sum(${c})`).join(', ')}
    FROM ${source} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4${conflict(DAY_KEYS, 'rollup_days', DAY_SUMS)};
  INSERT INTO rollup_day_keys (topic_id, dim, day, key, sentiment, n)
    SELECT h.topic_id, d.dim, ${localDayOf('h.hour')}, d.key, h.sentiment, sum(h.n)
    FROM (SELECT topic_id, hour, platform, lang, source_id, sentiment, n FROM ${source}) AS h
    CROSS JOIN LATERAL (VALUES ('platform', h.platform), ('lang', h.lang),
      ('source', h.source_id::text)) AS d (dim, key)
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5${conflict(['topic_id', 'dim', 'day', 'key', 'sentiment'], 'rollup_day_keys', ['n'])};`;
}

/** Upserts of rollup_place_days and rollup_sector_days from rows `places` and `sectors`. */
export function placeDayLevelsFrom(places: string, sectors: string, upsert: boolean): string {
  const conflict = (keys: string, table: string) =>
    upsert ? `\n    ON CONFLICT (${keys}) DO UPDATE SET n = ${table}.n + excluded.n` : '';
  return `
  INSERT INTO rollup_place_days (topic_id, day, province, ward, sentiment, n)
    SELECT topic_id, ${localDayOf('hour')}, province, ward, sentiment, sum(n) FROM ${places}
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5${conflict('topic_id, day, province, ward, sentiment', 'rollup_place_days')};
  INSERT INTO rollup_sector_days (topic_id, day, sector, sentiment, n)
    SELECT topic_id, ${localDayOf('hour')}, sector, sentiment, sum(n) FROM ${sectors}
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4${conflict('topic_id, day, sector, sentiment', 'rollup_sector_days')};`;
}

const DAY_TABLES = `
CREATE TABLE rollup_days (
  topic_id bigint NOT NULL,
  day bigint NOT NULL,
  sentiment text NOT NULL,
  grp text NOT NULL,
  n bigint NOT NULL,
  ${SHARE_SUM_COLUMNS.map((c) => `${c} ${c.startsWith('c') ? 'bigint' : 'double precision'} NOT NULL`).join(',\n  ')},
  PRIMARY KEY (${DAY_KEYS.join(', ')})
);
CREATE TABLE rollup_day_keys (
  topic_id bigint NOT NULL,
  dim text NOT NULL,
  day bigint NOT NULL,
  key text NOT NULL,
  sentiment text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (topic_id, dim, day, key, sentiment)
);
CREATE TABLE rollup_place_days (
  topic_id bigint NOT NULL,
  day bigint NOT NULL,
  province text NOT NULL,
  ward text NOT NULL,
  sentiment text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (topic_id, day, province, ward, sentiment)
);
CREATE TABLE rollup_sector_days (
  topic_id bigint NOT NULL,
  day bigint NOT NULL,
  sector text NOT NULL,
  sentiment text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (topic_id, day, sector, sentiment)
);`;

/** Fills the local-day levels from the hourly ones (exact: they are sums of the same rows). */
export function fillDayLevelsSql(): string {
  return `
  DELETE FROM rollup_days; DELETE FROM rollup_day_keys;
  DELETE FROM rollup_place_days; DELETE FROM rollup_sector_days;
  ${dayLevelsFrom('rollup_hourly', false)}
  ${placeDayLevelsFrom('rollup_places', 'rollup_sectors', false)}`;
}

/** The migration adding the local-day levels, filled from the hourly ones. */
export function dayLevelsMigrationSql(placeApply: string): string {
  return `${DAY_TABLES}
LOCK TABLE rollup_hourly, rollup_places, rollup_sectors IN SHARE MODE;
${fillDayLevelsSql()}
${rollupApplyFunction('CREATE OR REPLACE', true)}
${placeApply}`;
}

// ------------------------------------------------------------------ monthly terms
// rollup_term_months (topic, UTC month as year × 12 + month − 1, term): a year of top terms
// reads 12 rows per term instead of 365; the days at a range's ends come from rollup_terms.

/** UTC month index (year × 12 + month − 1) of a UTC day number expression. */
export const monthOf = (day: string) =>
  `(extract(year FROM date '1970-01-01' + (${day})::int) * 12
    + extract(month FROM date '1970-01-01' + (${day})::int) - 1)::bigint`;

const TERM_MONTHS_FILL = `INSERT INTO rollup_term_months (topic_id, month, term, n)
  SELECT topic_id, ${monthOf('day')}, term, sum(n) FROM rollup_terms GROUP BY 1, 2, 3`;

export const termMonthsMigrationSql = `
CREATE TABLE rollup_term_months (
  topic_id bigint NOT NULL,
  month bigint NOT NULL,
  term text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (topic_id, month, term)
);
LOCK TABLE rollup_terms IN SHARE MODE;
${TERM_MONTHS_FILL};
${rollupApplyFunction('CREATE OR REPLACE', true, true)}`;

// ------------------------------------------------------------------ monthly day keys
// rollup_day_key_months (topic, dimension, month of local days, key, sentiment): the
// platform, language and source counts of rollup_day_keys per month (year × 12 + month − 1 of
// the local day), so a year's breakdown by source reads 12 rows per source and sentiment
// instead of 365; the days at a range's ends come from rollup_day_keys, the hours from
// rollup_hourly. Kept at commit from the same pending hourly changes, by its own deferred
// trigger, whose name sorts before rollup_apply's (which empties them).

const DAY_KEY_MONTHS_APPLY = `CREATE FUNCTION nghe_day_key_months_apply() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO rollup_day_key_months (topic_id, dim, month, key, sentiment, n)
    SELECT h.topic_id, d.dim, ${monthOf(localDayOf('h.hour'))}, d.key, h.sentiment, sum(h.n)
    FROM (SELECT topic_id, hour, platform, lang, source_id, sentiment, n
      FROM rollup_hourly_pending WHERE txid = txid_current()) AS h
    CROSS JOIN LATERAL (VALUES ('platform', h.platform), ('lang', h.lang),
      ('source', h.source_id::text)) AS d (dim, key)
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (topic_id, dim, month, key, sentiment)
    DO UPDATE SET n = rollup_day_key_months.n + excluded.n;
  RETURN NULL;
END $fn$;
CREATE CONSTRAINT TRIGGER rollup_a_day_key_months_apply AFTER INSERT ON rollup_marker
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION nghe_day_key_months_apply();`;

/** The month level summed from rollup_day_keys (exact: sums of the same rows). */
export const DAY_KEY_MONTHS_FILL_SQL = `INSERT INTO rollup_day_key_months (topic_id, dim, month, key, sentiment, n)
  SELECT topic_id, dim, month, key, sentiment, sum(n)
  FROM (SELECT topic_id, dim, ${monthOf('day')} AS month, key, sentiment, n FROM rollup_day_keys) AS d
  GROUP BY 1, 2, 3, 4, 5`;

export const dayKeyMonthsMigrationSql = `
CREATE TABLE rollup_day_key_months (
  topic_id bigint NOT NULL,
  dim text NOT NULL,
  month bigint NOT NULL,
  key text NOT NULL,
  sentiment text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (topic_id, dim, month, key, sentiment)
);
${DAY_KEY_MONTHS_APPLY}
LOCK TABLE rollup_hourly, rollup_day_keys IN SHARE MODE;
${DAY_KEY_MONTHS_FILL_SQL};`;

// ------------------------------------------------------------------ yearly terms
// rollup_term_years (topic, UTC year, term): top terms over years read one row per term and
// year instead of twelve; the months at a range's ends come from rollup_term_months, the days
// from rollup_terms. Kept at commit from the same pending term changes, by its own deferred
// trigger, whose name sorts before rollup_apply's (which empties them).

/** UTC year of a UTC day number expression. */
export const yearOf = (day: string) =>
  `extract(year FROM date '1970-01-01' + (${day})::int)::bigint`;

const TERM_YEARS_APPLY = `CREATE FUNCTION nghe_term_years_apply() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO rollup_term_years (topic_id, year, term, n)
    SELECT topic_id, ${yearOf('day')}, term, sum(n) FROM rollup_terms_pending
    WHERE txid = txid_current() GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (topic_id, year, term) DO UPDATE SET n = rollup_term_years.n + excluded.n;
  RETURN NULL;
END $fn$;
CREATE CONSTRAINT TRIGGER rollup_a_term_years_apply AFTER INSERT ON rollup_marker
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION nghe_term_years_apply();`;

/** The year level summed from rollup_term_months (month = year × 12 + month − 1, not negative). */
export const TERM_YEARS_FILL_SQL = `INSERT INTO rollup_term_years (topic_id, year, term, n)
  SELECT topic_id, month / 12, term, sum(n) FROM rollup_term_months GROUP BY 1, 2, 3`;

export const termYearsMigrationSql = `
CREATE TABLE rollup_term_years (
  topic_id bigint NOT NULL,
  year bigint NOT NULL,
  term text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (topic_id, year, term)
);
${TERM_YEARS_APPLY}
LOCK TABLE rollup_terms, rollup_term_months IN SHARE MODE;
${TERM_YEARS_FILL_SQL};`;
