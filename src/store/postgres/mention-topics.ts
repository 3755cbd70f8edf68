// A mention's topics, read from PostgreSQL for the access layer: in server mode mentions and
// their tags live there, not in the SQLite file beside it.
import type pg from 'pg';

/** Topics a mention is tagged with; null when there is no such mention. */
export function postgresMentionTopics(
  pool: pg.Pool,
): (mentionId: number) => Promise<number[] | null> {
  return async (mentionId) => {
    // One round trip: the mention's row (if any) joined to its tags.
    const { rows } = await pool.query<{ topic_id: string | null }>(
      `SELECT mt.topic_id FROM mentions m
       LEFT JOIN mention_topics mt ON mt.mention_id = m.id
       WHERE m.id = $1`,
      [mentionId],
    );
    if (rows.length === 0) return null;
    return rows.filter((r) => r.topic_id !== null).map((r) => Number(r.topic_id));
  };
}
