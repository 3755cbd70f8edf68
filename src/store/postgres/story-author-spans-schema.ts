// Distinct stories and distinct authors of a topic over any range of whole local days, per
// province, ward, sector or over all mentions, without counting mentions:
//  - rollup_entity_days (kind, entity, topic, level, key, day): the local days on which a
//    story (kind 0) or an author (kind 1, author_key) has mentions in a topic (0: every
//    mention) and a level's key ('' '' for all mentions, 'province', 'ward', 'sector'), with the
//    mentions and, for a story, the copies among them;
//  - rollup_entity_spans (topic, kind, level, key, day, prev_day): those rows counted by their
//    day and the entity's previous day in the same topic and key (-1: none).
// An entity has mentions in days [a, b) when exactly one of its rows there has its previous day
// before a (its first day in the range), so the distinct count over [a, b) is
// sum(n) WHERE a <= day < b AND prev_day < a: a few rows per day, however many mentions.
// Copies add up: sum(copies) of the story rows in the range.
// Kept at commit (the rollup_marker trigger) from the entities a transaction touched: a story
// whose links change (all its days), an author on a day whose mentions change (written,
// deleted, tagged, untagged, placed, moved, re-authored). The apply takes the touched
// entities' span rows from their first touched day on off, recounts their day rows from the
// mentions, and puts the span rows back.

import {
  type BulkOptions,
  fillLevelsInBulk,
  hourOf,
  localDayOfHour,
  type RecountLevel,
} from './rollup-recount.js';
import { DAY_LEVEL_SHIFT, localDayOf } from './rollups-schema.js';
import type { PgMigration } from './schema.js';
import { STORY_EXTENTS_BULK_SQL } from './story-extents-schema.js';

export const STORY = 0;
export const AUTHOR = 1;

const HOUR = (m: string) => `floor(${m}.sort_ms / 3600000.0)`;
/** Local day of a mention `m` (the day levels' day). */
const DAY = (m = 'm') => localDayOf(HOUR(m));
const COPY = 's.first_publisher_id IS NOT NULL AND s.first_publisher_id <> m.id';

/** Topic 0 and every topic tagging a mention `m`, as rows `tp` (topic_id). */
const TOPICS = `LATERAL (SELECT 0::bigint AS topic_id
    UNION ALL SELECT t.topic_id FROM mention_topics AS t WHERE t.mention_id = m.id) AS tp`;

/** The (level, key) rows of a mention `m`: all mentions, each province, ward and sector. */
const KEYS = `LATERAL (SELECT '' AS level, '' AS key
    UNION SELECT 'province', p.province FROM mention_places AS p WHERE p.mention_id = m.id
    UNION SELECT 'ward', p.ward FROM mention_places AS p WHERE p.mention_id = m.id AND p.ward <> ''
    UNION SELECT 'sector', x.sector FROM mention_sectors AS x WHERE x.mention_id = m.id) AS k`;

/**
 * Day rows of stories, from the mentions linked to them (`stories` gives mention_stories rows
 * `s`; `on` narrows the mentions `m` joined to them).
 */
const storyDays = (stories: string, on = '') => `
  SELECT ${STORY}::smallint, s.story_id::text, ${DAY()}, tp.topic_id, k.level, k.key,
    count(*), count(*) FILTER (WHERE ${COPY})
  FROM ${stories} JOIN mentions AS m ON m.id = s.mention_id${on} CROSS JOIN ${TOPICS} CROSS JOIN ${KEYS}
  GROUP BY 2, 3, 4, 5, 6`;

/** Day rows of authors, from the mentions `m` of the relation `mentions` that have one. */
const authorDays = (mentions: string) => `
  SELECT ${AUTHOR}::smallint, m.author_key, ${DAY()}, tp.topic_id, k.level, k.key, count(*), 0
  FROM ${mentions} CROSS JOIN ${TOPICS} CROSS JOIN ${KEYS} WHERE m.author_key IS NOT NULL
  GROUP BY 2, 3, 4, 5, 6`;

const DAY_COLUMNS = 'kind, entity, day, topic_id, level, key, n, copies';
const SPAN_KEYS = 'topic_id, kind, level, key, day, prev_day';

/**
 * Span rows (sign × 1 per day row) of the day rows `b` of the touched entities `t`
 * (kind, entity, from_day) on or after from_day, each with its previous day.
 */
const spansOf = (sign: 1 | -1) => `
  INSERT INTO rollup_entity_spans_pending (txid, ${SPAN_KEYS}, n, copies)
    SELECT txid_current(), b.topic_id, b.kind, b.level, b.key, b.day, coalesce(pv.day, -1),
      ${sign} * count(*), ${sign} * sum(b.copies)
    FROM (SELECT kind, entity, min(day) AS from_day FROM rollup_entity_pending
          WHERE txid = txid_current() GROUP BY 1, 2) AS t
    JOIN rollup_entity_days AS b ON b.kind = t.kind AND b.entity = t.entity AND b.day >= t.from_day
    LEFT JOIN LATERAL (SELECT p.day FROM rollup_entity_days AS p
      WHERE p.kind = b.kind AND p.entity = b.entity AND p.topic_id = b.topic_id
        AND p.level = b.level AND p.key = b.key AND p.day < b.day
      ORDER BY p.day DESC LIMIT 1) AS pv ON true
    GROUP BY 2, 3, 4, 5, 6, 7;`;

