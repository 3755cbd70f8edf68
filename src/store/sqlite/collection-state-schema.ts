// Schema of the collector's own state: a cursor per source, responses set aside as unreadable,
// and platform credentials (sealed by the caller; quota accounting kept as JSON).
import type { Migration } from './migrations.js';

export const collectionStateMigration: Migration = {
  name: 'source cursors, quarantined responses and credentials',
  up: (db) =>
    db.exec(`
ALTER TABLE sources ADD COLUMN cursor TEXT;

CREATE TABLE quarantined_responses (
  id INTEGER PRIMARY KEY,
  source_id INTEGER REFERENCES sources (id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  url TEXT,
  reason TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX quarantined_responses_source ON quarantined_responses (source_id, id);

CREATE TABLE credentials (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  label TEXT NOT NULL,
  public_fields TEXT NOT NULL DEFAULT '{}',
  sealed TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'ok',
  quota TEXT NOT NULL DEFAULT '{}',
  last_error TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (platform, label)
);
`),
};
