// Retention and erasure over the SQLite file (see src/privacy/retention-store.ts).
//  - Expiry blanks text, title, HTML and raw payload and drops the full-text entry. None of the
//    columns the roll-up and share-statistics triggers watch changes, so every figure stays as
//    it was; keywords stay too (the term roll-ups are built from them).
//  - Erasure takes each mention off every roll-up level through the same grouped statements
//    that put it there (topic 0 and each topic it is tagged with), then deletes its index entry
//    and the row; tags, source links, snapshots and place rows go with it by cascade.
import type Database from 'better-sqlite3';
import type { ErasureResult, ExpiryResult, RetentionStore } from '../../privacy/retention-store.js';
import { GroupedRollups } from './grouped-rollups.js';
import { firstKeyAt } from './search-key.js';

const BATCH = 1_000;

export class SqliteRetention implements RetentionStore {
  private readonly rollups: GroupedRollups;

  constructor(private readonly db: Database.Database) {
    this.rollups = new GroupedRollups(db);
  }

  async expireRawText(before: string): Promise<ExpiryResult> {
    const ms = Date.parse(before);
    if (Number.isNaN(ms)) throw new RangeError(`invalid time: ${before}`);
    const bound = firstKeyAt(ms);
    const pick = this.db.prepare<
      [number, number],
      { id: number; search_key: number; text: string }
    >(
      `SELECT id, search_key, text FROM mentions
       WHERE search_key < ? AND id > ?
         AND (text <> '' OR title IS NOT NULL OR html IS NOT NULL OR raw IS NOT NULL)
       ORDER BY id LIMIT ${BATCH}`,
    );
    const blank = this.db.prepare<[number]>(
      "UPDATE mentions SET text = '', title = NULL, html = NULL, raw = NULL WHERE id = ?",
    );
    const unindex = this.db.prepare<[number]>('DELETE FROM mentions_fts WHERE rowid = ?');
    const result: ExpiryResult = { mentions: 0, indexEntries: 0 };
    let after = 0;
    // Batches in their own transactions, so a long run does not hold the write lock for long.
    for (;;) {
      const rows = pick.all(bound, after);
      if (rows.length === 0) break;
      this.db
        .transaction(() => {
          for (const row of rows) {
            blank.run(row.id);
            result.indexEntries += unindex.run(row.search_key).changes;
          }
        })
        .immediate();
      result.mentions += rows.length;
      after = rows.at(-1)!.id;
    }
    return result;
  }

  async eraseAuthors(authorKeys: string[]): Promise<ErasureResult> {
    if (authorKeys.length === 0) return { mentions: 0 };
    const keys = JSON.stringify(authorKeys);
    return this.db
      .transaction(() => {
        const mentions = this.db
          .prepare<[string], { id: number; search_key: number }>(
            `SELECT id, search_key FROM mentions
           WHERE author_key IN (SELECT value FROM json_each(?)) AND author_kind = 'person'`,
          )
          .all(keys);
        if (mentions.length === 0) return { mentions: 0 };
        const ids = JSON.stringify(mentions.map((m) => m.id));
        const tags = this.db
          .prepare<[string], { topic_id: number; mention_id: number }>(
            `SELECT topic_id, mention_id FROM mention_topics
           WHERE mention_id IN (SELECT value FROM json_each(?))`,
          )
          .all(ids);
        const pairs = [
          ...mentions.map((m) => [0, m.id]),
          ...tags.map((t) => [t.topic_id, t.mention_id]),
        ];
        this.rollups.removePairs(JSON.stringify(pairs));
        const unindex = this.db.prepare<[number]>('DELETE FROM mentions_fts WHERE rowid = ?');
        for (const m of mentions) unindex.run(m.search_key);
        this.db
          .prepare(
            'DELETE FROM mention_topics WHERE mention_id IN (SELECT value FROM json_each(?))',
          )
          .run(ids);
        this.db
          .prepare('DELETE FROM mentions WHERE id IN (SELECT value FROM json_each(?))')
          .run(ids);
        return { mentions: mentions.length };
      })
      .immediate();
  }
}
