// Versioned schema. `PRAGMA user_version` holds how many migrations a file has had; opening a
// file runs the missing ones in order, each in its own transaction. Append only: never edit a
// migration that has shipped, add a new one.
import type Database from 'better-sqlite3';
import { alertsMigration } from './alerts-schema.js';
import { batchRollupsMigration } from './batch-rollups-schema.js';
import { collectionStateMigration } from './collection-state-schema.js';
import { conversationsMigration } from './conversations-schema.js';
import { dimensionPersonsMigration } from './dimension-persons-schema.js';
import { identityMigration } from './identity-schema.js';
import { listeningMigration } from './listening-schema.js';
import { localDaysPersonsMigration } from './local-days-persons-schema.js';
import { placesStoriesMigration } from './places-stories-schema.js';
import { reportSlotsMigration, reportsMigration } from './reports-schema.js';
import { groupedTagRollupsMigration, rollupLevelsMigration } from './rollup-levels-schema.js';
import { shareDaysMigration } from './share-days-schema.js';
import { shareHoursMigration } from './share-hours-schema.js';
import { shareStatisticsMigration } from './share-statistics-schema.js';
import { termBlocksMigration } from './term-blocks-schema.js';
import { termPersonsMigration } from './term-persons-schema.js';
import { termPlatformPersonsMigration } from './term-platform-persons-schema.js';
import { platformTermWeeksMigration } from './term-platform-weeks-schema.js';
import { platformTermsMigration } from './term-platforms-schema.js';
import { usageLogMigration } from './usage-log-schema.js';

export interface Migration {
  /** What it changes, for error messages. */
  name: string;
  up: (db: Database.Database) => void;
}

// Search index design, measured with bench/ingest.ts and bench/search.ts on synthetic
// Vietnamese/English posts (about 250 characters on average) on a 2-core machine:
//  - mentions_fts is contentless (content=''): it stores only the inverted index, never a copy
//    of the text, so the text lives once, in mentions. Its columns hold folded text
//    (foldDiacritics: lower case, no diacritics, đ -> d), because unicode61's remove_diacritics
//    leaves đ alone. At 1M mentions the index is 335 MiB of a 927 MiB file.
//  - Its rowid is not the mention id but mentions.search_key, a time-ordered key
//    (sort time in seconds * 2^20 + a tiebreak). FTS5 walks doclists in rowid order and honours
//    rowid range constraints, so "newest first, 50 at a time, since X" reads 51 entries instead
//    of every match, and the keyset cursor is a rowid bound. At 1M mentions a first page for a
//    word in 460k of them took 0.1 ms this way against 7.2 s joining and sorting every match.
//    The price: sparse rowids make doclist deltas longer, so the index is about 1.7 times the
//    size it has with sequential ids (34.5 against 20.7 MiB per 100k mentions).
//  - Exact-diacritics search has no second index: the folded index finds candidates and the
//    store keeps those whose lower-cased NFC text holds the words as typed. A second index over
//    lower-cased NFC text measured the same size and insert cost as the folded one (13.8 against
//    13.6 MiB per 100k, sequential ids), i.e. it would double the index and add about 40% to
//    ingest time for an opt-in filter; verification costs exact queries about 2x the folded
//    latency at the median, more where the exact form is rare among its folded form.
const initialSchema = `
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  url TEXT NOT NULL,
  title TEXT,
  enabled INTEGER NOT NULL DEFAULT 1,
  settings TEXT NOT NULL DEFAULT '{}',
  interval_seconds INTEGER NOT NULL,
  next_fetch_at TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  health TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (kind, url)
);
-- Due listing at 100,000 sources: a range scan over enabled sources only.
CREATE INDEX sources_due ON sources (next_fetch_at, id) WHERE enabled = 1;

CREATE TABLE mentions (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  external_id TEXT NOT NULL,
  canonical_url TEXT,
  author_key TEXT,
  author_name TEXT,
  author_public INTEGER,
  published_at TEXT,
  collected_at TEXT NOT NULL,
  language TEXT,
  title TEXT,
  text TEXT NOT NULL,
  html TEXT,
  categories TEXT NOT NULL DEFAULT '[]',
  engagement TEXT NOT NULL DEFAULT '{}',
  parent_id INTEGER REFERENCES mentions (id) ON DELETE SET NULL,
  parent_external_id TEXT,
  raw TEXT,
  lang TEXT,
  sentiment TEXT,
  sentiment_confidence REAL,
  -- JSON array; NULL until the mention has been analysed.
  keywords TEXT,
  -- Time order for search and paging; also the rowid of mentions_fts. See search-key.ts.
  search_key INTEGER NOT NULL
);
CREATE UNIQUE INDEX mentions_platform_external ON mentions (platform, external_id);
CREATE UNIQUE INDEX mentions_canonical_url ON mentions (canonical_url)
  WHERE canonical_url IS NOT NULL;
CREATE UNIQUE INDEX mentions_search_key ON mentions (search_key);
CREATE INDEX mentions_parent_id ON mentions (parent_id) WHERE parent_id IS NOT NULL;
-- Replies stored before their parent, waiting to be linked when it arrives.
CREATE INDEX mentions_orphans ON mentions (platform, parent_external_id)
  WHERE parent_external_id IS NOT NULL AND parent_id IS NULL;

CREATE TABLE mention_sources (
  mention_id INTEGER NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
  source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  first_seen_at TEXT NOT NULL,
  PRIMARY KEY (mention_id, source_id)
) WITHOUT ROWID;
CREATE INDEX mention_sources_source ON mention_sources (source_id);

CREATE VIRTUAL TABLE mentions_fts USING fts5 (
  title,
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

export const migrations: readonly Migration[] = [
  { name: 'initial schema', up: (db) => db.exec(initialSchema) },
  listeningMigration,
  rollupLevelsMigration,
  groupedTagRollupsMigration,
  conversationsMigration,
  collectionStateMigration,
  shareStatisticsMigration,
  batchRollupsMigration,
  alertsMigration,
  reportsMigration,
  usageLogMigration,
  placesStoriesMigration,
  identityMigration,
  reportSlotsMigration,
  localDaysPersonsMigration,
  termBlocksMigration,
  shareDaysMigration,
  dimensionPersonsMigration,
  termPersonsMigration,
  platformTermsMigration,
  platformTermWeeksMigration,
  termPlatformPersonsMigration,
  shareHoursMigration,
];

export class SchemaTooNewError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `database schema version ${fileVersion} is newer than this version of nghe supports ` +
        `(${supportedVersion}); upgrade nghe to open it`,
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Bring `db` up to the latest schema. Returns the version it had before. */
export function migrate(db: Database.Database, list: readonly Migration[] = migrations): number {
  const from = schemaVersion(db);
  if (from > list.length) throw new SchemaTooNewError(from, list.length);
  for (let version = from; version < list.length; version++) {
    const migration = list[version]!;
    db.transaction(() => {
      try {
        migration.up(db);
      } catch (error) {
        throw new Error(`migration ${version + 1} (${migration.name}) failed: ${String(error)}`, {
          cause: error,
        });
      }
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return from;
}
