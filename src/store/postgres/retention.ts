// Retention and erasure on PostgreSQL (src/privacy/retention-store.ts), as over the SQLite
// file (src/store/sqlite/retention.ts):
//  - expiry blanks text, title, HTML, raw payload and the full-text vector, in batches of
//    their own transactions. No counted column changes, so no roll-up moves and every figure
//    stays; keywords stay (the term roll-ups are built from them);
//  - erasure, in one transaction, takes the person's mentions out of their stories, then
//    deletes their places and sectors, their topic tags and the rows themselves: each
//    deletion's roll-up trigger reads the mention while it is still there (the places and
//    sectors, the topics), and the mention's own trigger takes it off topic 0. Source links
//    and snapshots go with the row by cascade.
import type pg from 'pg';
import type { ErasureResult, ExpiryResult, RetentionStore } from '../../privacy/retention-store.js';
import { inTransaction } from './connection.js';
import { triggerFunction } from './rollups-schema.js';
import type { PgMigration } from './schema.js';
import { removeFromStories } from './story-assigner.js';

const BATCH = 1_000;

/** A deleted mention leaves topic 0's roll-ups (its tags are deleted before it). */
export const pgMentionDeletionMigration: PgMigration = {
  name: 'a deleted mention leaves the roll-ups',
  sql: `${triggerFunction(
    'nghe_rollup_mentions_deleted',
    'SELECT 0::bigint AS topic_id, -1 AS sign, o.* FROM old_rows AS o',
  )}
CREATE TRIGGER rollup_mentions_deleted AFTER DELETE ON mentions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION nghe_rollup_mentions_deleted();`,
};

export class PgRetention implements RetentionStore {
  constructor(private readonly pool: pg.Pool) {}

  async expireRawText(before: string): Promise<ExpiryResult> {
    const ms = Date.parse(before);
    if (Number.isNaN(ms)) throw new RangeError(`invalid time: ${before}`);
    // Whole seconds, as the SQLite file's bound.
    const bound = Math.floor(ms / 1000) * 1000;
    const result: ExpiryResult = { mentions: 0, indexEntries: 0 };
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ id: string; indexed: boolean }>(
        `WITH picked AS (
           SELECT id, fts <> ''::tsvector AS indexed FROM mentions
           WHERE sort_ms < $1 AND id > $2
             AND (text <> '' OR title IS NOT NULL OR html IS NOT NULL OR raw IS NOT NULL)
           ORDER BY id LIMIT ${BATCH} FOR UPDATE)
         UPDATE mentions AS m SET text = '', title = NULL, html = NULL, raw = NULL,
           fts = ''::tsvector
         FROM picked WHERE m.id = picked.id
         RETURNING m.id, picked.indexed`,
        [bound, after],
      );
      if (rows.length === 0) break;
      result.mentions += rows.length;
      result.indexEntries += rows.filter((r) => r.indexed).length;
      after = Math.max(...rows.map((r) => Number(r.id)));
    }
    return result;
  }

  async eraseAuthors(authorKeys: string[]): Promise<ErasureResult> {
    if (authorKeys.length === 0) return { mentions: 0 };
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM mentions WHERE author_key = ANY($1::text[]) AND author_kind = 'person'
         ORDER BY id FOR UPDATE`,
        [authorKeys],
      );
      if (rows.length === 0) return { mentions: 0 };
      const ids = rows.map((r) => Number(r.id));
      await removeFromStories(client, ids);
      for (const table of ['mention_places', 'mention_sectors', 'mention_topics']) {
        await client.query(`DELETE FROM ${table} WHERE mention_id = ANY($1::bigint[])`, [ids]);
      }
      await client.query('DELETE FROM mentions WHERE id = ANY($1::bigint[])', [ids]);
      return { mentions: ids.length };
    });
  }
}
