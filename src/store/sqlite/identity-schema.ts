// Schema of units, users, sign-in sessions, topic charters and notices, and the owner, scopes and
// expiry of API tokens. Existing installations keep working: the migration creates the
// organisation unit and a built-in administrator (who cannot sign in), gives it every existing
// token (tokens without an owner keep belonging to it), and gives every topic a charter in the
// organisation with the general purpose and an expiry a year on. A trigger gives a topic created
// by any other path the same default charter, so no topic is ever without one. In server mode
// (topics in PostgreSQL) the API sets a topic's charter when it creates it; a topic without one
// is visible to administrators only, until one of them gives it a charter.
import type { Migration } from './migrations.js';

export const BUILTIN_ADMIN_USERNAME = 'builtin-admin';
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
const YEAR_ON = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+365 days')";

export const identityMigration: Migration = {
  name: 'units, users, sessions, topic charters and token owners',
  up: (db) =>
    db.exec(`
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES units (id),
  kind TEXT NOT NULL
    CHECK (kind IN ('organisation', 'department', 'province', 'district', 'ward', 'team')),
  name TEXT NOT NULL,
  -- JSON arrays
  places TEXT NOT NULL DEFAULT '[]',
  sectors TEXT NOT NULL DEFAULT '[]',
  functions TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX units_name ON units (coalesce(parent_id, 0), name);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT,
  email TEXT,
  role TEXT NOT NULL CHECK (role IN ('admin', 'lead', 'analyst', 'viewer', 'auditor')),
  password_hash TEXT,
  oidc_subject TEXT UNIQUE,
  disabled_at TEXT,
  failed_sign_ins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  builtin INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

ALTER TABLE api_tokens ADD COLUMN user_id INTEGER REFERENCES users (id);
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '["*"]';
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;

-- No foreign key to topics: in server mode topics live in PostgreSQL and this file holds the
-- charters beside them. Here a trigger removes a deleted topic's charter and shares.
CREATE TABLE topic_charters (
  topic_id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  owner_id INTEGER NOT NULL REFERENCES users (id),
  purpose TEXT NOT NULL,
  justification TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  widened_by INTEGER REFERENCES users (id),
  noticed_at TEXT
);
CREATE INDEX topic_charters_unit ON topic_charters (unit_id);

CREATE TABLE topic_shares (
  topic_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
  PRIMARY KEY (topic_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX topic_shares_unit ON topic_shares (unit_id);

CREATE TABLE notices (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  topic_id INTEGER,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX notices_user ON notices (user_id, id);

INSERT INTO units (id, parent_id, kind, name, functions, created_at)
VALUES (1, NULL, 'organisation', 'Organisation', '["general monitoring"]', ${NOW});
INSERT INTO users (unit_id, username, display_name, role, builtin, created_at)
VALUES (1, '${BUILTIN_ADMIN_USERNAME}', 'Built-in administrator', 'admin', 1, ${NOW});

UPDATE api_tokens SET user_id = (SELECT id FROM users WHERE builtin = 1) WHERE user_id IS NULL;
-- Token names become unique among active tokens; older duplicates get their id appended.
UPDATE api_tokens SET name = name || ' #' || id
WHERE revoked_at IS NULL AND id NOT IN (
  SELECT min(id) FROM api_tokens WHERE revoked_at IS NULL GROUP BY name
);
CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

INSERT INTO topic_charters (topic_id, unit_id, owner_id, purpose, justification, expires_at)
SELECT id, 1, (SELECT id FROM users WHERE builtin = 1), 'general monitoring',
  'created before topics recorded a purpose', ${YEAR_ON}
FROM topics;

CREATE TRIGGER topic_charter_delete AFTER DELETE ON topics
BEGIN
  DELETE FROM topic_charters WHERE topic_id = OLD.id;
  DELETE FROM topic_shares WHERE topic_id = OLD.id;
END;

-- OR REPLACE: a topic id used before (SQLite may reuse the highest) starts a charter afresh.
CREATE TRIGGER topic_default_charter AFTER INSERT ON topics
BEGIN
  DELETE FROM topic_shares WHERE topic_id = NEW.id;
  INSERT OR REPLACE INTO topic_charters
    (topic_id, unit_id, owner_id, purpose, justification, expires_at)
  VALUES (NEW.id, 1, (SELECT id FROM users WHERE builtin = 1), 'general monitoring',
    'created without a stated purpose', ${YEAR_ON});
END;
`),
};
