// Schema of the listening side: topics, their tags on mentions, roll-ups, API tokens and the
// audit log. Roll-ups are kept by triggers, so every write path (saveMentions, setAnalysis,
// tagging, new source links) keeps them exact without the code having to remember.
//
// Roll-up design:
//  - topic_id 0 is "every stored mention": mentions count there from the moment they are saved.
//    Real topics start at id 1 (topics.id is an INTEGER PRIMARY KEY, so never 0).
//  - Dimensions of a mention: the UTC epoch hour of its sort time (published_at, else
//    collected_at: the same second as search_key), platform, language (the analysed language,
//    else the source's, lower-cased primary subtag: 'vi-VN' counts as 'vi'; '' when unknown),
//    sentiment ('' when unknown) and its source: the lowest id among the sources it was reached
//    through (0 when none), so a mention reached through two sources counts once.
//  - rollup_hourly leaves the source out: a year holds at most 8,760 hours × a few dozen
//    platform/lang/sentiment combinations per topic, so figures without a source filter scan
//    little. rollup_sources adds the source for source filters and breakdowns.
//  - rollup_terms counts analysis keywords per UTC day; a mention's keyword counts once.
//  - setAnalysis moves a mention between buckets (BEFORE UPDATE takes it out with its old
//    dimensions, AFTER UPDATE puts it back with the new), so late sentiment stays exact.
//  - Tags are never removed one by one: clearing a topic deletes its roll-up rows with its tags.
import type { Migration } from './migrations.js';

/** A mention's roll-up language key, over a `mentions AS m` row. */
export const LANG_KEY_SQL = `lower(substr(replace(coalesce(m.lang, m.language, ''), '_', '-'), 1,
  instr(replace(coalesce(m.lang, m.language, ''), '_', '-') || '-', '-') - 1))`;
/** A mention's roll-up source: the lowest source id it was reached through, 0 for none. */
export const SOURCE_KEY_SQL =
  'coalesce((SELECT min(s.source_id) FROM mention_sources AS s WHERE s.mention_id = m.id), 0)';
const INTERACTIONS = `(coalesce(json_extract(m.engagement, '$.likes'), 0)
  + coalesce(json_extract(m.engagement, '$.shares'), 0)
  + coalesce(json_extract(m.engagement, '$.comments'), 0))`;

/** The roll-up dimensions of a mention. */
const mentionDims = `
CREATE VIEW mention_dims AS
SELECT m.id AS mention_id,
  (m.search_key >> 20) / 3600 AS hour,
  (m.search_key >> 20) / 86400 AS day,
  m.platform AS platform,
  ${LANG_KEY_SQL} AS lang,
  coalesce(m.sentiment, '') AS sentiment,
  ${SOURCE_KEY_SQL} AS source_id,
  CAST(${INTERACTIONS} AS INTEGER) AS interactions,
  m.keywords AS keywords
FROM mentions AS m;
`;

/**
 * Statements adding `sign` (1 or -1) to every roll-up for one mention and a set of topics.
 * `topics` is a SELECT of a `topic_id` column; `mention` an SQL expression of the mention id.
 */
function rollupDelta(topics: string, mention: string, sign: 1 | -1, what: RollupParts): string {
  const parts: string[] = [];
  if (what.hourly) {
    parts.push(`INSERT INTO rollup_hourly (topic_id, hour, platform, lang, sentiment, n, interactions)
      SELECT t.topic_id, d.hour, d.platform, d.lang, d.sentiment, ${sign}, ${sign} * d.interactions
      FROM (${topics}) AS t, mention_dims AS d WHERE d.mention_id = ${mention}
      ON CONFLICT DO UPDATE SET n = n + excluded.n, interactions = interactions + excluded.interactions;`);
  }
  if (what.sources) {
    parts.push(`INSERT INTO rollup_sources
        (topic_id, hour, source_id, platform, lang, sentiment, n, interactions)
      SELECT t.topic_id, d.hour, d.source_id, d.platform, d.lang, d.sentiment, ${sign},
        ${sign} * d.interactions
      FROM (${topics}) AS t, mention_dims AS d WHERE d.mention_id = ${mention}
      ON CONFLICT DO UPDATE SET n = n + excluded.n, interactions = interactions + excluded.interactions;`);
  }
  if (what.terms) {
    parts.push(`INSERT INTO rollup_terms (topic_id, day, term, n)
      SELECT t.topic_id, k.day, k.term, ${sign}
      FROM (${topics}) AS t,
        (SELECT DISTINCT d.day AS day, j.value AS term
         FROM mention_dims AS d, json_each(d.keywords) AS j
         WHERE d.mention_id = ${mention} AND d.keywords IS NOT NULL AND j.type = 'text') AS k
      WHERE true
      ON CONFLICT DO UPDATE SET n = n + excluded.n;`);
  }
  return parts.join('\n');
}

interface RollupParts {
  hourly: boolean;
  sources: boolean;
  terms: boolean;
}

