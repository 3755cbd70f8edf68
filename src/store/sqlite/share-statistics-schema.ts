// Sentiment share statistics beside the count roll-ups: per bucket and group of posts, the
// additive sums the share estimator reads (src/analysis/quantify/share-statistics.ts), so a
// share over any range is a sum of rows, never a re-read of posts.
//  - mentions keep their normalised class probabilities (prob_*), their group and their
//    probability cell; share_group is NULL exactly when the mention has no sentiment.
//    Mentions analysed before this migration get probabilities rebuilt from label and
//    confidence in the group 'labels-only' (share-input.ts).
//  - Per bucket and group: n, prob sums p0..p2, product sums pp0..pp5 and cell counts
//    c0..c14, classes in SHARE_CLASSES order; label counts are n of the row's sentiment key.
//  - Three levels, chosen by what share figures read (measured with
//    bench/ingest-analysed.ts, see share-statistics-sql.ts for the reads):
//      share_hourly (topic, hour, group, sentiment): series in any zone and the partial days
//        at the ends of a range without platform, language or source filters;
//      share_daily (topic, UTC day, platform, lang, sentiment, group): whole days;
//      share_daily_sources (topic, UTC day, source, sentiment, group): source filters.
//    The hours at the ends of a range with a platform, language or source filter come from
//    the hourly levels by those dimensions (share-hours-schema.ts).
//  - Triggers keep them like the count roll-ups: insert, late analysis and edits move a
//    mention between buckets, a new lowest source moves its source rows; tags are added and
//    removed in groups by the store (taggedShareStatements).
import type Database from 'better-sqlite3';
import { CELL_COUNT, PRODUCT_COUNT } from '../../analysis/quantify/index.js';
import type { MentionAnalysis } from '../../model.js';
import { shareInputOf } from '../share-input.js';
import { LANG_KEY_SQL, SOURCE_KEY_SQL } from './listening-schema.js';
import type { Migration } from './migrations.js';
import type { TaggedRows } from './rollup-levels-schema.js';

const C = 3;
/** The statistic columns of every share table, in order. */
export const STAT_COLUMNS = [
  'n',
  ...Array.from({ length: C }, (_, i) => `p${i}`),
  ...Array.from({ length: PRODUCT_COUNT }, (_, i) => `pp${i}`),
  ...Array.from({ length: CELL_COUNT }, (_, i) => `c${i}`),
];

/** Product columns in productIndex order: (j, k), j <= k. */
const PRODUCT_PAIRS: [number, number][] = [];
for (let j = 0; j < C; j++) for (let k = j; k < C; k++) PRODUCT_PAIRS.push([j, k]);

/** One post's value of each statistic column, over a `d` row of mention_share_dims. */
export const POST_VALUES = [
  '1',
  ...Array.from({ length: C }, (_, i) => `d.p${i}`),
  ...PRODUCT_PAIRS.map(([j, k]) => `d.p${j} * d.p${k}`),
  ...Array.from({ length: CELL_COUNT }, (_, i) => `(d.cell = ${i})`),
];

export interface ShareLevel {
  table: string;
  keys: string[];
  bySource: boolean;
}

export const SHARE_LEVELS: ShareLevel[] = [
  { table: 'share_hourly', keys: ['hour', 'grp', 'sentiment'], bySource: false },
  {
    table: 'share_daily',
    keys: ['day', 'platform', 'lang', 'sentiment', 'grp'],
    bySource: false,
  },
  {
    table: 'share_daily_sources',
    keys: ['day', 'source_id', 'sentiment', 'grp'],
    bySource: true,
  },
];

/** Every share table, for clearing a topic. */
export const SHARE_TABLES = SHARE_LEVELS.map((level) => level.table);

const KEY_TYPES: Record<string, string> = {
  hour: 'INTEGER',
  day: 'INTEGER',
  source_id: 'INTEGER',
  platform: 'TEXT',
  lang: 'TEXT',
  sentiment: 'TEXT',
  grp: 'TEXT',
};

const columns = `
ALTER TABLE mentions ADD COLUMN prob_negative REAL;
ALTER TABLE mentions ADD COLUMN prob_neutral REAL;
ALTER TABLE mentions ADD COLUMN prob_positive REAL;
ALTER TABLE mentions ADD COLUMN share_group TEXT;
ALTER TABLE mentions ADD COLUMN share_cell INTEGER;
`;

