// Places, sectors and stories of mentions on PostgreSQL, the tables of the SQLite file
// (src/store/sqlite/places-stories-schema.ts) with their roll-ups:
//  - mention_places: one row per tagged unit, in today's structure (ward '' for a province,
//    city or former district); mention_sectors: one row per sector;
//  - stories / mention_stories: each mention's story and, for a near-duplicate, its first
//    publisher, the text it copied, the similarity and the delay. `seq` orders the links as
//    they were written (under the story lock, story-assigner.ts), so a writer catches up on
//    what other writers assigned since it last looked;
//  - rollup_places (topic, UTC hour, province, ward, sentiment): a mention counts once per
//    distinct province (ward '') and once per ward; rollup_sectors once per sector.
// The roll-ups are kept by statement-level triggers, as rollup_hourly is (rollups-schema.ts):
// tags written or removed, a mention tagged or untagged, a changed sentiment. Each trigger
// appends grouped changes to per-transaction pending tables, applied at commit in key order.
// A mention's places (and its sectors) are written in one statement, after any old ones are
// deleted (the writers do so): a statement's rows are all of the mention's rows. A mention is
// deleted after its places, sectors and topic tags (retention.ts), so each trigger still reads
// the mention's hour and sentiment.
import type pg from 'pg';
import { localDayOf, monthOf, placeDayLevelsFrom } from './rollups-schema.js';
import type { PgMigration } from './schema.js';

/** Distinct roll-up keys of the place rows `rows`: each province (ward ''), each ward. */
const placeKeys = (rows: string) => `(
  SELECT DISTINCT r.mention_id, r.province, '' AS ward FROM ${rows} AS r
  UNION ALL
  SELECT DISTINCT r.mention_id, r.province, r.ward FROM ${rows} AS r WHERE r.ward <> '')`;

/** Topic 0 and every topic tagging each mention of `ids` (a relation with mention_id). */
const topicsOf = (ids: string) => `(
  SELECT DISTINCT i.mention_id, 0::bigint AS topic_id FROM ${ids} AS i
  UNION ALL
  SELECT mt.mention_id, mt.topic_id FROM mention_topics AS mt
  WHERE mt.mention_id IN (SELECT j.mention_id FROM ${ids} AS j))`;

const HOUR = 'floor(m.sort_ms / 3600000.0)::bigint';

/** Pending inserts of `sign` × the keys of `places` and `sectors`, for `x` (topic_id, mention_id, sign, m). */
function pending(x: string, places: string, sectors: string): string {
  return `
  INSERT INTO rollup_places_pending (txid, topic_id, hour, province, ward, sentiment, n)
    SELECT txid_current(), x.topic_id, ${HOUR}, k.province, k.ward, coalesce(m.sentiment, ''),
      sum(x.sign)
    FROM ${x} AS x JOIN mentions AS m ON m.id = x.mention_id
    JOIN ${placeKeys(places)} AS k ON k.mention_id = x.mention_id
    GROUP BY 2, 3, 4, 5, 6;
  INSERT INTO rollup_sectors_pending (txid, topic_id, hour, sector, sentiment, n)
    SELECT txid_current(), x.topic_id, ${HOUR}, s.sector, coalesce(m.sentiment, ''), sum(x.sign)
    FROM ${x} AS x JOIN mentions AS m ON m.id = x.mention_id
    JOIN ${sectors} AS s ON s.mention_id = x.mention_id
    GROUP BY 2, 3, 4, 5;
  INSERT INTO rollup_marker (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;`;
}