const APPLY = `
CREATE FUNCTION nghe_span_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM rollup_entity_pending WHERE txid = txid_current()) THEN
    RETURN NULL;
  END IF;
  ${spansOf(-1)}
  DELETE FROM rollup_entity_days AS b
    USING (SELECT DISTINCT kind, entity, day FROM rollup_entity_pending
           WHERE txid = txid_current()) AS t
    WHERE b.kind = t.kind AND b.entity = t.entity AND (t.day = -1 OR b.day = t.day);
  INSERT INTO rollup_entity_days (${DAY_COLUMNS}) ${storyDays(
    `(SELECT DISTINCT entity::bigint AS story_id FROM rollup_entity_pending
      WHERE txid = txid_current() AND kind = ${STORY}) AS t
     JOIN mention_stories AS s ON s.story_id = t.story_id`,
  )};
  INSERT INTO rollup_entity_days (${DAY_COLUMNS}) ${authorDays(
    `(SELECT DISTINCT entity, day FROM rollup_entity_pending
      WHERE txid = txid_current() AND kind = ${AUTHOR}) AS t
     JOIN mentions AS m ON m.author_key = t.entity
       AND m.sort_ms >= (t.day * 24 - 7) * 3600000 AND m.sort_ms < (t.day * 24 + 17) * 3600000`,
  )};
  ${spansOf(1)}
  INSERT INTO rollup_entity_spans (${SPAN_KEYS}, n, copies)
    SELECT ${SPAN_KEYS}, sum(n), sum(copies) FROM rollup_entity_spans_pending
    WHERE txid = txid_current() GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (${SPAN_KEYS}) DO UPDATE SET n = rollup_entity_spans.n + excluded.n,
      copies = rollup_entity_spans.copies + excluded.copies;
  DELETE FROM rollup_entity_spans AS s
    USING (SELECT DISTINCT ${SPAN_KEYS} FROM rollup_entity_spans_pending
           WHERE txid = txid_current()) AS p
    WHERE s.n = 0 AND (s.topic_id, s.kind, s.level, s.key, s.day, s.prev_day)
      = (p.topic_id, p.kind, p.level, p.key, p.day, p.prev_day);
  DELETE FROM rollup_entity_spans_pending WHERE txid = txid_current();
  DELETE FROM rollup_entity_pending WHERE txid = txid_current();
  RETURN NULL;
END $fn$;
-- On the commit-time marker beside rollup_a_places_apply and rollup_apply (names sort so).
CREATE CONSTRAINT TRIGGER rollup_a_spans_apply AFTER INSERT ON rollup_marker
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION nghe_span_rollup_apply();`;

/** Touched entities of the mentions whose ids are `ids` (a relation with mention_id). */
const touchMentions = (ids: string) => `
  INSERT INTO rollup_entity_pending (txid, kind, entity, day)
    SELECT DISTINCT txid_current(), ${AUTHOR}::smallint, m.author_key, ${DAY()}
    FROM mentions AS m WHERE m.id IN (SELECT i.mention_id FROM ${ids} AS i) AND m.author_key IS NOT NULL
    UNION
    SELECT txid_current(), ${STORY}::smallint, s.story_id::text, -1
    FROM mention_stories AS s WHERE s.mention_id IN (SELECT i.mention_id FROM ${ids} AS i);`;

/** Touched authors of mention rows `rows` (with author_key and sort_ms). */
const touchAuthorRows = (rows: string) => `
  INSERT INTO rollup_entity_pending (txid, kind, entity, day)
    SELECT DISTINCT txid_current(), ${AUTHOR}::smallint, m.author_key, ${DAY()}
    FROM ${rows} AS m WHERE m.author_key IS NOT NULL;`;

/** Touched stories of link rows `rows` (with story_id). */
const touchStoryRows = (rows: string) => `
  INSERT INTO rollup_entity_pending (txid, kind, entity, day)
    SELECT DISTINCT txid_current(), ${STORY}::smallint, r.story_id::text, -1 FROM ${rows} AS r;`;

/** Mentions whose author, time or links to a story moved (old_rows / new_rows of mentions). */
const MENTION_MOVED = `(SELECT o.id AS mention_id FROM old_rows AS o JOIN new_rows AS n USING (id)
    WHERE o.author_key IS DISTINCT FROM n.author_key OR o.sort_ms <> n.sort_ms)`;

/**
 * The triggers, one row each: table, event, its transition tables and what it touches. One
 * function and one statement trigger per row, all built the same way.
 */
const TRIGGERS: {
  name: string;
  table: string;
  event: 'INSERT' | 'DELETE' | 'UPDATE';
  body: string;
  when?: string;
}[] = [
  {
    name: 'mentions_inserted',
    table: 'mentions',
    event: 'INSERT',
    body: touchAuthorRows('new_rows'),
  },
  {
    name: 'mentions_deleted',
    table: 'mentions',
    event: 'DELETE',
    body: touchAuthorRows('old_rows'),
  },
  {
    name: 'mentions_updated',
    table: 'mentions',
    event: 'UPDATE',
    when: `EXISTS ${MENTION_MOVED}`,
    body: `${touchAuthorRows(`(SELECT o.* FROM old_rows AS o WHERE o.id IN ${MENTION_MOVED})`)}
  ${touchMentions(MENTION_MOVED)}`,
  },
  ...(['mention_topics', 'mention_places', 'mention_sectors'] as const).flatMap((table) => [
    { name: `${table}_inserted`, table, event: 'INSERT' as const, body: touchMentions('new_rows') },
    { name: `${table}_deleted`, table, event: 'DELETE' as const, body: touchMentions('old_rows') },
  ]),
  {
    name: 'mention_stories_inserted',
    table: 'mention_stories',
    event: 'INSERT',
    body: touchStoryRows('new_rows'),
  },
  {
    name: 'mention_stories_deleted',
    table: 'mention_stories',
    event: 'DELETE',
    body: touchStoryRows('old_rows'),
  },
  {
    name: 'mention_stories_updated',
    table: 'mention_stories',
    event: 'UPDATE',
    body: `${touchStoryRows(`(SELECT o.story_id FROM old_rows AS o JOIN new_rows AS n USING (mention_id)
      WHERE o.story_id <> n.story_id OR o.first_publisher_id IS DISTINCT FROM n.first_publisher_id)`)}
  ${touchStoryRows('new_rows')}`,
  },
];

