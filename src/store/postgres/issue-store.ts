// The week's candidate issues of an area on PostgreSQL: the scans of the SQLite issue store
// (src/store/sqlite/issue-store.ts) over PostgreSQL's place, sector and story tables, tallied
// by the same code. A mention's time is sort_ms; windows start on whole seconds, as there.
import type pg from 'pg';
import type { IssueScope, IssueStore, IssueWindow } from '../../reports/report-types.js';
import { AUTHOR, issueStoreOver, PERSON, REPRINT, scopeJoins } from '../sqlite/issue-store.js';

const second = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;

function scanSql(scope: IssueScope, detail: boolean): string {
  const columns = detail
    ? `, m.share_group, m.prob_negative, m.prob_neutral, m.prob_positive, m.share_cell,
       to_char(to_timestamp(m.sort_ms / 1000 + $3) AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
       (SELECT min(source_id) FROM mention_sources AS msrc WHERE msrc.mention_id = m.id),
       (m.author_kind IS NOT NULL AND m.author_kind <> 'person')::int,
       coalesce((m.engagement->>'likes')::float8, 0)
         + 2 * coalesce((m.engagement->>'comments')::float8, 0)
         + 3 * coalesce((m.engagement->>'shares')::float8, 0)`
    : `, CASE WHEN ${PERSON} THEN coalesce(m.author_key, '') END`;
  return `SELECT m.id, ${AUTHOR}, m.sentiment, ms.story_id, ${REPRINT}::int,
      (m.sort_ms >= $1)::int, sec.sector, p.province, nullif(p.ward, '')${columns}
    FROM mentions AS m ${scopeJoins(scope, 'postgres')}
    WHERE m.sort_ms >= $${detail ? 1 : 3} AND m.sort_ms < $2
    ORDER BY m.id`;
}

/** `ready`: resolves when the schema is in place; every call waits for it. */
export function postgresIssueStore(
  pool: pg.Pool,
  ready: Promise<void> = Promise.resolve(),
): IssueStore {
  return issueStoreOver({
    async scan(scope: IssueScope, window: IssueWindow, detail: boolean) {
      await ready;
      const values = [second(window.from), second(window.to)];
      values.push(detail ? window.offsetMinutes * 60 : second(window.baselineFrom));
      // $3: the baseline's start for candidates, the local day's shift for details.
      const result = await pool.query({ text: scanSql(scope, detail), values, rowMode: 'array' });
      return result.rows as unknown[][];
    },
    async storyTitle(storyId) {
      await ready;
      const { rows } = await pool.query<{ title: string | null; text: string }>(
        `SELECT m.title, substr(m.text, 1, 160) AS text FROM stories AS st
         JOIN mentions AS m ON m.id = st.first_mention_id WHERE st.id = $1`,
        [storyId],
      );
      return rows[0];
    },
    async sourceTitle(sourceId) {
      await ready;
      const { rows } = await pool.query<{ title: string }>(
        'SELECT coalesce(title, url) AS title FROM sources WHERE id = $1',
        [sourceId],
      );
      return rows[0]?.title;
    },
  });
}
