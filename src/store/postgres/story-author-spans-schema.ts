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

import { localDayOf } from './rollups-schema.js';
import type { PgMigration } from './schema.js';

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

/** Day rows of stories, from the mentions linked to them (`where` narrows mention_stories `s`). */
const storyDays = (stories: string) => `
  SELECT ${STORY}::smallint, s.story_id::text, ${DAY()}, tp.topic_id, k.level, k.key,
    count(*), count(*) FILTER (WHERE ${COPY})
  FROM ${stories} JOIN mentions AS m ON m.id = s.mention_id CROSS JOIN ${TOPICS} CROSS JOIN ${KEYS}
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

function triggerSql(t: (typeof TRIGGERS)[number]): string {
  const name = `nghe_spans_${t.name}`;
  const tables =
    t.event === 'INSERT'
      ? 'NEW TABLE AS new_rows'
      : t.event === 'DELETE'
        ? 'OLD TABLE AS old_rows'
        : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN${t.when ? `\n  IF NOT (${t.when}) THEN RETURN NULL; END IF;` : ''}${t.body}
  INSERT INTO rollup_marker (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $fn$;
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

/** Recounts the story and author levels from the mentions (after a bulk load without triggers). */
export async function recountSpanRollups(client: {
  query: (sql: string) => Promise<unknown>;
}): Promise<void> {
  await client.query(FILL_SPANS_SQL);
}

/** A filter's stories over whole days, most mentions first, read from the story day rows. */
export const pgStoryDaysIndexMigration: PgMigration = {
  name: 'story rows of the story and author day level by topic and day',
  sql: `CREATE INDEX rollup_entity_days_stories ON rollup_entity_days (topic_id, day)
    INCLUDE (entity, n) WHERE kind = ${STORY} AND level = ''`,
};