type SpanTrigger = (typeof TRIGGERS)[number];

/** A trigger's function (`create`: CREATE, or CREATE OR REPLACE for a later body). */
function triggerFunctionSql(t: SpanTrigger, create = 'CREATE'): string {
  return `${create} FUNCTION nghe_spans_${t.name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN${t.when ? `\n  IF NOT (${t.when}) THEN RETURN NULL; END IF;` : ''}${t.body}
  INSERT INTO rollup_marker (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $fn$;`;
}

function triggerSql(t: SpanTrigger): string {
  const name = `nghe_spans_${t.name}`;
  const tables =
    t.event === 'INSERT'
      ? 'NEW TABLE AS new_rows'
      : t.event === 'DELETE'
        ? 'OLD TABLE AS old_rows'
        : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
  return `${triggerFunctionSql(t)}
CREATE TRIGGER ${name} AFTER ${t.event} ON ${t.table}
  REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${name}();`;
}

const TABLES = `
CREATE TABLE rollup_entity_days (
  kind smallint NOT NULL,
  entity text NOT NULL,
  day bigint NOT NULL,
  topic_id bigint NOT NULL,
  level text NOT NULL,
  key text NOT NULL,
  n bigint NOT NULL,
  copies bigint NOT NULL,
  PRIMARY KEY (kind, entity, topic_id, level, key, day)
);
CREATE TABLE rollup_entity_spans (
  topic_id bigint NOT NULL,
  kind smallint NOT NULL,
  level text NOT NULL,
  key text NOT NULL,
  day bigint NOT NULL,
  prev_day bigint NOT NULL,
  n bigint NOT NULL,
  copies bigint NOT NULL,
  PRIMARY KEY (${SPAN_KEYS})
);
-- First days in a range that starts early (the whole history: prev_day -1) read few rows.
CREATE INDEX rollup_entity_spans_first ON rollup_entity_spans (topic_id, kind, level, key, prev_day, day)
  INCLUDE (n);
CREATE UNLOGGED TABLE rollup_entity_pending (
  txid bigint NOT NULL, kind smallint NOT NULL, entity text NOT NULL, day bigint NOT NULL);
CREATE INDEX rollup_entity_pending_txid ON rollup_entity_pending (txid);
CREATE UNLOGGED TABLE rollup_entity_spans_pending (LIKE rollup_entity_spans);
ALTER TABLE rollup_entity_spans_pending ADD COLUMN txid bigint NOT NULL;
CREATE INDEX rollup_entity_spans_pending_txid ON rollup_entity_spans_pending (txid);
-- An author's mentions of one day, for the recount of the days it touched.
CREATE INDEX mentions_author_time ON mentions (author_key, sort_ms) WHERE author_key IS NOT NULL;`;

/** Both levels recounted from the mentions (inside the caller's transaction). */
export const FILL_SPANS_SQL = `
  DELETE FROM rollup_entity_spans; DELETE FROM rollup_entity_days;
  INSERT INTO rollup_entity_days (${DAY_COLUMNS}) ${storyDays('mention_stories AS s')};
  INSERT INTO rollup_entity_days (${DAY_COLUMNS})
    ${authorDays('mentions AS m')};
  INSERT INTO rollup_entity_spans (${SPAN_KEYS}, n, copies)
    SELECT topic_id, kind, level, key, day, prev_day, count(*), sum(copies)
    FROM (SELECT b.*, coalesce(lag(b.day) OVER (PARTITION BY b.kind, b.entity, b.topic_id,
            b.level, b.key ORDER BY b.day), -1) AS prev_day
          FROM rollup_entity_days AS b) AS x
    GROUP BY 1, 2, 3, 4, 5, 6;`;

export const pgStoryAuthorSpansMigration: PgMigration = {
  name: 'distinct stories and authors by local day',
  sql: `${TABLES}
${APPLY}
${TRIGGERS.map(triggerSql).join('\n')}
${FILL_SPANS_SQL}`,
};

// --- Recounted in bulk -------------------------------------------------------------------
// The same rows as FILL_SPANS_SQL, set-based: each mention's local day (integer arithmetic),
// story, copy flag and author joined once to its topics and its distinct keys by hash joins
// (not three index probes a mention), into truncated tables whose indexes are built after
// (rollup-recount.ts). At millions of mentions the cost is in sorting ten rows a mention:
//  - both kinds are unfolded into one stream, grouped by one sort in the primary key's order
//    and written in that order, so the primary key is built from presorted rows and the spans'
//    window reads the day rows through it in heap order (no sort of its own, no random reads);
//    the span rows are written in their primary key's order too;
//  - the text columns are sorted byte-wise (COLLATE "C": abbreviated keys, no strcoll), which
//    groups the same rows as the database's collation (equality is byte equality);
//  - the story extents' triggers are off for the fill (the extents level is recounted after
//    it): they would keep every inserted day row in a transition table and count it again.