function tagTrigger(table: 'mention_places' | 'mention_sectors', sign: 1 | -1): string {
  const rows = sign === 1 ? 'new_tag_rows' : 'old_tag_rows';
  const name = `nghe_${table}_${sign === 1 ? 'inserted' : 'deleted'}`;
  const x = `(SELECT t.mention_id, t.topic_id, ${sign} AS sign FROM ${topicsOf(rows)} AS t)`;
  const body =
    table === 'mention_places'
      ? pending(x, rows, '(SELECT NULL::bigint AS mention_id, NULL::text AS sector WHERE false)')
      : pending(
          x,
          '(SELECT NULL::bigint AS mention_id, NULL::text AS province, NULL::text AS ward WHERE false)',
          rows,
        );
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN${body}
  RETURN NULL;
END $fn$;
CREATE TRIGGER ${name} AFTER ${sign === 1 ? 'INSERT' : 'DELETE'} ON ${table}
  REFERENCING ${sign === 1 ? 'NEW' : 'OLD'} TABLE AS ${rows} FOR EACH STATEMENT
  EXECUTE FUNCTION ${name}();`;
}

function topicTrigger(sign: 1 | -1): string {
  const rows = sign === 1 ? 'new_tags' : 'old_tags';
  const name = `nghe_place_rollup_${sign === 1 ? 'tagged' : 'untagged'}`;
  const x = `(SELECT t.mention_id, t.topic_id, ${sign} AS sign FROM ${rows} AS t)`;
  const ids = `(SELECT DISTINCT mention_id FROM ${rows})`;
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN${pending(
    x,
    `(SELECT * FROM mention_places WHERE mention_id IN ${ids})`,
    `(SELECT * FROM mention_sectors WHERE mention_id IN ${ids})`,
  )}
  RETURN NULL;
END $fn$;
CREATE TRIGGER ${name} AFTER ${sign === 1 ? 'INSERT' : 'DELETE'} ON mention_topics
  REFERENCING ${sign === 1 ? 'NEW' : 'OLD'} TABLE AS ${rows} FOR EACH STATEMENT
  EXECUTE FUNCTION ${name}();`;
}

/** A changed sentiment moves the mention's place and sector rows: old off, new on. */
const MOVED = `SELECT o.id AS mention_id, coalesce(o.sentiment, '') AS old_sentiment,
    coalesce(n.sentiment, '') AS new_sentiment, n.sort_ms
  FROM old_rows AS o JOIN new_rows AS n USING (id)
  WHERE coalesce(o.sentiment, '') <> coalesce(n.sentiment, '')`;

const SENTIMENT_MOVED = `
CREATE FUNCTION nghe_place_rollup_sentiment() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT EXISTS (${MOVED}) THEN RETURN NULL; END IF;
  WITH v AS (${MOVED})
  INSERT INTO rollup_places_pending (txid, topic_id, hour, province, ward, sentiment, n)
    SELECT txid_current(), t.topic_id, floor(v.sort_ms / 3600000.0)::bigint, k.province, k.ward,
      s.sentiment, sum(s.sign)
    FROM v
    JOIN ${topicsOf('v')} AS t ON t.mention_id = v.mention_id
    JOIN ${placeKeys('(SELECT * FROM mention_places WHERE mention_id IN (SELECT mention_id FROM v))')} AS k
      ON k.mention_id = v.mention_id
    CROSS JOIN LATERAL (VALUES (-1, v.old_sentiment), (1, v.new_sentiment)) AS s (sign, sentiment)
    GROUP BY 2, 3, 4, 5, 6;
  WITH v AS (${MOVED})
  INSERT INTO rollup_sectors_pending (txid, topic_id, hour, sector, sentiment, n)
    SELECT txid_current(), t.topic_id, floor(v.sort_ms / 3600000.0)::bigint, ms.sector,
      s.sentiment, sum(s.sign)
    FROM v
    JOIN ${topicsOf('v')} AS t ON t.mention_id = v.mention_id
    JOIN mention_sectors AS ms ON ms.mention_id = v.mention_id
    CROSS JOIN LATERAL (VALUES (-1, v.old_sentiment), (1, v.new_sentiment)) AS s (sign, sentiment)
    GROUP BY 2, 3, 4, 5;
  INSERT INTO rollup_marker (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $fn$;
CREATE TRIGGER nghe_place_rollup_sentiment AFTER UPDATE ON mentions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION nghe_place_rollup_sentiment();`;

/**
 * The commit-time function that adds a transaction's pending place and sector changes to the
 * roll-ups; with `days`, to their local-day levels as well (rollups-schema.ts).
 */
export function placeApplyFunction(
  create: 'CREATE' | 'CREATE OR REPLACE',
  days: boolean,
  months = false,
): string {
  return `
${create} FUNCTION nghe_place_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO rollup_places (topic_id, hour, province, ward, sentiment, n)
    SELECT topic_id, hour, province, ward, sentiment, sum(n) FROM rollup_places_pending
    WHERE txid = txid_current() GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (topic_id, hour, province, ward, sentiment)
    DO UPDATE SET n = rollup_places.n + excluded.n;${
      days
        ? placeDayLevelsFrom(
            'rollup_places_pending WHERE txid = txid_current()',
            'rollup_sectors_pending WHERE txid = txid_current()',
            true,
          ) +
          (
            months
              ? placeMonthLevelsFrom(
                  'rollup_places_pending WHERE txid = txid_current()',
                  'rollup_sectors_pending WHERE txid = txid_current()',
                )
              : ''
          )
        : ''
    }
  DELETE FROM rollup_places_pending WHERE txid = txid_current();
  INSERT INTO rollup_sectors (topic_id, hour, sector, sentiment, n)
    SELECT topic_id, hour, sector, sentiment, sum(n) FROM rollup_sectors_pending
    WHERE txid = txid_current() GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (topic_id, hour, sector, sentiment)
    DO UPDATE SET n = rollup_sectors.n + excluded.n;
  DELETE FROM rollup_sectors_pending WHERE txid = txid_current();
  RETURN NULL;
END $fn$;`;
}