const view = `
CREATE VIEW mention_share_dims AS
SELECT m.id AS mention_id,
  m.search_key AS search_key,
  (m.search_key >> 20) / 3600 AS hour,
  (m.search_key >> 20) / 86400 AS day,
  m.platform AS platform,
  ${LANG_KEY_SQL} AS lang,
  m.sentiment AS sentiment,
  ${SOURCE_KEY_SQL} AS source_id,
  m.share_group AS grp,
  m.prob_negative AS p0,
  m.prob_neutral AS p1,
  m.prob_positive AS p2,
  m.share_cell AS cell
FROM mentions AS m WHERE m.share_group IS NOT NULL;
`;

/** A share level's table: its keys, then the count and the sums of STAT_COLUMNS. */
export const shareTable = (level: ShareLevel) => `
CREATE TABLE ${level.table} (
  topic_id INTEGER NOT NULL,
  ${level.keys.map((k) => `${k} ${KEY_TYPES[k]} NOT NULL`).join(',\n  ')},
  n INTEGER NOT NULL,
  ${STAT_COLUMNS.slice(1)
    .map((c) => `${c} REAL NOT NULL`)
    .join(', ')},
  PRIMARY KEY (topic_id, ${level.keys.join(', ')})
) WITHOUT ROWID;`;

const tables = SHARE_LEVELS.map(shareTable).join('\n');

export const ADD_EXCLUDED = STAT_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');

/** Statements adding `sign` times one mention to the chosen levels for a set of topics. */
function delta(topics: string, mention: string, sign: 1 | -1, sourceLevelsOnly: boolean): string {
  return SHARE_LEVELS.filter((level) => !sourceLevelsOnly || level.bySource)
    .map(
      (
        level,
      ) => `INSERT INTO ${level.table} (topic_id, ${level.keys.join(', ')}, ${STAT_COLUMNS.join(', ')})
      SELECT t.topic_id, ${level.keys.map((k) => `d.${k}`).join(', ')},
        ${POST_VALUES.map((v) => `${sign} * ${v}`).join(', ')}
      FROM (${topics}) AS t, mention_share_dims AS d WHERE d.mention_id = ${mention}
      ON CONFLICT DO UPDATE SET ${ADD_EXCLUDED};`,
    )
    .join('\n');
}

const topicsOf = (mention: string) =>
  `SELECT 0 AS topic_id UNION ALL SELECT topic_id FROM mention_topics WHERE mention_id = ${mention}`;
const lowestSource = (mention: string) =>
  `(SELECT min(source_id) FROM mention_sources WHERE mention_id = ${mention})`;
export const WATCHED = `lang, language, sentiment, prob_negative, prob_neutral, prob_positive,
  share_group, share_cell`;

const triggers = `
CREATE TRIGGER share_mention_insert AFTER INSERT ON mentions
WHEN NEW.share_group IS NOT NULL
BEGIN
  ${delta('SELECT 0 AS topic_id', 'NEW.id', 1, false)}
END;

CREATE TRIGGER share_analysis_before BEFORE UPDATE OF ${WATCHED} ON mentions
WHEN OLD.share_group IS NOT NULL
BEGIN
  ${delta(topicsOf('OLD.id'), 'OLD.id', -1, false)}
END;

CREATE TRIGGER share_analysis_after AFTER UPDATE OF ${WATCHED} ON mentions
WHEN NEW.share_group IS NOT NULL
BEGIN
  ${delta(topicsOf('NEW.id'), 'NEW.id', 1, false)}
END;

CREATE TRIGGER share_source_link_before BEFORE INSERT ON mention_sources
WHEN NEW.source_id < coalesce(${lowestSource('NEW.mention_id')}, 9223372036854775807)
BEGIN
  ${delta(topicsOf('NEW.mention_id'), 'NEW.mention_id', -1, true)}
END;

CREATE TRIGGER share_source_link_after AFTER INSERT ON mention_sources
WHEN NEW.source_id = ${lowestSource('NEW.mention_id')}
BEGIN
  ${delta(topicsOf('NEW.mention_id'), 'NEW.mention_id', 1, true)}
END;
`;

/** Sums of the statistic columns over grouped `d` rows, times `sign`. */
export function summed(sign: 1 | -1): string {
  return POST_VALUES.map((v) => `${sign} * total(${v})`).join(', ');
}