const LOCAL_DAY = (ms: string) => localDayOfHour(hourOf(ms));
const BYTES = (x: string) => `${x} COLLATE "C"`;

const BULK_DAYS_SQL = `INSERT INTO rollup_entity_days (${DAY_COLUMNS})
  SELECT e.kind, ${BYTES('e.entity')}, m.day, t.topic_id, ${BYTES('k.level')}, ${BYTES('k.key')},
    count(*), count(*) FILTER (WHERE e.copy)
  FROM (SELECT m.id, ${LOCAL_DAY('m.sort_ms')} AS day, s.story_id, m.author_key,
          coalesce(s.first_publisher_id <> m.id, false) AS copy
        FROM mentions AS m LEFT JOIN mention_stories AS s ON s.mention_id = m.id
        WHERE s.story_id IS NOT NULL OR m.author_key IS NOT NULL) AS m
  CROSS JOIN LATERAL (VALUES (${STORY}::smallint, m.story_id::text, m.copy),
    (${AUTHOR}::smallint, m.author_key, false)) AS e (kind, entity, copy)
  JOIN (SELECT id AS mention_id, 0::bigint AS topic_id FROM mentions
        UNION ALL SELECT mention_id, topic_id FROM mention_topics) AS t ON t.mention_id = m.id
  JOIN (SELECT id AS mention_id, '' AS level, '' AS key FROM mentions
        UNION ALL SELECT DISTINCT mention_id, 'province', province FROM mention_places
        UNION ALL SELECT DISTINCT mention_id, 'ward', ward FROM mention_places WHERE ward <> ''
        UNION ALL SELECT DISTINCT mention_id, 'sector', sector FROM mention_sectors) AS k
    ON k.mention_id = m.id
  WHERE e.entity IS NOT NULL
  GROUP BY 1, 2, 4, 5, 6, 3
  ORDER BY 1, 2, 4, 5, 6, 3`;

const BULK_SPANS_SQL = `INSERT INTO rollup_entity_spans (${SPAN_KEYS}, n, copies)
  SELECT topic_id, kind, level, key, day, prev_day, count(*), sum(copies)
  FROM (SELECT b.topic_id, b.kind, b.level, b.key, b.day, b.copies,
          coalesce(lag(b.day) OVER (PARTITION BY b.kind, b.entity, b.topic_id, b.level, b.key
            ORDER BY b.day), -1) AS prev_day
        FROM rollup_entity_days AS b) AS x
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, ${BYTES('level')}, ${BYTES('key')}, 5, 6`;

/** The story and author levels in fill order (the spans read the day rows). */
export const SPAN_RECOUNT_LEVELS = [
  { table: 'rollup_entity_days', sql: BULK_DAYS_SQL },
  { table: 'rollup_entity_spans', sql: BULK_SPANS_SQL },
  { table: 'rollup_story_extents', sql: STORY_EXTENTS_BULK_SQL },
] as const;

/**
 * Recounts the story and author levels from the mentions after a bulk load without triggers,
 * inside the caller's transaction (it truncates both tables: for loads, not a live store).
 */
export async function recountSpanRollups(
  client: Parameters<typeof fillLevelsInBulk>[0],
  options: BulkOptions = {},
): Promise<RecountLevel[]> {
  const [days, ...rest] = SPAN_RECOUNT_LEVELS;
  await client.query('ALTER TABLE rollup_entity_days DISABLE TRIGGER USER');
  const done = await fillLevelsInBulk(client, [days], options);
  await client.query('ALTER TABLE rollup_entity_days ENABLE TRIGGER USER');
  // Its statistics before the spans read it: ordered as their window, through its key.
  return [...done, ...(await fillLevelsInBulk(client, rest, options))];
}

/** A filter's stories over whole days, most mentions first, read from the story day rows. */
export const pgStoryDaysIndexMigration: PgMigration = {
  name: 'story rows of the story and author day level by topic and day',
  sql: `CREATE INDEX rollup_entity_days_stories ON rollup_entity_days (topic_id, day)
    INCLUDE (entity, n) WHERE kind = ${STORY} AND level = ''`,
};

// --- Kept per touched day ------------------------------------------------------------------
// The triggers name the (story or author, local day) keys a transaction touched: a link's
// story on its mention's day, a moved mention's story on its old and its new day, an author on
// the day of each mention written, deleted, tagged, untagged, placed or moved. At commit only
// those keys' day rows are recounted from their mentions, and only the span rows they can move
// are taken off and put back: in each group (kind, entity, topic, level, key), the rows on a
// touched day and the next row after each (its previous day may be a touched one). A large
// story that gets one more mention costs one of its days, not all of them. A link whose
// mention is already deleted (a cascade) names its story as a whole (day -1), as before.

/** Mentions `m` of the local day `t`.day: a sort_ms range, which is exactly that day. */
const ON_DAY = (t: string) => `
    AND m.sort_ms >= (${t}.day * 24 - ${DAY_LEVEL_SHIFT}) * 3600000
    AND m.sort_ms < (${t}.day * 24 + ${24 - DAY_LEVEL_SHIFT}) * 3600000`;

/** Touched (kind, entity, day) keys of this transaction. */
const TOUCHED = `(SELECT DISTINCT kind, entity, day FROM rollup_entity_pending
  WHERE txid = txid_current())`;

const GROUP = ['kind', 'entity', 'topic_id', 'level', 'key'];
const sameGroup = (a: string, b: string) => GROUP.map((c) => `${a}.${c} = ${b}.${c}`).join(' AND ');

