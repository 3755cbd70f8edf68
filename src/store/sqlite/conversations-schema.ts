// Conversations and the people in them:
//  - author_kind replaces author_public: 'person' (never named), 'page', 'channel', 'outlet'.
//    Files written before it had only "public or not": public authors become outlets, the
//    rest persons, and any name a person row still held is removed.
//  - A mention knows its thread root (thread_root_id) beside its parent. Both are resolved from
//    platform-native ids within one platform; a reply stored before the post it belongs to
//    keeps the root's external id and is linked when that post arrives (see mention-writer.ts).
//  - updated_at and deleted_at record edits and deletions the platform reported.
//  - engagement_snapshots keeps engagement over time; mentions.engagement is the latest.
import type { Migration } from './migrations.js';

const schema = `
ALTER TABLE mentions ADD COLUMN author_kind TEXT;
UPDATE mentions SET author_kind = CASE WHEN author_public = 1 THEN 'outlet' ELSE 'person' END
  WHERE author_key IS NOT NULL;
UPDATE mentions SET author_name = NULL WHERE author_kind = 'person';
ALTER TABLE mentions DROP COLUMN author_public;

ALTER TABLE mentions ADD COLUMN thread_root_id INTEGER REFERENCES mentions (id) ON DELETE SET NULL;
ALTER TABLE mentions ADD COLUMN thread_root_external_id TEXT;
ALTER TABLE mentions ADD COLUMN updated_at TEXT;
ALTER TABLE mentions ADD COLUMN deleted_at TEXT;

-- Replies already stored: their root is the top of their chain of stored parents, or the
-- external id that chain stops at.
WITH RECURSIVE chain (id, top) AS (
  SELECT id, parent_id FROM mentions WHERE parent_id IS NOT NULL
  UNION ALL
  SELECT chain.id, m.parent_id FROM chain JOIN mentions AS m ON m.id = chain.top
  WHERE m.parent_id IS NOT NULL
)
UPDATE mentions SET thread_root_id = (
  SELECT c.top FROM chain AS c JOIN mentions AS t ON t.id = c.top
  WHERE c.id = mentions.id AND t.parent_id IS NULL AND t.parent_external_id IS NULL
)
WHERE parent_id IS NOT NULL;
UPDATE mentions SET thread_root_external_id = (SELECT r.external_id FROM mentions AS r
  WHERE r.id = mentions.thread_root_id) WHERE thread_root_id IS NOT NULL;
UPDATE mentions SET thread_root_external_id = parent_external_id
  WHERE parent_external_id IS NOT NULL AND thread_root_id IS NULL;

CREATE INDEX mentions_thread_root ON mentions (thread_root_id) WHERE thread_root_id IS NOT NULL;
-- Thread members stored before their root, waiting to be linked when it arrives.
CREATE INDEX mentions_thread_orphans ON mentions (platform, thread_root_external_id)
  WHERE thread_root_external_id IS NOT NULL AND thread_root_id IS NULL;

CREATE TABLE engagement_snapshots (
  mention_id INTEGER NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
  observed_at TEXT NOT NULL,
  -- NULL where the platform did not report that count.
  likes INTEGER,
  comments INTEGER,
  shares INTEGER,
  views INTEGER,
  PRIMARY KEY (mention_id, observed_at)
) WITHOUT ROWID;

INSERT INTO engagement_snapshots (mention_id, observed_at, likes, comments, shares, views)
  SELECT id, collected_at, json_extract(engagement, '$.likes'),
    json_extract(engagement, '$.comments'), json_extract(engagement, '$.shares'),
    json_extract(engagement, '$.views')
  FROM mentions WHERE engagement <> '{}';
`;

export const conversationsMigration: Migration = {
  name: 'author kinds, threads, edits, deletions and engagement snapshots',
  up: (db) => db.exec(schema),
};
