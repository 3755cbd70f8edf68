// Public voices from the mentions table: grouped by the account's public name (one outlet may
// reach nghe under several author ids, one per feed), persons left out in SQL so no person's
// key or name is ever read for this.
import type Database from 'better-sqlite3';
import type { MentionFilter } from '../listening-store.js';
import type { PublicVoice, PublicVoicesReader } from '../public-voices.js';
import { addDimensions } from './analytics-sql.js';
import { LANG_KEY_SQL, SOURCE_KEY_SQL } from './listening-schema.js';
import { firstKeyAt } from './search-key.js';

const count = (field: string) => `sum(coalesce(json_extract(m.engagement, '$.${field}'), 0))`;

export function openPublicVoices(db: Database.Database): PublicVoicesReader {
  return {
    publicVoices(filter: MentionFilter, limit: number): PublicVoice[] {
      const topic = filter.topicId !== undefined;
      const key = topic ? 'mt.sort_key' : 'm.search_key';
      const conditions = [
        "m.author_kind IN ('page', 'channel', 'outlet')",
        "coalesce(m.author_name, '') <> ''",
      ];
      const params: Record<string, string | number> = { limit };
      if (filter.from !== undefined) {
        conditions.push(`${key} >= @fromKey`);
        params.fromKey = firstKeyAt(Date.parse(filter.from));
      }
      if (filter.to !== undefined) {
        conditions.push(`${key} < @toKey`);
        params.toKey = firstKeyAt(Date.parse(filter.to));
      }
      addDimensions(filter, conditions, params, {
        platform: 'm.platform',
        lang: LANG_KEY_SQL,
        sentiment: "coalesce(m.sentiment, '')",
        source: SOURCE_KEY_SQL,
      });
      if (topic) params.topic = filter.topicId as number;
      const from = topic
        ? 'mention_topics AS mt JOIN mentions AS m ON m.id = mt.mention_id AND mt.topic_id = @topic'
        : 'mentions AS m';
      const rows = db
        .prepare(
          `SELECT m.author_name AS name, m.author_kind AS kind, m.platform AS platform,
             count(*) AS mentions, ${count('likes')} AS likes, ${count('comments')} AS comments,
             ${count('shares')} AS shares, ${count('views')} AS views,
             sum(m.sentiment = 'positive') AS positive, sum(m.sentiment = 'neutral') AS neutral,
             sum(m.sentiment = 'negative') AS negative
           FROM ${from} WHERE ${conditions.join(' AND ')}
           GROUP BY m.author_name, m.author_kind, m.platform
           ORDER BY mentions DESC, likes + comments + shares DESC, name LIMIT @limit`,
        )
        .all(params) as Omit<PublicVoice, 'reach'>[];
      return rows.map((row) => ({
        ...row,
        reach: row.likes + row.comments + row.shares,
        positive: row.positive ?? 0,
        neutral: row.neutral ?? 0,
        negative: row.negative ?? 0,
      }));
    },
  };
}

const opened = new WeakMap<Database.Database, PublicVoicesReader>();

/** The reader over a SQLite store's connection; null for a store without one. */
export function publicVoicesFor(store: object): PublicVoicesReader | null {
  const db = (store as { db?: Database.Database }).db;
  if (!db || typeof db.prepare !== 'function') return null;
  let reader = opened.get(db);
  if (!reader) {
    reader = openPublicVoices(db);
    opened.set(db, reader);
  }
  return reader;
}