/**
 * Span rows (sign × 1 per day row) of the day rows now on the affected (group, day) rows of
 * this transaction, each with the previous day of its group.
 */
const affectedSpans = (sign: 1 | -1) => `
  INSERT INTO rollup_entity_spans_pending (txid, ${SPAN_KEYS}, n, copies)
    SELECT txid_current(), b.topic_id, b.kind, b.level, b.key, b.day, coalesce(pv.day, -1),
      ${sign} * count(*), ${sign} * sum(b.copies)
    FROM (SELECT DISTINCT ${GROUP.join(', ')}, day FROM rollup_entity_rows_pending
          WHERE txid = txid_current()) AS a
    JOIN rollup_entity_days AS b ON ${sameGroup('b', 'a')} AND b.day = a.day
    LEFT JOIN LATERAL (SELECT p.day FROM rollup_entity_days AS p
      WHERE ${sameGroup('p', 'b')} AND p.day < b.day
      ORDER BY p.day DESC LIMIT 1) AS pv ON true
    GROUP BY 2, 3, 4, 5, 6, 7;`;

/** The touched keys' day rows, recounted from their mentions one by one. */
const RECOUNT_BY_MENTION = `  -- The touched keys' day rows, recounted from their mentions.
  INSERT INTO rollup_entity_days_pending (txid, ${DAY_COLUMNS})
    SELECT txid_current(), x.* FROM (${storyDays(
      `(SELECT DISTINCT entity::bigint AS story_id, day FROM rollup_entity_pending
        WHERE txid = txid_current() AND kind = ${STORY}) AS t
       JOIN mention_stories AS s ON s.story_id = t.story_id`,
      ON_DAY('t'),
    )}) AS x;
  INSERT INTO rollup_entity_days_pending (txid, ${DAY_COLUMNS})
    SELECT txid_current(), x.* FROM (${authorDays(
      `(SELECT DISTINCT entity, day FROM rollup_entity_pending
        WHERE txid = txid_current() AND kind = ${AUTHOR}) AS t
       JOIN mentions AS m ON m.author_key = t.entity ${ON_DAY('t')}`,
    )}) AS x;
`;

/** Every day row on a touched day and every recounted one. */
const SEED_TOUCHED_DAYS = `  -- The rows whose span row may move: those on a touched day, before or after, and the next
  -- row of each group after each of them.
  INSERT INTO rollup_entity_rows_pending (txid, ${GROUP.join(', ')}, day)
    SELECT txid_current(), b.kind, b.entity, b.topic_id, b.level, b.key, b.day
    FROM ${TOUCHED} AS t
    JOIN rollup_entity_days AS b ON b.kind = t.kind AND b.entity = t.entity AND b.day = t.day
    UNION
    SELECT txid_current(), ${GROUP.join(', ')}, day FROM rollup_entity_days_pending
    WHERE txid = txid_current();
`;

/** Advisory lock class (two-key form) of the stories and authors a commit recounts. */
const ENTITY_LOCK_CLASS = 0x5350414e;

/**
 * The commit-time apply; `locked`: it first takes a lock per touched story or author, in one
 * order, so commits touching the same one recount it in turn. Without them, a commit recounts
 * without the mentions of one committing beside it, and its upsert, run once the other has
 * committed, writes that stale count over the other's.
 */
const applyByDay = (locked: boolean, recount = RECOUNT_BY_MENTION, seed = SEED_TOUCHED_DAYS) => `
CREATE OR REPLACE FUNCTION nghe_span_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
${locked ? 'DECLARE\n  entity_key integer;\n' : ''}BEGIN
  IF NOT EXISTS (SELECT 1 FROM rollup_entity_pending WHERE txid = txid_current()) THEN
    RETURN NULL;
  END IF;${
    locked
      ? `
  FOR entity_key IN SELECT DISTINCT hashtext(kind || '/' || entity) FROM rollup_entity_pending
      WHERE txid = txid_current() ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(${ENTITY_LOCK_CLASS}, entity_key);
  END LOOP;`
      : ''
  }
  -- A whole story: every day it has rows or linked mentions on.
  IF EXISTS (SELECT 1 FROM rollup_entity_pending WHERE txid = txid_current() AND day = -1) THEN
    INSERT INTO rollup_entity_pending (txid, kind, entity, day)
      SELECT txid_current(), b.kind, b.entity, b.day
      FROM (SELECT DISTINCT kind, entity FROM rollup_entity_pending
            WHERE txid = txid_current() AND day = -1) AS t
      JOIN rollup_entity_days AS b ON b.kind = t.kind AND b.entity = t.entity
      UNION
      SELECT txid_current(), ${STORY}::smallint, s.story_id::text, ${DAY()}
      FROM (SELECT DISTINCT entity::bigint AS story_id FROM rollup_entity_pending
            WHERE txid = txid_current() AND day = -1 AND kind = ${STORY}) AS t
      JOIN mention_stories AS s ON s.story_id = t.story_id JOIN mentions AS m ON m.id = s.mention_id;
    DELETE FROM rollup_entity_pending WHERE txid = txid_current() AND day = -1;
  END IF;
${recount}${seed}  INSERT INTO rollup_entity_rows_pending (txid, ${GROUP.join(', ')}, day)
    SELECT txid_current(), a.kind, a.entity, a.topic_id, a.level, a.key, nx.day
    FROM rollup_entity_rows_pending AS a
    CROSS JOIN LATERAL (SELECT b.day FROM rollup_entity_days AS b
      WHERE ${sameGroup('b', 'a')} AND b.day > a.day ORDER BY b.day LIMIT 1) AS nx
    WHERE a.txid = txid_current();
  ${affectedSpans(-1)}
  DELETE FROM rollup_entity_days AS b
    USING ${TOUCHED} AS t
    WHERE b.kind = t.kind AND b.entity = t.entity AND b.day = t.day
      AND NOT EXISTS (SELECT 1 FROM rollup_entity_days_pending AS x
        WHERE x.txid = txid_current() AND ${sameGroup('x', 'b')} AND x.day = b.day);
  INSERT INTO rollup_entity_days (${DAY_COLUMNS})
    SELECT ${DAY_COLUMNS} FROM rollup_entity_days_pending WHERE txid = txid_current()
    ORDER BY ${GROUP.join(', ')}, day
    ON CONFLICT (${GROUP.join(', ')}, day) DO UPDATE SET n = excluded.n, copies = excluded.copies
    WHERE (rollup_entity_days.n, rollup_entity_days.copies) <> (excluded.n, excluded.copies);
  ${affectedSpans(1)}
  INSERT INTO rollup_entity_spans (${SPAN_KEYS}, n, copies)
    SELECT ${SPAN_KEYS}, sum(n), sum(copies) FROM rollup_entity_spans_pending
    WHERE txid = txid_current() GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(n) <> 0 OR sum(copies) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (${SPAN_KEYS}) DO UPDATE SET n = rollup_entity_spans.n + excluded.n,
      copies = rollup_entity_spans.copies + excluded.copies;
  DELETE FROM rollup_entity_spans AS s
    USING (SELECT DISTINCT ${SPAN_KEYS} FROM rollup_entity_spans_pending
           WHERE txid = txid_current()) AS p
    WHERE s.n = 0 AND (s.topic_id, s.kind, s.level, s.key, s.day, s.prev_day)
      = (p.topic_id, p.kind, p.level, p.key, p.day, p.prev_day);
  DELETE FROM rollup_entity_spans_pending WHERE txid = txid_current();
  DELETE FROM rollup_entity_rows_pending WHERE txid = txid_current();
  DELETE FROM rollup_entity_days_pending WHERE txid = txid_current();
  DELETE FROM rollup_entity_pending WHERE txid = txid_current();
  RETURN NULL;
END $fn$;`;

