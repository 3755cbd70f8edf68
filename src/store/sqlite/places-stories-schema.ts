// Places, sectors and stories of each mention, and their roll-ups.
//  - mention_places: one row per tagged unit (a former ward divided between several wards: one
//    row per ward), in today's structure: province code, ward code ('' for a province, city or
//    former district), the tagged unit's code and level, confidence.
//  - mention_sectors: one row per sector (taxonomy ids; 'other' when no rule fired).
//  - stories / mention_stories: the story each mention belongs to (stories.id is the id of the
//    mention that started it) and, for a near-duplicate, its first publisher, the text it was
//    found to copy, the similarity and the delay after the first publisher.
//  - rollup_places (topic, UTC hour, province, ward, sentiment): a mention counts once per
//    distinct province it is about (ward '') and once per ward; rollup_sectors (topic, hour,
//    sector, sentiment) once per sector. New mentions and tags enter them with the other
//    levels, in groups (grouped-rollups.ts); a counted mention's changed sentiment moves it by
//    trigger, and re-tagging moves it in place-sector-tags.ts.
import type { Migration } from './migrations.js';
import type { TaggedRows } from './rollup-levels-schema.js';

const tables = `
CREATE TABLE mention_places (
  mention_id INTEGER NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
  province TEXT NOT NULL,
  ward TEXT NOT NULL,
  level TEXT NOT NULL,
  code TEXT NOT NULL,
  confidence REAL NOT NULL,
  PRIMARY KEY (mention_id, level, code, ward)
) WITHOUT ROWID;
CREATE INDEX mention_places_province ON mention_places (province, mention_id);
CREATE INDEX mention_places_ward ON mention_places (ward, mention_id) WHERE ward <> '';
CREATE INDEX mention_places_code ON mention_places (code, mention_id) WHERE level = 'district';

CREATE TABLE mention_sectors (
  mention_id INTEGER NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
  sector TEXT NOT NULL,
  confidence REAL NOT NULL,
  PRIMARY KEY (mention_id, sector)
) WITHOUT ROWID;
CREATE INDEX mention_sectors_sector ON mention_sectors (sector, mention_id);

CREATE TABLE stories (
  id INTEGER PRIMARY KEY,
  -- The earliest published mention of the story (changes when an earlier one arrives late).
  first_mention_id INTEGER NOT NULL,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  size INTEGER NOT NULL
);
CREATE INDEX stories_last ON stories (last_at);

CREATE TABLE mention_stories (
  mention_id INTEGER PRIMARY KEY REFERENCES mentions (id) ON DELETE CASCADE,
  story_id INTEGER NOT NULL,
  -- Members of a group of near-duplicates only (else NULL): the group's first publisher (its
  -- own id for the first), the text this one matched best when it arrived, the estimated
  -- Jaccard similarity and the delay after the first publisher.
  first_publisher_id INTEGER,
  copied_from INTEGER,
  similarity REAL,
  delay_ms INTEGER
);
CREATE INDEX mention_stories_story ON mention_stories (story_id);
CREATE INDEX mention_stories_first ON mention_stories (first_publisher_id)
  WHERE first_publisher_id IS NOT NULL;

-- Roll-up keys of a mention's places: each distinct province (ward ''), each ward.
CREATE VIEW mention_place_keys AS
SELECT DISTINCT mention_id, province, '' AS ward FROM mention_places
UNION ALL
SELECT DISTINCT mention_id, province, ward FROM mention_places WHERE ward <> '';

CREATE TABLE rollup_places (
  topic_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  province TEXT NOT NULL,
  ward TEXT NOT NULL,
  sentiment TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, hour, province, ward, sentiment)
) WITHOUT ROWID;

CREATE TABLE rollup_sectors (
  topic_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  sector TEXT NOT NULL,
  sentiment TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, hour, sector, sentiment)
) WITHOUT ROWID;
`;

