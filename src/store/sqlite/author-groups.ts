// Counts distinct persons behind a figure, exactly, stopping at the cap. A figure over hours
// and sentiments alone (series, volumes, shares and sentiment breakdowns without other
// filters) unites the person sets of its roll-up buckets (rollup_persons, at most k persons
// each, see local-days-persons-schema.ts): a bucket's set either holds all of its persons or k
// of them, so the union, cut at a cap up to k, is the count the mentions give, read from a
// compact table instead of mention rows. A figure filtered by one platform, language or source
// list (no sentiment) unites the day sets of rollup_persons_dims (dimension-persons-schema.ts)
// over its whole UTC days and counts the hours at its ends from the mentions; a term of a
// top-terms figure without other filters, the day sets of rollup_persons_terms
// (term-persons-schema.ts), and with a platform filter alone those of
// rollup_persons_terms_platforms (term-platform-persons-schema.ts). Other figures
// count from the mentions: DISTINCT streams, so `LIMIT cap` ends the scan as soon as `cap` different
// persons were seen. A bucket with many authors costs about `cap` rows; only a bucket that is
// small, or written by a few prolific persons or by outlets alone, is read in full. Time
// bounds are rounded out to whole UTC hours (days for terms) like the roll-ups the figures come
// from, so the persons counted are those of exactly the mentions counted. Nothing is kept at
// ingest for them.
import type Database from 'better-sqlite3';
import type { GroupCounter, GroupQuery } from '../../privacy/group-counter.js';
import { addDimensions, dayRange, hourRange, langKey } from './analytics-sql.js';
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

/** The k the file's person sets are kept for; 0 where it has none. */
function personSetCap(db: Database.Database): number {
  try {
    const row = db.prepare('SELECT k FROM rollup_person_cap').get() as { k: number } | undefined;
    return row?.k ?? 0;
  } catch {
    return 0;
  }
}

/** Whether the person sets answer the query: hours and sentiments only. */
function fromPersonSets(query: GroupQuery): boolean {
  const { filter } = query;
  return (
    query.terms === undefined &&
    filter.platforms === undefined &&
    filter.langs === undefined &&
    filter.sourceIds === undefined &&
    filter.places === undefined &&
    filter.sectors === undefined
  );
}

export function sqliteGroupCounter(db: Database.Database): GroupCounter {
  const statement = statementCache(db);
  let setCap: number | null = null;
  return async (query: GroupQuery, cap: number) => {
    const { filter } = query;
    setCap ??= personSetCap(db);
    if (cap <= setCap && fromPersonSets(query)) return fromSets(statement, query, cap);
    if (cap <= setCap && fromTermSets(query)) return fromTermPersons(statement, query, cap);
    const byDay = query.terms !== undefined;
    const unit = byDay ? DAY_MS : HOUR_MS;
    const rangeOf = byDay ? dayRange : hourRange;
    const asked = (query.ranges ?? [[filter.from, filter.to]]).map(([from, to]) =>
      rangeOf({ ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }),
    );
    const persons = new Set<string>();
    let scanned = asked;
    const dimension = cap <= setCap ? dimensionSetOf(query) : null;
    if (dimension !== null) {
      // Whole UTC days from the sets; the hours before and after them from the mentions.
      scanned = [];
      const days: [number, number][] = [];
      for (const { from, to } of asked) {
        const firstDay = from === null ? MIN_HOUR : Math.ceil(from / 24);
        const endDay = to === null ? MAX_HOUR : Math.floor(to / 24);
        if (endDay <= firstDay) {
          scanned.push({ from, to });
          continue;
        }
        days.push([firstDay, endDay]);
        if (from !== null && from < firstDay * 24) scanned.push({ from, to: firstDay * 24 });
        if (to !== null && endDay * 24 < to) scanned.push({ from: endDay * 24, to });
      }
      const sets = statement(
        `SELECT DISTINCT person FROM rollup_persons_dims WHERE topic_id = @topic AND dim = @dim
           AND value IN (SELECT value FROM json_each(@values)) AND day >= @from AND day < @to
           LIMIT @cap`,
      );
      for (const [from, to] of days) {
        const rows = sets.all({ ...dimension, topic: filter.topicId ?? 0, from, to, cap }) as {
          person: string;
        }[];
        for (const row of rows) persons.add(row.person);
        if (persons.size >= cap) return cap;
      }
    }
    const ranges = scanned.map((range) => keyBounds(range, unit));
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
    for (const [lower, upper] of ranges) {
      for (const row of distinct.all({ ...params, lower, upper }) as { author: string }[]) {
        persons.add(row.author);
      }
      if (persons.size >= cap) return cap;
    }
    return persons.size;
  };
}