/** Touched keys of the mentions whose ids are `ids`: their authors and stories on their day. */
const touchMentionDays = (ids: string) => `
  INSERT INTO rollup_entity_pending (txid, kind, entity, day)
    SELECT DISTINCT txid_current(), ${AUTHOR}::smallint, m.author_key, ${DAY()}
    FROM mentions AS m WHERE m.id IN (SELECT i.mention_id FROM ${ids} AS i) AND m.author_key IS NOT NULL
    UNION
    SELECT txid_current(), ${STORY}::smallint, s.story_id::text, ${DAY()}
    FROM mention_stories AS s JOIN mentions AS m ON m.id = s.mention_id
    WHERE s.mention_id IN (SELECT i.mention_id FROM ${ids} AS i);`;

/** Stories of link rows `rows` (mention_id, story_id) on their mention's day (-1: deleted). */
const touchLinkDays = (rows: string) => `
  INSERT INTO rollup_entity_pending (txid, kind, entity, day)
    SELECT DISTINCT txid_current(), ${STORY}::smallint, r.story_id::text, coalesce(${DAY()}, -1)
    FROM ${rows} AS r LEFT JOIN mentions AS m ON m.id = r.mention_id;`;

/** Link rows whose story or first publisher changed, as they were (`o`) or are (`n`). */
const linkChanged = (side: 'o' | 'n') => `(SELECT ${side}.* FROM old_rows AS o
      JOIN new_rows AS n USING (mention_id)
      WHERE o.story_id <> n.story_id OR o.first_publisher_id IS DISTINCT FROM n.first_publisher_id)`;

const MOVED_OLD = `(SELECT o.* FROM old_rows AS o WHERE o.id IN ${MENTION_MOVED})`;

/** The same triggers (TRIGGERS), naming days rather than whole stories. */
const TRIGGERS_BY_DAY: SpanTrigger[] = TRIGGERS.map((t) => {
  if (t.table === 'mentions' && t.event === 'UPDATE') {
    return {
      ...t,
      body: `${touchAuthorRows(MOVED_OLD)}
  ${touchMentionDays(MENTION_MOVED)}
  INSERT INTO rollup_entity_pending (txid, kind, entity, day)
    SELECT DISTINCT txid_current(), ${STORY}::smallint, s.story_id::text, ${DAY()}
    FROM ${MOVED_OLD} AS m JOIN mention_stories AS s ON s.mention_id = m.id;`,
    };
  }
  if (t.table === 'mention_stories') {
    const body =
      t.event === 'INSERT'
        ? touchLinkDays('new_rows')
        : t.event === 'DELETE'
          ? touchLinkDays('old_rows')
          : `${touchLinkDays(linkChanged('o'))}
  ${touchLinkDays(linkChanged('n'))}`;
    return { ...t, body };
  }
  if (t.table === 'mentions') return t;
  return { ...t, body: touchMentionDays(t.event === 'INSERT' ? 'new_rows' : 'old_rows') };
});

