// Counts distinct persons behind a figure straight from the mentions, exactly, stopping at the
// cap: SQLite's DISTINCT streams, so `LIMIT cap` ends the scan as soon as `cap` different
// persons were seen. A bucket with many authors costs about `cap` rows; only a bucket that is
// small, or written by a few prolific persons or by outlets alone, is read in full. Time
// bounds are rounded out to whole UTC hours (days for terms) like the roll-ups the figures come
// from, so the persons counted are those of exactly the mentions counted. Nothing is kept at
// ingest.
import type Database from 'better-sqlite3';
import type { GroupCounter, GroupQuery } from '../../privacy/group-counter.js';
import { addDimensions, dayRange, hourRange } from './analytics-sql.js';
import { LANG_KEY_SQL, SOURCE_KEY_SQL } from './listening-schema.js';
import { firstKeyAt } from './search-key.js';
import { statementCache } from './statement-cache.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MIN_KEY = -(2 ** 53) + 1;
const MAX_KEY = 2 ** 53 - 1;

const PERSON = `(m.author_kind = 'person' OR (m.author_kind IS NULL AND m.platform <> 'web'))`;

function keyBounds(
  range: { from: number | null; to: number | null },
  unitMs: number,
): [number, number] {
  return [
    range.from === null ? MIN_KEY : firstKeyAt(range.from * unitMs),
    range.to === null ? MAX_KEY : firstKeyAt(range.to * unitMs) - 1,
  ];
}

export function sqliteGroupCounter(db: Database.Database): GroupCounter {
  const statement = statementCache(db);
  return async (query: GroupQuery, cap: number) => {
    const { filter } = query;
    const byDay = query.terms !== undefined;
    const unit = byDay ? DAY_MS : HOUR_MS;
    const rangeOf = byDay ? dayRange : hourRange;
    const ranges = (query.ranges ?? [[filter.from, filter.to]]).map(([from, to]) =>
      keyBounds(
        rangeOf({ ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }),
        unit,
      ),
    );
    const conditions: string[] = [PERSON];
    const params: Record<string, string | number> = { cap };
    addDimensions(filter, conditions, params, {
      platform: 'm.platform',
      lang: LANG_KEY_SQL,
      sentiment: "coalesce(m.sentiment, '')",
      source: SOURCE_KEY_SQL,
      mention: 'm.id',
    });
    if (query.terms !== undefined) {
      conditions.push(`EXISTS (SELECT 1 FROM json_each(m.keywords) AS k
        WHERE k.value IN (SELECT value FROM json_each(@terms)))`);
      params.terms = JSON.stringify(query.terms);
    }
    if (filter.topicId !== undefined) params.topic = filter.topicId;
    const base =
      filter.topicId === undefined
        ? 'FROM mentions AS m WHERE m.search_key BETWEEN @lower AND @upper'
        : `FROM mention_topics AS mt JOIN mentions AS m ON m.id = mt.mention_id
           WHERE mt.topic_id = @topic AND mt.sort_key BETWEEN @lower AND @upper`;
    const distinct = statement(
      `SELECT DISTINCT coalesce(m.author_key, '') AS author ${base}
         AND ${conditions.join(' AND ')} LIMIT @cap`,
    );
    // One scan per range keeps each on the time index; the union is taken here.
    const persons = new Set<string>();
    for (const [lower, upper] of ranges) {
      for (const row of distinct.all({ ...params, lower, upper }) as { author: string }[]) {
        persons.add(row.author);
      }
      if (persons.size >= cap) return cap;
    }
    return persons.size;
  };
}