/**
 * The dimension and values whose person sets (rollup_persons_dims) answer the query: one of
 * platform, language or source, without sentiments, terms, places or sectors; null otherwise.
 */
function dimensionSetOf(query: GroupQuery): { dim: string; values: string } | null {
  const { filter } = query;
  if (
    query.terms !== undefined ||
    filter.sentiments !== undefined ||
    filter.places !== undefined ||
    filter.sectors !== undefined
  ) {
    return null;
  }
  const given = [
    filter.platforms === undefined ? null : { dim: 'platform', values: filter.platforms },
    filter.langs === undefined ? null : { dim: 'lang', values: filter.langs.map(langKey) },
    filter.sourceIds === undefined ? null : { dim: 'source', values: filter.sourceIds },
  ].filter((d) => d !== null);
  if (given.length !== 1) return null;
  return { dim: given[0]!.dim, values: JSON.stringify(given[0]!.values) };
}

/** Whether the term person sets answer the query: terms over days, no filter but platforms. */
function fromTermSets(query: GroupQuery): boolean {
  const { filter } = query;
  return (
    query.terms !== undefined &&
    filter.langs === undefined &&
    filter.sentiments === undefined &&
    filter.sourceIds === undefined &&
    filter.places === undefined &&
    filter.sectors === undefined
  );
}

/**
 * The union of the day sets of the query's terms (rollup_persons_terms, or with platforms
 * rollup_persons_terms_platforms) over its whole UTC days, the grain terms are counted in, up
 * to `cap` (at most the sets' k).
 */
function fromTermPersons(
  statement: ReturnType<typeof statementCache>,
  query: GroupQuery,
  cap: number,
): number {
  const { filter } = query;
  const distinct =
    filter.platforms === undefined
      ? statement(
          `SELECT DISTINCT person FROM rollup_persons_terms WHERE topic_id = @topic
             AND term IN (SELECT value FROM json_each(@terms)) AND day >= @from AND day < @to
             LIMIT @cap`,
        )
      : statement(
          `SELECT DISTINCT person FROM rollup_persons_terms_platforms WHERE topic_id = @topic
             AND platform IN (SELECT value FROM json_each(@platforms))
             AND term IN (SELECT value FROM json_each(@terms)) AND day >= @from AND day < @to
             LIMIT @cap`,
        );
  const params = {
    cap,
    topic: filter.topicId ?? 0,
    terms: JSON.stringify(query.terms),
    ...(filter.platforms === undefined ? {} : { platforms: JSON.stringify(filter.platforms) }),
  };
  const persons = new Set<string>();
  for (const [from, to] of query.ranges ?? [[filter.from, filter.to]]) {
    const days = dayRange({
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
    const rows = distinct.all({
      ...params,
      from: days.from ?? MIN_HOUR,
      to: days.to ?? MAX_HOUR,
    }) as { person: string }[];
    for (const row of rows) persons.add(row.person);
    if (persons.size >= cap) return cap;
  }
  return persons.size;
}

/** The union of the person sets of the query's buckets, up to `cap` (at most the sets' k). */
function fromSets(
  statement: ReturnType<typeof statementCache>,
  query: GroupQuery,
  cap: number,
): number {
  const { filter } = query;
  const conditions = ['topic_id = @topic', 'hour >= @from', 'hour < @to'];
  const params: Record<string, string | number> = { cap, topic: filter.topicId ?? 0 };
  if (filter.sentiments !== undefined) {
    conditions.push('sentiment IN (SELECT value FROM json_each(@sentiments))');
    params.sentiments = JSON.stringify(filter.sentiments);
  }
  const distinct = statement(
    `SELECT DISTINCT person FROM rollup_persons WHERE ${conditions.join(' AND ')} LIMIT @cap`,
  );
  const persons = new Set<string>();
  for (const [from, to] of query.ranges ?? [[filter.from, filter.to]]) {
    const hours = hourRange({
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
    const rows = distinct.all({
      ...params,
      from: hours.from ?? MIN_HOUR,
      to: hours.to ?? MAX_HOUR,
    }) as { person: string }[];
    for (const row of rows) persons.add(row.person);
    if (persons.size >= cap) return cap;
  }
  return persons.size;
}

const MIN_HOUR = -(2 ** 40);
const MAX_HOUR = 2 ** 40;
