// Share statistics per province and local day on PostgreSQL, so a figure filtered by one
// province (its sentiment counts and share estimate) sums a year as 365 rows per share group
// and sentiment instead of reading every mention of the province:
//  - rollup_place_share_days (topic, province, local day at UTC+7, sentiment, share group):
//    the count and the additive share statistics of rollup_days, where a mention counts once
//    for each distinct province of its places (a ward's row carries its province). That is
//    exactly what a filter on one province selects: a mention with any place in it.
// Wards, several provinces, sectors or other dimensions together are still counted from the
// mentions; so are the hours at a range's ends that do not make a whole local day.
// Kept like the other place roll-ups (places-stories-schema.ts): statement-level triggers on
// mention_places (a mention's places are written in one statement, after its old ones are
// deleted), on mention_topics (tag, untag) and on mentions (a changed time, sentiment, share
// group, probabilities or cell: late analysis, edits) append grouped changes to a pending
// table; a deferred trigger on rollup_marker adds them at commit in key order. A mention is
// erased after its places and tags (retention.ts), so the place trigger still reads it.
import { CELL_COUNT } from '../../analysis/quantify/index.js';
import { DAY_LEVEL_SHIFT, PROBS, PRODUCTS, SHARE_SUM_COLUMNS } from './rollups-schema.js';
import type { PgMigration } from './schema.js';

export const PLACE_SHARE_TABLE = 'rollup_place_share_days';

const KEYS = ['topic_id', 'province', 'day', 'sentiment', 'grp'];
const SUMS = ['n', ...SHARE_SUM_COLUMNS];
/** Mention columns the level reads: a change in any of them moves the mention. */
const COUNTED = ['sort_ms', 'sentiment', 'share_group', ...PROBS, 'share_cell'];

/** Local day (UTC+7) of a mention's sort_ms, through its UTC hour as the day levels take it. */
const localDay = (sortMs: string) =>
  `floor((floor(${sortMs} / 3600000.0) + ${DAY_LEVEL_SHIFT}) / 24.0)::bigint`;

/**
 * The level's rows, grouped, of contributions `x` (topic_id, sign and the COUNTED columns of
 * a mention `id`) and the distinct provinces `k` (mention_id, province) of those mentions.
 */
function grouped(x: string, provinces: string): string {
  const sums = [
    'sum(x.sign)',
    ...PROBS.map((p) => `coalesce(sum(x.sign * x.${p}), 0)`),
    ...PRODUCTS.map(([a, b]) => `coalesce(sum(x.sign * x.${a} * x.${b}), 0)`),
    ...Array.from(
      { length: CELL_COUNT },
      (_, i) => `coalesce(sum(x.sign) FILTER (WHERE x.share_cell = ${i}), 0)`,
    ),
  ];
  return `SELECT x.topic_id, k.province, ${localDay('x.sort_ms')}, coalesce(x.sentiment, ''),
      coalesce(x.share_group, ''), ${sums.join(', ')}
    FROM ${x} AS x JOIN ${provinces} AS k ON k.mention_id = x.id
    GROUP BY 1, 2, 3, 4, 5`;
}

const columnsOf = (alias: string) => COUNTED.map((c) => `${alias}.${c}`).join(', ');

/** Topic 0 and every topic tagging each mention of `ids` (a relation with mention_id). */
const topicsOf = (ids: string) => `(
  SELECT DISTINCT i.mention_id, 0::bigint AS topic_id FROM ${ids} AS i
  UNION ALL
  SELECT mt.mention_id, mt.topic_id FROM mention_topics AS mt
  WHERE mt.mention_id IN (SELECT j.mention_id FROM ${ids} AS j))`;

/** Distinct provinces of the place rows `rows`. */
const provincesOf = (rows: string) =>
  `(SELECT DISTINCT r.mention_id, r.province FROM ${rows} AS r)`;

/** The places of the mentions `ids` (a relation with mention_id), by province. */
const storedProvinces = (ids: string) =>
  provincesOf(
    `(SELECT * FROM mention_places WHERE mention_id IN (SELECT s.mention_id FROM ${ids} AS s))`,
  );

const pending = (select: string) =>
  `INSERT INTO rollup_place_share_pending (txid, ${[...KEYS, ...SUMS].join(', ')})
    SELECT txid_current(), g.* FROM (${select}) AS g;
  INSERT INTO rollup_marker (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;`;