const ALL: RollupParts = { hourly: true, sources: true, terms: true };
const topicsOf = (mention: string) =>
  `SELECT 0 AS topic_id UNION ALL SELECT topic_id FROM mention_topics WHERE mention_id = ${mention}`;
const lowestSource = (mention: string) =>
  `(SELECT min(source_id) FROM mention_sources WHERE mention_id = ${mention})`;

const tables = `
CREATE TABLE topics (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  description TEXT,
  -- JSON arrays; NULL = no limit.
  langs TEXT,
  platforms TEXT,
  source_ids TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- JSON BackfillProgress, with the id the scan resumes after.
  backfill TEXT NOT NULL
);

CREATE TABLE mention_topics (
  topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
  mention_id INTEGER NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
  -- mentions.search_key, so a topic's mentions page newest first from this table alone.
  sort_key INTEGER NOT NULL,
  PRIMARY KEY (topic_id, mention_id)
) WITHOUT ROWID;
CREATE INDEX mention_topics_time ON mention_topics (topic_id, sort_key);
CREATE INDEX mention_topics_mention ON mention_topics (mention_id);

CREATE TABLE rollup_hourly (
  topic_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  platform TEXT NOT NULL,
  lang TEXT NOT NULL,
  sentiment TEXT NOT NULL,
  n INTEGER NOT NULL,
  interactions INTEGER NOT NULL,
  PRIMARY KEY (topic_id, hour, platform, lang, sentiment)
) WITHOUT ROWID;

CREATE TABLE rollup_sources (
  topic_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  platform TEXT NOT NULL,
  lang TEXT NOT NULL,
  sentiment TEXT NOT NULL,
  n INTEGER NOT NULL,
  interactions INTEGER NOT NULL,
  PRIMARY KEY (topic_id, hour, source_id, platform, lang, sentiment)
) WITHOUT ROWID;

CREATE TABLE rollup_terms (
  topic_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  term TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, day, term)
) WITHOUT ROWID;

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,
  result_count INTEGER
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`;

const triggers = `
CREATE TRIGGER rollup_mention_insert AFTER INSERT ON mentions
BEGIN
  ${rollupDelta('SELECT 0 AS topic_id', 'NEW.id', 1, ALL)}
END;

CREATE TRIGGER rollup_tag_insert AFTER INSERT ON mention_topics
BEGIN
  ${rollupDelta('SELECT NEW.topic_id AS topic_id', 'NEW.mention_id', 1, ALL)}
END;

CREATE TRIGGER rollup_analysis_before BEFORE UPDATE OF lang, language, sentiment, keywords,
  engagement ON mentions
BEGIN
  ${rollupDelta(topicsOf('OLD.id'), 'OLD.id', -1, ALL)}
END;

CREATE TRIGGER rollup_analysis_after AFTER UPDATE OF lang, language, sentiment, keywords,
  engagement ON mentions
BEGIN
  ${rollupDelta(topicsOf('NEW.id'), 'NEW.id', 1, ALL)}
END;

-- A new lowest source moves the mention's source roll-ups from the old one (0 when none).
CREATE TRIGGER rollup_source_link_before BEFORE INSERT ON mention_sources
WHEN NEW.source_id < coalesce(${lowestSource('NEW.mention_id')}, 9223372036854775807)
BEGIN
  ${rollupDelta(topicsOf('NEW.mention_id'), 'NEW.mention_id', -1, { hourly: false, sources: true, terms: false })}
END;

CREATE TRIGGER rollup_source_link_after AFTER INSERT ON mention_sources
WHEN NEW.source_id = ${lowestSource('NEW.mention_id')}
BEGIN
  ${rollupDelta(topicsOf('NEW.mention_id'), 'NEW.mention_id', 1, { hourly: false, sources: true, terms: false })}
END;
`;

/** Back-fills topic 0 for mentions stored before this migration. */
const seedAllMentions = `
INSERT INTO rollup_hourly (topic_id, hour, platform, lang, sentiment, n, interactions)
  SELECT 0, hour, platform, lang, sentiment, count(*), sum(interactions)
  FROM mention_dims GROUP BY hour, platform, lang, sentiment;
INSERT INTO rollup_sources (topic_id, hour, source_id, platform, lang, sentiment, n, interactions)
  SELECT 0, hour, source_id, platform, lang, sentiment, count(*), sum(interactions)
  FROM mention_dims GROUP BY hour, source_id, platform, lang, sentiment;
INSERT INTO rollup_terms (topic_id, day, term, n)
  SELECT 0, day, term, count(*) FROM (
    SELECT DISTINCT d.mention_id, d.day AS day, j.value AS term
    FROM mention_dims AS d, json_each(d.keywords) AS j
    WHERE d.keywords IS NOT NULL AND j.type = 'text')
  GROUP BY day, term;
`;

export const listeningMigration: Migration = {
  name: 'listening topics, roll-ups, API tokens and audit log',
  up: (db) => db.exec(mentionDims + tables + triggers + seedAllMentions),
};