/** The story and author levels kept per touched day rather than per touched story. */
export const pgSpansByDayMigration: PgMigration = {
  name: 'story and author day rows kept per touched day',
  sql: `
CREATE UNLOGGED TABLE rollup_entity_days_pending (LIKE rollup_entity_days);
ALTER TABLE rollup_entity_days_pending ADD COLUMN txid bigint NOT NULL;
-- Looked up row by row (the rows a touched day keeps), whatever the planner expects of a
-- table that is empty between transactions.
CREATE INDEX rollup_entity_days_pending_row ON rollup_entity_days_pending
  (txid, kind, entity, topic_id, level, key, day);
CREATE UNLOGGED TABLE rollup_entity_rows_pending (
  txid bigint NOT NULL, kind smallint NOT NULL, entity text NOT NULL, topic_id bigint NOT NULL,
  level text NOT NULL, key text NOT NULL, day bigint NOT NULL);
CREATE INDEX rollup_entity_rows_pending_txid ON rollup_entity_rows_pending (txid);
${applyByDay(false)}
${TRIGGERS_BY_DAY.map((t) => triggerFunctionSql(t, 'CREATE OR REPLACE')).join('\n')}`,
};

/** The per-day apply, taking its touched stories' and authors' locks first (applyByDay). */
export const pgSpansLockedMigration: PgMigration = {
  name: 'story and author day rows recounted in turn by concurrent commits',
  sql: applyByDay(true),
};

// --- Only the rows whose span row can move, recounted set-wise ---------------------------------
// A span row counts day rows by (day, previous day) and sums their copies, not their mentions:
// a recounted day row that was there before with the same copies keeps its span row unless the
// row before it in its group appears or goes, which the next-row step finds from the rows that
// do. So the rows taken off and put back start from the day rows that appear, go or change
// their copies, not from every row on a touched day: an author's or a story's day row that only
// gains a mention moves no span row.
// The recount reads the touched days' mentions once into a small set, then their topics and
// keys by one lookup per mention and table, joined and grouped by the touched key's own entity
// and day (not per mention, and not per mention and key: the planner ran the topic lookup once
// for each of a mention's keys).

/** Day rows of the touched mentions `mm` (entity, day, id, copy) of one kind. */
const recountOf = (kind: number, mentions: string) => `
  INSERT INTO rollup_entity_days_pending (txid, ${DAY_COLUMNS})
    WITH mm AS MATERIALIZED (${mentions})
    SELECT txid_current(), ${kind}::smallint, mm.entity, mm.day, tp.topic_id, k.level, k.key,
      count(*), count(*) FILTER (WHERE mm.copy)
    FROM mm
    JOIN (SELECT id AS mention_id, 0::bigint AS topic_id FROM mm
          UNION ALL SELECT t.mention_id, t.topic_id FROM mention_topics AS t
          WHERE t.mention_id IN (SELECT id FROM mm)) AS tp ON tp.mention_id = mm.id
    JOIN (SELECT id AS mention_id, '' AS level, '' AS key FROM mm
          UNION ALL SELECT DISTINCT p.mention_id, v.level, v.key FROM mention_places AS p
            CROSS JOIN LATERAL (VALUES ('province', p.province), ('ward', p.ward)) AS v (level, key)
          WHERE p.mention_id IN (SELECT id FROM mm) AND (v.level = 'province' OR v.key <> '')
          UNION ALL SELECT x.mention_id, 'sector', x.sector FROM mention_sectors AS x
          WHERE x.mention_id IN (SELECT id FROM mm)) AS k ON k.mention_id = mm.id
    GROUP BY 3, 4, 5, 6, 7;`;

/** The mentions of the touched stories on their touched days, each with its copy flag. */
const TOUCHED_STORY_MENTIONS = `SELECT s.story_id::text AS entity, t.day, m.id, ${COPY} AS copy
      FROM (SELECT DISTINCT entity::bigint AS story_id, day FROM rollup_entity_pending
            WHERE txid = txid_current() AND kind = ${STORY}) AS t
      JOIN mention_stories AS s ON s.story_id = t.story_id
      JOIN mentions AS m ON m.id = s.mention_id ${ON_DAY('t')}`;

/** The mentions of the touched authors on their touched days. */
const TOUCHED_AUTHOR_MENTIONS = `SELECT t.entity, t.day, m.id, false AS copy
      FROM (SELECT DISTINCT entity, day FROM rollup_entity_pending
            WHERE txid = txid_current() AND kind = ${AUTHOR}) AS t
      JOIN mentions AS m ON m.author_key = t.entity ${ON_DAY('t')}`;

const RECOUNT_SET_WISE = `  -- The touched keys' day rows, recounted from their mentions.${recountOf(
  STORY,
  TOUCHED_STORY_MENTIONS,
)}${recountOf(AUTHOR, TOUCHED_AUTHOR_MENTIONS)}
`;

/** Day rows on touched days and recounted ones that are not on both sides with equal copies. */
const SEED_CHANGED_ROWS = `  -- The rows whose span row may move: those that appear, go or change copies, and the next
  -- row of each group after each of them.
  INSERT INTO rollup_entity_rows_pending (txid, ${GROUP.join(', ')}, day)
    SELECT txid_current(), ${GROUP.map((c) => `coalesce(b.${c}, x.${c})`).join(', ')},
      coalesce(b.day, x.day)
    FROM (SELECT b.* FROM ${TOUCHED} AS t
          JOIN rollup_entity_days AS b ON b.kind = t.kind AND b.entity = t.entity
            AND b.day = t.day) AS b
    FULL JOIN (SELECT * FROM rollup_entity_days_pending WHERE txid = txid_current()) AS x
      ON ${sameGroup('x', 'b')} AND x.day = b.day
    WHERE b.copies IS DISTINCT FROM x.copies;
`;

/** The locked per-day apply, recounting set-wise and moving only the span rows that can move. */
export const pgSpansChangedRowsMigration: PgMigration = {
  name: 'story and author span rows moved only for day rows that appear, go or change copies',
  sql: applyByDay(true, RECOUNT_SET_WISE, SEED_CHANGED_ROWS),
};

