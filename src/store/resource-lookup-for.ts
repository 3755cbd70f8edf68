// The access layer's look-ups for a store of either kind. On SQLite everything is in the one
// file. In server mode mentions and their tags, charters and token owners are read from
// PostgreSQL, and so are alert rules and alerts (their topics).
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { alertStoreFor } from '../alerts/alert-store-for.js';
import type { ResourceLookup } from '../http/auth/access.js';
import { identityStoreFor } from './identity-store-for.js';
import { postgresMentionTopics } from './postgres/mention-topics.js';
import { sqliteResourceLookup } from './sqlite/resource-lookup.js';

export function resourceLookupFor(store: object): ResourceLookup {
  const { db, pool } = store as { db?: Database.Database; pool?: pg.Pool };
  if (!db) throw new Error('the access layer needs a store opened by openStore (no SQLite file)');
  const sqlite = sqliteResourceLookup(db);
  if (!pool) return sqlite;
  const identity = identityStoreFor(store);
  return {
    ...sqlite,
    mentionTopics: postgresMentionTopics(pool),
    charter: (topicId) => identity.getCharter(topicId),
    tokenOwner: async (id) => (await identity.getToken(id))?.userId ?? null,
    alertRuleTopic: async (id) => (await alertStoreFor(store)!.getRule(id))?.topicId ?? null,
    alertTopic: async (id) => (await alertStoreFor(store)!.getAlert(id))?.topicId ?? null,
  };
}