const APPLY = `${placeApplyFunction('CREATE', false)}
-- Beside rollup_apply, on the same commit-time marker; its name sorts first, so it runs first.
CREATE CONSTRAINT TRIGGER rollup_a_places_apply AFTER INSERT ON rollup_marker
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION nghe_place_rollup_apply();`;

const TABLES = `
CREATE TABLE mention_places (
  mention_id bigint NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
  province text NOT NULL,
  ward text NOT NULL,
  level text NOT NULL,
  code text NOT NULL,
  confidence double precision NOT NULL,
  PRIMARY KEY (mention_id, level, code, ward)
);
CREATE INDEX mention_places_province ON mention_places (province, mention_id);
CREATE INDEX mention_places_ward ON mention_places (ward, mention_id) WHERE ward <> '';
CREATE INDEX mention_places_code ON mention_places (code, mention_id) WHERE level = 'district';

CREATE TABLE mention_sectors (
  mention_id bigint NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
  sector text NOT NULL,
  confidence double precision NOT NULL,
  PRIMARY KEY (mention_id, sector)
);
CREATE INDEX mention_sectors_sector ON mention_sectors (sector, mention_id);

CREATE TABLE stories (
  id bigint PRIMARY KEY,
  first_mention_id bigint NOT NULL,
  first_at text NOT NULL,
  last_at text NOT NULL,
  size bigint NOT NULL
);
CREATE INDEX stories_last ON stories (last_at);

CREATE SEQUENCE mention_story_seq AS bigint;
CREATE TABLE mention_stories (
  mention_id bigint PRIMARY KEY REFERENCES mentions (id) ON DELETE CASCADE,
  story_id bigint NOT NULL,
  first_publisher_id bigint,
  copied_from bigint,
  similarity double precision,
  delay_ms bigint,
  seq bigint NOT NULL DEFAULT nextval('mention_story_seq')
);
CREATE INDEX mention_stories_story ON mention_stories (story_id);
CREATE INDEX mention_stories_first ON mention_stories (first_publisher_id)
  WHERE first_publisher_id IS NOT NULL;
CREATE INDEX mention_stories_seq ON mention_stories (seq);

CREATE TABLE rollup_places (
  topic_id bigint NOT NULL,
  hour bigint NOT NULL,
  province text NOT NULL,
  ward text NOT NULL,
  sentiment text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (topic_id, hour, province, ward, sentiment)
);
CREATE INDEX rollup_places_place ON rollup_places (topic_id, province, ward, hour);
CREATE TABLE rollup_sectors (
  topic_id bigint NOT NULL,
  hour bigint NOT NULL,
  sector text NOT NULL,
  sentiment text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (topic_id, hour, sector, sentiment)
);
CREATE INDEX rollup_sectors_sector ON rollup_sectors (topic_id, sector, hour);

CREATE UNLOGGED TABLE rollup_places_pending (LIKE rollup_places);
ALTER TABLE rollup_places_pending ADD COLUMN txid bigint NOT NULL;
CREATE INDEX rollup_places_pending_txid ON rollup_places_pending (txid);
CREATE UNLOGGED TABLE rollup_sectors_pending (LIKE rollup_sectors);
ALTER TABLE rollup_sectors_pending ADD COLUMN txid bigint NOT NULL;
CREATE INDEX rollup_sectors_pending_txid ON rollup_sectors_pending (txid);
`;

export const pgPlacesStoriesMigration: PgMigration = {
  name: 'places, sectors and stories of mentions, with place and sector roll-ups',
  sql: [
    TABLES,
    APPLY,
    tagTrigger('mention_places', 1),
    tagTrigger('mention_places', -1),
    tagTrigger('mention_sectors', 1),
    tagTrigger('mention_sectors', -1),
    topicTrigger(1),
    topicTrigger(-1),
    SENTIMENT_MOVED,
  ].join('\n'),
};

/**
 * Rebuilds rollup_places and rollup_sectors from the tag tables (after a bulk copy or load
 * that wrote a mention's rows in more than one statement), inside the caller's transaction.
 */