// --- Planned at each commit -------------------------------------------------------------------
// A PL/pgSQL statement keeps the plan made at its first run in a session. A worker that started
// on a young store keeps plans made for tables of a few hundred rows (merge joins over whole
// tables, sequential scans) long after they hold many thousands: a story recount planned so
// took seconds per commit. The recount and the seed, which read the mentions and the day rows
// from the few keys a commit touched, are run by EXECUTE instead: planned at each commit from
// the tables' current sizes, for a few milliseconds of planning.

/** The statements of `sql` (each ending with `;` at a line's end) run by EXECUTE. */
const plannedEachTime = (sql: string) =>
  sql.replace(/(INSERT INTO [\s\S]*?;)\n/g, (_, statement: string) => {
    if (statement.includes('$q$')) throw new Error('statement quotes $q$');
    return `EXECUTE $q$${statement.slice(0, -1)}$q$;\n`;
  });

/** The locked set-wise apply with its recount and seed planned at each commit. */
export const pgSpansPlannedEachCommitMigration: PgMigration = {
  name: 'story and author day recount planned at each commit',
  sql: applyByDay(true, plannedEachTime(RECOUNT_SET_WISE), plannedEachTime(SEED_CHANGED_ROWS)),
};

// --- Each touched mention's topics and keys read beside it ------------------------------------
// Planned from a transaction's pending rows, which the planner takes for one or none, the
// set-wise recount joined the touched mentions to the topics and keys of all of them by nested
// loops, reading all of them again for each mention: seconds for a commit of a few thousand.
// Read beside each mention (one lookup per mention and table), the work grows with the
// mentions whatever the estimate.

/** Day rows of the touched mentions `mm` (entity, day, id, copy) of one kind. */
const recountEachOf = (kind: number, mentions: string) => `
  INSERT INTO rollup_entity_days_pending (txid, ${DAY_COLUMNS})
    WITH mm AS MATERIALIZED (${mentions})
    SELECT txid_current(), ${kind}::smallint, mm.entity, mm.day, tp.topic_id, k.level, k.key,
      count(*), count(*) FILTER (WHERE mm.copy)
    FROM mm
    CROSS JOIN LATERAL (SELECT 0::bigint AS topic_id
      UNION ALL SELECT t.topic_id FROM mention_topics AS t WHERE t.mention_id = mm.id) AS tp
    CROSS JOIN LATERAL (SELECT '' AS level, '' AS key
      UNION ALL SELECT DISTINCT v.level, v.key FROM mention_places AS p
        CROSS JOIN LATERAL (VALUES ('province', p.province), ('ward', p.ward)) AS v (level, key)
      WHERE p.mention_id = mm.id AND (v.level = 'province' OR v.key <> '')
      UNION ALL SELECT 'sector', x.sector FROM mention_sectors AS x
      WHERE x.mention_id = mm.id) AS k
    GROUP BY 3, 4, 5, 6, 7;`;

const RECOUNT_EACH = `  -- The touched keys' day rows, recounted from their mentions.${recountEachOf(
  STORY,
  TOUCHED_STORY_MENTIONS,
)}${recountEachOf(AUTHOR, TOUCHED_AUTHOR_MENTIONS)}
`;

/** The locked apply planned at each commit, reading each mention's topics and keys beside it. */
export const pgSpansRecountEachMigration: PgMigration = {
  name: 'story and author day recount reading each mention beside it',
  sql: applyByDay(true, plannedEachTime(RECOUNT_EACH), plannedEachTime(SEED_CHANGED_ROWS)),
};

// --- Each touched key's mentions found from the key --------------------------------------------
// Taken for one row, a transaction's touched keys were joined to the mentions of their days by
// the time index (every mention of the day, again for each story touched on it) and then to the
// links: a commit that gave a thousand new stories their day read the day a thousand times. A
// story's mentions are found from its links, an author's by the author index, each key on its
// own (OFFSET 0 keeps the lookup inside the key's subquery).

const RECOUNT_BY_KEY = `  -- The touched keys' day rows, recounted from their mentions.${recountEachOf(
  STORY,
  `SELECT s.entity, t.day, s.id, s.copy
      FROM (SELECT DISTINCT entity::bigint AS story_id, day FROM rollup_entity_pending
            WHERE txid = txid_current() AND kind = ${STORY}) AS t
      CROSS JOIN LATERAL (SELECT s.story_id::text AS entity, m.id, ${COPY} AS copy
        FROM mention_stories AS s JOIN mentions AS m ON m.id = s.mention_id ${ON_DAY('t')}
        WHERE s.story_id = t.story_id OFFSET 0) AS s`,
)}${recountEachOf(
  AUTHOR,
  `SELECT t.entity, t.day, m.id, false AS copy
      FROM (SELECT DISTINCT entity, day FROM rollup_entity_pending
            WHERE txid = txid_current() AND kind = ${AUTHOR}) AS t
      CROSS JOIN LATERAL (SELECT m.id FROM mentions AS m
        WHERE m.author_key = t.entity ${ON_DAY('t')} OFFSET 0) AS m`,
)}
`;

/** The locked apply planned at each commit, each touched key's mentions found from the key. */
export const pgSpansRecountByKeyMigration: PgMigration = {
  name: 'story and author day recount finding each touched key its mentions',
  sql: applyByDay(true, plannedEachTime(RECOUNT_BY_KEY), plannedEachTime(SEED_CHANGED_ROWS)),
};
