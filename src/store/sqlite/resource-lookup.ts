// What the HTTP access layer reads about the things route ids name, straight from the SQLite
// file: a topic's charter, the topic of an alert rule or alert, a mention's topics, a token's
// owner.
import type Database from 'better-sqlite3';
import type { ResourceLookup } from '../../http/auth/access.js';
import { identityStoreOf } from './identity-store.js';

export function sqliteResourceLookup(db: Database.Database): ResourceLookup {
  const identity = identityStoreOf(db);
  const ruleTopic = db.prepare('SELECT topic_id FROM alert_rules WHERE id = ?').pluck();
  const alertTopic = db.prepare('SELECT topic_id FROM alerts WHERE id = ?').pluck();
  const mentionExists = db.prepare('SELECT 1 FROM mentions WHERE id = ?').pluck();
  const mentionTopics = db
    .prepare('SELECT topic_id FROM mention_topics WHERE mention_id = ?')
    .pluck();
  const tokenOwner = db.prepare('SELECT user_id FROM api_tokens WHERE id = ?');
  return {
    charter: async (topicId) => identity.getCharter(topicId),
    alertRuleTopic: async (id) => (ruleTopic.get(id) as number | undefined) ?? null,
    alertTopic: async (id) => (alertTopic.get(id) as number | undefined) ?? null,
    mentionTopics: async (id) =>
      mentionExists.get(id) === undefined ? null : (mentionTopics.all(id) as number[]),
    tokenOwner: async (id) => {
      const row = tokenOwner.get(id) as { user_id: number | null } | undefined;
      if (!row) return null;
      return row.user_id ?? (await identity.builtinAdmin()).id;
    },
  };
}