/** Fills every level for topic 0 and every tag, for files that already have mentions. */
const seed = SHARE_LEVELS.map((level) => {
  const keys = level.keys.map((k) => `d.${k}`).join(', ');
  return `INSERT INTO ${level.table} (topic_id, ${level.keys.join(', ')}, ${STAT_COLUMNS.join(', ')})
    SELECT t.topic_id, ${keys}, ${summed(1)}
    FROM (SELECT 0 AS topic_id, id AS mention_id FROM mentions
          UNION ALL SELECT topic_id, mention_id FROM mention_topics) AS t
      JOIN mention_share_dims AS d ON d.mention_id = t.mention_id
    GROUP BY t.topic_id, ${keys};`;
}).join('\n');

/**
 * Gives mentions analysed before probabilities were kept their rebuilt ones (share-input.ts),
 * through a function registered on the migrating connection.
 */
function backfillAnalysed(db: Database.Database): void {
  const input = (sentiment: unknown, confidence: unknown) =>
    shareInputOf({
      lang: null,
      sentiment: sentiment as 'positive' | 'neutral' | 'negative',
      sentimentConfidence: typeof confidence === 'number' ? confidence : null,
      keywords: [],
    });
  db.function('nghe_share_value', { deterministic: true }, (sentiment, confidence, what) => {
    const value = input(sentiment, confidence);
    if (!value) return null;
    if (what === 'group') return value.group;
    if (what === 'cell') return value.cell;
    return value.probabilities[what as 'negative' | 'neutral' | 'positive'];
  });
  const value = (what: string) => `nghe_share_value(sentiment, sentiment_confidence, '${what}')`;
  db.exec(`UPDATE mentions SET prob_negative = ${value('negative')},
      prob_neutral = ${value('neutral')}, prob_positive = ${value('positive')},
      share_group = ${value('group')}, share_cell = ${value('cell')}
    WHERE sentiment IN ('positive', 'neutral', 'negative')`);
}

/** Tags given as `@pairs`, a JSON array of [topic id, mention id]. */
const PAIRS: TaggedRows = {
  from: `(SELECT json_extract(value, '$[0]') AS topic_id, json_extract(value, '$[1]') AS mention_id
    FROM json_each(@pairs)) AS p JOIN mention_share_dims AS d ON d.mention_id = p.mention_id`,
  topic: 'p.topic_id',
};

/**
 * Statements adding (sign 1) or removing (-1) newly made or removed tags to the share levels,
 * one upsert per bucket of the batch; `rows` give `d` rows of mention_share_dims columns.
 */
export function taggedShareStatements(sign: 1 | -1, rows: TaggedRows = PAIRS): string[] {
  const { from, topic } = rows;
  return SHARE_LEVELS.map((level) => {
    const keys = level.keys.map((k) => `d.${k}`).join(', ');
    return `INSERT INTO ${level.table} (topic_id, ${level.keys.join(', ')}, ${STAT_COLUMNS.join(', ')})
      SELECT ${topic}, ${keys}, ${summed(sign)} FROM ${from}
      WHERE true GROUP BY ${topic}, ${keys}
      ON CONFLICT DO UPDATE SET ${ADD_EXCLUDED}`;
  });
}

/** SQL summing one post's statistic values, per group and sentiment, over `d` rows. */
export const POST_SUMS_SQL = POST_VALUES.map((v, i) => `total(${v}) AS ${STAT_COLUMNS[i]}`).join(
  ', ',
);

export const shareStatisticsMigration: Migration = {
  name: 'sentiment probabilities per mention and share statistics roll-ups',
  up: (db) => {
    db.exec(columns);
    backfillAnalysed(db);
    db.exec(view + tables + triggers + seed);
  },
};

export interface ShareColumnValues {
  probNegative: number | null;
  probNeutral: number | null;
  probPositive: number | null;
  shareGroup: string | null;
  shareCell: number | null;
}

/** The mentions columns an analysis fills (`@probNegative` … in statements). */
export function shareColumnValues(analysis: MentionAnalysis | null): ShareColumnValues {
  const input = shareInputOf(analysis);
  return {
    probNegative: input?.probabilities.negative ?? null,
    probNeutral: input?.probabilities.neutral ?? null,
    probPositive: input?.probabilities.positive ?? null,
    shareGroup: input?.group ?? null,
    shareCell: input?.cell ?? null,
  };
}