export async function recountPlaceSectorRollups(client: pg.PoolClient): Promise<void> {
  const topics = `(SELECT id AS mention_id, 0::bigint AS topic_id FROM mentions
    UNION ALL SELECT mention_id, topic_id FROM mention_topics)`;
  await client.query('LOCK TABLE rollup_places, rollup_sectors IN EXCLUSIVE MODE');
  await client.query('DELETE FROM rollup_places');
  await client.query(
    `INSERT INTO rollup_places (topic_id, hour, province, ward, sentiment, n)
     SELECT t.topic_id, ${HOUR}, k.province, k.ward, coalesce(m.sentiment, ''), count(*)
     FROM ${topics} AS t JOIN mentions AS m ON m.id = t.mention_id
     JOIN ${placeKeys('mention_places')} AS k ON k.mention_id = t.mention_id
     GROUP BY 1, 2, 3, 4, 5`,
  );
  await client.query('DELETE FROM rollup_sectors');
  await client.query(
    `INSERT INTO rollup_sectors (topic_id, hour, sector, sentiment, n)
     SELECT t.topic_id, ${HOUR}, s.sector, coalesce(m.sentiment, ''), count(*)
     FROM ${topics} AS t JOIN mentions AS m ON m.id = t.mention_id
     JOIN mention_sectors AS s ON s.mention_id = t.mention_id
     GROUP BY 1, 2, 3, 4`,
  );
  const { rows } = await client.query<{ found: boolean }>(
    "SELECT to_regclass('rollup_place_days') IS NOT NULL AS found",
  );
  if (rows[0]?.found) {
    await client.query('DELETE FROM rollup_place_days; DELETE FROM rollup_sector_days');
    await client.query(placeDayLevelsFrom('rollup_places', 'rollup_sectors', false));
  }
  const months = await client.query<{ found: boolean }>(
    "SELECT to_regclass('rollup_place_months') IS NOT NULL AS found",
  );
  if (months.rows[0]?.found) await client.query(FILL_PLACE_MONTHS_SQL);
}

// ------------------------------------------------------------------ monthly places and sectors
// rollup_place_months, rollup_sector_months: the place and sector day levels per month of local
// days (year × 12 + month − 1), so a year of place and sector figures reads 12 rows per key
// and sentiment; the days at a range's ends come from the day levels.

/** Upserts of the month levels from hourly place and sector rows `places` and `sectors`. */
function placeMonthLevelsFrom(places: string, sectors: string): string {
  const month = monthOf(localDayOf('hour'));
  return `
  INSERT INTO rollup_place_months (topic_id, month, province, ward, sentiment, n)
    SELECT topic_id, ${month}, province, ward, sentiment, sum(n) FROM ${places}
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (topic_id, month, province, ward, sentiment)
    DO UPDATE SET n = rollup_place_months.n + excluded.n;
  INSERT INTO rollup_sector_months (topic_id, month, sector, sentiment, n)
    SELECT topic_id, ${month}, sector, sentiment, sum(n) FROM ${sectors}
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (topic_id, month, sector, sentiment)
    DO UPDATE SET n = rollup_sector_months.n + excluded.n;`;
}

/** The month levels recounted from the day levels (exact: sums of the same rows). */
export const FILL_PLACE_MONTHS_SQL = `
  DELETE FROM rollup_place_months; DELETE FROM rollup_sector_months;
  INSERT INTO rollup_place_months (topic_id, month, province, ward, sentiment, n)
    SELECT topic_id, ${monthOf('day')}, province, ward, sentiment, sum(n) FROM rollup_place_days
    GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO rollup_sector_months (topic_id, month, sector, sentiment, n)
    SELECT topic_id, ${monthOf('day')}, sector, sentiment, sum(n) FROM rollup_sector_days
    GROUP BY 1, 2, 3, 4;`;

export const pgPlaceMonthsMigration: PgMigration = {
  name: 'monthly place and sector roll-ups',
  sql: `
CREATE TABLE rollup_place_months (
  topic_id bigint NOT NULL,
  month bigint NOT NULL,
  province text NOT NULL,
  ward text NOT NULL,
  sentiment text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (topic_id, month, province, ward, sentiment)
);
CREATE TABLE rollup_sector_months (
  topic_id bigint NOT NULL,
  month bigint NOT NULL,
  sector text NOT NULL,
  sentiment text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (topic_id, month, sector, sentiment)
);
LOCK TABLE rollup_place_days, rollup_sector_days IN SHARE MODE;
${FILL_PLACE_MONTHS_SQL}
${placeApplyFunction('CREATE OR REPLACE', true, true)}`,
};
