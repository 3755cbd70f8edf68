// The access layer's look-ups for a store of either kind. On SQLite everything is in the one
// file. In server mode mentions and their tags are read from PostgreSQL; charters, alerts and
// token owners still live in the SQLite file beside it (their stores have no PostgreSQL tables
// yet), so they are read there.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { ResourceLookup } from '../http/auth/access.js';
import { postgresMentionTopics } from './postgres/mention-topics.js';
import { sqliteResourceLookup } from './sqlite/resource-lookup.js';

export function resourceLookupFor(store: object): ResourceLookup {
  const { db, pool } = store as { db?: Database.Database; pool?: pg.Pool };
  if (!db) throw new Error('the access layer needs a store opened by openStore (no SQLite file)');
  const sqlite = sqliteResourceLookup(db);
  if (!pool) return sqlite;
  return { ...sqlite, mentionTopics: postgresMentionTopics(pool) };
}