/** Place and sector roll-up tables, for clearing a topic. */
export const PLACE_SECTOR_ROLLUP_TABLES = ['rollup_places', 'rollup_sectors'];

const topicsOf = (mention: string) =>
  `SELECT 0 AS topic_id UNION ALL SELECT topic_id FROM mention_topics WHERE mention_id = ${mention}`;

/**
 * Statements adding `sign` times one mention's places and sectors to both roll-ups, for the
 * topics it is counted in, at its hour and `sentiment` (SQL expressions over `row`).
 */
export function mentionTagDelta(row: 'NEW' | 'OLD' | 'm', mention: string, sign: 1 | -1): string[] {
  const hour = `(${row}.search_key >> 20) / 3600`;
  const sentiment = `coalesce(${row}.sentiment, '')`;
  const from = row === 'm' ? `, mentions AS m WHERE m.id = ${mention} AND` : ' WHERE';
  return [
    `INSERT INTO rollup_places (topic_id, hour, province, ward, sentiment, n)
      SELECT t.topic_id, ${hour}, k.province, k.ward, ${sentiment}, ${sign}
      FROM (${topicsOf(mention)}) AS t, mention_place_keys AS k${from} k.mention_id = ${mention}
      ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    `INSERT INTO rollup_sectors (topic_id, hour, sector, sentiment, n)
      SELECT t.topic_id, ${hour}, s.sector, ${sentiment}, ${sign}
      FROM (${topicsOf(mention)}) AS t, mention_sectors AS s${from} s.mention_id = ${mention}
      ON CONFLICT DO UPDATE SET n = n + excluded.n`,
  ];
}

// Mentions of the batch being saved are not counted yet (batch-rollups-schema.ts).
const COUNTED = (row: string) => `${row}.id < (SELECT first_id FROM rollup_batch)`;
const CHANGED = "coalesce(OLD.sentiment, '') <> coalesce(NEW.sentiment, '')";

const triggers = `
CREATE TRIGGER place_rollup_sentiment_before BEFORE UPDATE OF sentiment ON mentions
WHEN ${COUNTED('OLD')} AND ${CHANGED}
BEGIN
  ${mentionTagDelta('OLD', 'OLD.id', -1).join(';\n  ')};
END;

CREATE TRIGGER place_rollup_sentiment_after AFTER UPDATE OF sentiment ON mentions
WHEN ${COUNTED('NEW')} AND ${CHANGED}
BEGIN
  ${mentionTagDelta('NEW', 'NEW.id', 1).join(';\n  ')};
END;
`;

/**
 * Statements adding (1) or removing (-1) tagged rows (topic, mention pairs as `d` rows of
 * mention_dims columns plus a topic) to the place and sector roll-ups, one upsert per bucket.
 */
export function taggedPlaceSectorStatements(sign: 1 | -1, rows: TaggedRows): string[] {
  const { from, topic } = rows;
  return [
    `INSERT INTO rollup_places (topic_id, hour, province, ward, sentiment, n)
      SELECT ${topic}, d.hour, k.province, k.ward, d.sentiment, ${sign} * count(*)
      FROM ${from} JOIN mention_place_keys AS k ON k.mention_id = d.mention_id
      WHERE true GROUP BY ${topic}, d.hour, k.province, k.ward, d.sentiment
      ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    `INSERT INTO rollup_sectors (topic_id, hour, sector, sentiment, n)
      SELECT ${topic}, d.hour, s.sector, d.sentiment, ${sign} * count(*)
      FROM ${from} JOIN mention_sectors AS s ON s.mention_id = d.mention_id
      WHERE true GROUP BY ${topic}, d.hour, s.sector, d.sentiment
      ON CONFLICT DO UPDATE SET n = n + excluded.n`,
  ];
}

export const placesStoriesMigration: Migration = {
  name: 'places, sectors and stories of mentions, with place and sector roll-ups',
  up: (db) => db.exec(tables + triggers),
};