function trigger(name: string, on: string, transition: string, body: string): string {
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  ${body}
  RETURN NULL;
END $fn$;
CREATE TRIGGER ${name} ${on}
  REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${name}();`;
}

/** Places written or removed: their mentions, for topic 0 and every topic tagging them. */
function placesTrigger(sign: 1 | -1): string {
  const rows = sign === 1 ? 'new_place_rows' : 'old_place_rows';
  const x = `(SELECT t.topic_id, ${sign} AS sign, m.id, ${columnsOf('m')}
    FROM ${topicsOf(rows)} AS t JOIN mentions AS m ON m.id = t.mention_id)`;
  return trigger(
    `nghe_place_share_${sign === 1 ? 'placed' : 'unplaced'}`,
    `AFTER ${sign === 1 ? 'INSERT' : 'DELETE'} ON mention_places`,
    `${sign === 1 ? 'NEW' : 'OLD'} TABLE AS ${rows}`,
    pending(grouped(x, provincesOf(rows))),
  );
}

/** A mention tagged or untagged: its places, for that topic. */
function topicTrigger(sign: 1 | -1): string {
  const rows = sign === 1 ? 'new_tags' : 'old_tags';
  const x = `(SELECT t.topic_id, ${sign} AS sign, m.id, ${columnsOf('m')}
    FROM ${rows} AS t JOIN mentions AS m ON m.id = t.mention_id)`;
  return trigger(
    `nghe_place_share_${sign === 1 ? 'tagged' : 'untagged'}`,
    `AFTER ${sign === 1 ? 'INSERT' : 'DELETE'} ON mention_topics`,
    `${sign === 1 ? 'NEW' : 'OLD'} TABLE AS ${rows}`,
    pending(grouped(x, storedProvinces(rows))),
  );
}

const CHANGED = `(${columnsOf('o')}) IS DISTINCT FROM (${columnsOf('n')})`;

/** Mentions whose counted columns changed: old rows off, new rows on. */
const MOVED_IDS = `(SELECT o.id AS mention_id FROM old_rows AS o JOIN new_rows AS n USING (id)
  WHERE ${CHANGED})`;

const MOVED = trigger(
  'nghe_place_share_moved',
  'AFTER UPDATE ON mentions',
  'OLD TABLE AS old_rows NEW TABLE AS new_rows',
  `IF NOT EXISTS ${MOVED_IDS} THEN RETURN NULL; END IF;
  ${pending(
    grouped(
      `(SELECT t.topic_id, -1 AS sign, o.id, ${columnsOf('o')}
        FROM old_rows AS o JOIN new_rows AS n USING (id)
        JOIN ${topicsOf(MOVED_IDS)} AS t ON t.mention_id = o.id WHERE ${CHANGED}
        UNION ALL
        SELECT t.topic_id, 1, n.id, ${columnsOf('n')}
        FROM old_rows AS o JOIN new_rows AS n USING (id)
        JOIN ${topicsOf(MOVED_IDS)} AS t ON t.mention_id = n.id WHERE ${CHANGED})`,
      storedProvinces(MOVED_IDS),
    ),
  )}`,
);

const APPLY = `CREATE FUNCTION nghe_place_share_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO rollup_place_share_days (${[...KEYS, ...SUMS].join(', ')})
    SELECT ${KEYS.join(', ')}, ${SUMS.map((c) => `sum(${c})`).join(', ')}
    FROM rollup_place_share_pending WHERE txid = txid_current()
    GROUP BY ${KEYS.join(', ')} ORDER BY ${KEYS.join(', ')}
    ON CONFLICT (${KEYS.join(', ')}) DO UPDATE SET
      ${SUMS.map((c) => `${c} = rollup_place_share_days.${c} + excluded.${c}`).join(', ')};
  DELETE FROM rollup_place_share_pending WHERE txid = txid_current();
  RETURN NULL;
END $fn$;
-- On the commit-time marker beside the other roll-ups' (its name sorts before theirs).
CREATE CONSTRAINT TRIGGER rollup_a_place_share_apply AFTER INSERT ON rollup_marker
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION nghe_place_share_apply();`;

/** The level counted from the mentions, their topic tags and places (exact). */
export const PLACE_SHARE_FILL_SQL = `INSERT INTO rollup_place_share_days (${[...KEYS, ...SUMS].join(', ')})
  ${grouped(
    `(SELECT 0::bigint AS topic_id, 1 AS sign, m.id, ${columnsOf('m')} FROM mentions AS m
      UNION ALL
      SELECT t.topic_id, 1, m.id, ${columnsOf('m')}
      FROM mention_topics AS t JOIN mentions AS m ON m.id = t.mention_id)`,
    provincesOf('mention_places'),
  )}`;

export const pgPlaceShareDaysMigration: PgMigration = {
  name: 'share statistics per province and local day',
  sql: `
CREATE TABLE rollup_place_share_days (
  topic_id bigint NOT NULL,
  province text NOT NULL,
  day bigint NOT NULL,
  sentiment text NOT NULL,
  grp text NOT NULL,
  n bigint NOT NULL,
  ${SHARE_SUM_COLUMNS.map((c) => `${c} ${c.startsWith('c') ? 'bigint' : 'double precision'} NOT NULL`).join(',\n  ')},
  PRIMARY KEY (${KEYS.join(', ')})
);
CREATE UNLOGGED TABLE rollup_place_share_pending (LIKE rollup_place_share_days);
ALTER TABLE rollup_place_share_pending ADD COLUMN txid bigint NOT NULL;
CREATE INDEX rollup_place_share_pending_txid ON rollup_place_share_pending (txid);
${APPLY}
${placesTrigger(1)}
${placesTrigger(-1)}
${topicTrigger(1)}
${topicTrigger(-1)}
${MOVED}
LOCK TABLE mentions, mention_topics, mention_places IN SHARE MODE;
${PLACE_SHARE_FILL_SQL};`,
};
