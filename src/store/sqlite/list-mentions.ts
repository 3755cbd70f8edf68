// The drill-down listing behind every figure: mentions narrowed by the same filters as the
// roll-ups (so a bar's count and its list agree), by topic, and by a query-language query.
//
// The query is compiled to an FTS5 expression that narrows candidates; where FTS5 cannot be
// exact (field filters, exact diacritics, pure exclusions) every candidate is checked with the
// in-memory matcher, the definition of what a query means. Paging is a keyset cursor on the
// mention's search_key (time order, unique), so pages neither skip nor repeat stored mentions
// whatever is inserted between calls.
import type { Mention } from '../../model.js';
import { compileMatcher, type MatchDocument } from '../../query/match.js';
import { parseQuery } from '../../query/parse.js';
import type { ListMentionsOptions, MentionPage } from '../listening-store.js';
import { addDimensions } from './analytics-sql.js';
import { compileToFts5 } from './compile-fts5.js';
import { LANG_KEY_SQL, SOURCE_KEY_SQL } from './listening-schema.js';
import { MentionTagReader } from './mention-tag-reader.js';
import { MENTION_COLUMNS, type MentionRow, mentionFromRow, sourceIdsByMention } from './rows.js';
import { firstKeyAt } from './search-key.js';
import type { StatementCache } from './statement-cache.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
/** Candidates one call examines at most in memory; past that it returns a short page + cursor. */
const MAX_CANDIDATES = 20_000;
/**
 * Full-text matches up to which a topic's search reads the match set whole (cheap when small);
 * past it the topic's rows are checked in memory instead.
 */
const FEW_MATCHES = 2_000;
const MIN_KEY = -(2 ** 53) + 1;
const MAX_KEY = 2 ** 53 - 1;
const COLUMNS = MENTION_COLUMNS.replaceAll(/(\w+)/g, 'm.$1');

interface CandidateRow extends MentionRow {
  ok: number;
}

export function encodeListCursor(key: number): string {
  return `c${key.toString(36)}`;
}

function decodeListCursor(cursor: string): number {
  const key = cursor.startsWith('c') ? Number.parseInt(cursor.slice(1), 36) : Number.NaN;
  if (!Number.isSafeInteger(key)) throw new RangeError(`invalid cursor: ${cursor}`);
  return key;
}

function keyOf(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`invalid ${name} timestamp: ${value}`);
  return firstKeyAt(ms);
}

export class MentionLister {
  constructor(
    private readonly statement: StatementCache,
    /** Full-text matches up to which a topic's search is narrowed by the index. */
    private readonly fewMatchesLimit = FEW_MATCHES,
  ) {}

  list(options: ListMentionsOptions): MentionPage {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
    const newest = (options.sort ?? 'newest') === 'newest';
    let lower = options.from === undefined ? MIN_KEY : keyOf(options.from, 'from');
    let upper = options.to === undefined ? MAX_KEY : keyOf(options.to, 'to') - 1;
    if (options.cursor !== undefined) {
      const key = decodeListCursor(options.cursor);
      if (newest) upper = Math.min(upper, key - 1);
      else lower = Math.max(lower, key + 1);
    }

    let match: string | null = null;
    let check: ((doc: MatchDocument) => boolean) | null = null;
    /** A frequent query checked on a topic's rows: most rows match, so the first batch is small. */
    let frequent = false;
    const query = options.query?.trim();
    if (query) {
      const ast = parseQuery(query);
      const compiled = compileToFts5(ast);
      match = compiled.match;
      // The whole query, not only the residual: the matcher is the definition.
      if (compiled.residual !== null) check = compileMatcher(ast);
      if (
        options.topicId !== undefined &&
        match !== null &&
        !this.fewMatches(match, lower, upper)
      ) {
        // Within a topic, a query the whole store matches often is checked in memory on the
        // topic's own rows, newest first: bounded work per page, where the full-text set would
        // be read whole. A rare one is still narrowed by the full-text index.
        match = null;
        check = compileMatcher(ast);
        frequent = true;
      }
    }

    const conditions: string[] = [];
    const params: Record<string, string | number> = {};
    addDimensions(options, conditions, params, {
      platform: 'm.platform',
      lang: LANG_KEY_SQL,
      sentiment: "coalesce(m.sentiment, '')",
      source: SOURCE_KEY_SQL,
      mention: 'm.id',
    });
    const ok = conditions.length === 0 ? '1' : conditions.join(' AND ');
    const order = newest ? 'DESC' : 'ASC';
    const topic = options.topicId !== undefined;
    if (topic) params.topic = options.topicId!;
    if (match !== null) params.match = match;

    let sql: string;
    if (topic) {
      const fts =
        match === null
          ? ''
          : `AND mt.sort_key IN (SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH @match
               AND rowid BETWEEN @lower AND @upper)`;
      sql = `SELECT ${COLUMNS}, (${ok}) AS ok FROM mention_topics AS mt
        JOIN mentions AS m ON m.id = mt.mention_id
        WHERE mt.topic_id = @topic AND mt.sort_key BETWEEN @lower AND @upper ${fts}
        ORDER BY mt.sort_key ${order} LIMIT @batch`;
    } else if (match !== null) {
      sql = `SELECT ${COLUMNS}, (${ok}) AS ok FROM (
          SELECT rowid AS key FROM mentions_fts
          WHERE mentions_fts MATCH @match AND rowid BETWEEN @lower AND @upper
          ORDER BY rowid ${order} LIMIT @batch
        ) AS f JOIN mentions AS m ON m.search_key = f.key
        ORDER BY f.key ${order}`;
    } else {
      sql = `SELECT ${COLUMNS}, (${ok}) AS ok FROM mentions AS m
        WHERE m.search_key BETWEEN @lower AND @upper
        ORDER BY m.search_key ${order} LIMIT @batch`;
    }
    const statement = this.statement(sql);

    const want = limit + 1;
    const accepted: MentionRow[] = [];
    let batch = frequent
      ? want * 2
      : check || conditions.length > 0
        ? Math.max(want * 4, 200)
        : want;
    let examined = 0;
    let lastExamined: number | null = null;
    let exhausted = false;
    const sourceNames = check ? this.sourceFacts() : null;
    while (accepted.length < want) {
      if (lower > upper) {
        exhausted = true;
        break;
      }
      const rows = statement.all({ ...params, lower, upper, batch }) as CandidateRow[];
      // One look-up of source ids for the batch, not one per candidate checked.
      const checked = rows.filter((row) => row.ok === 1).map((row) => row.id);
      const sourceIds = check ? this.sourceIdsOf(checked) : null;
      const tags = check ? new MentionTagReader(this.statement).codesOf(checked) : null;
      for (const row of rows) {
        examined++;
        lastExamined = row.search_key;
        if (row.ok !== 1) continue;
        if (
          check &&
          sourceNames &&
          sourceIds &&
          !check({
            ...matchDocument(row, sourceIds.get(row.id) ?? [], sourceNames),
            ...tags?.get(row.id),
          })
        ) {
          continue;
        }
        accepted.push(row);
        if (accepted.length === want) break;
      }
      if (rows.length < batch) {
        exhausted = accepted.length < want;
        break;
      }
      if (accepted.length >= want || examined >= MAX_CANDIDATES) break;
      const last = rows[rows.length - 1]!.search_key;
      if (newest) upper = last - 1;
      else lower = last + 1;
      batch = Math.min(batch * 2, 5_000);
    }

    const page = accepted.slice(0, limit);
    const mentions = this.withSources(page);
    let nextCursor: string | null = null;
    if (accepted.length > limit) nextCursor = encodeListCursor(page[page.length - 1]!.search_key);
    else if (!exhausted && lastExamined !== null) nextCursor = encodeListCursor(lastExamined);
    return { mentions, nextCursor };
  }

  /** At most `fewMatchesLimit` full-text matches in the key range (a probe that stops past it). */
  private fewMatches(match: string, lower: number, upper: number): boolean {
    const probe = this.statement(
      `SELECT count(*) AS n FROM (SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH ?
         AND rowid BETWEEN ? AND ? LIMIT ?)`,
    ).get(match, lower, upper, this.fewMatchesLimit + 1) as { n: number };
    return probe.n <= this.fewMatchesLimit;
  }

  private sourceIdsOf(ids: number[]): Map<number, number[]> {
    const links = this.statement(
      `SELECT mention_id, source_id FROM mention_sources
       WHERE mention_id IN (SELECT value FROM json_each(?)) ORDER BY mention_id, source_id`,
    ).all(JSON.stringify(ids)) as { mention_id: number; source_id: number }[];
    return sourceIdsByMention(links);
  }

  private withSources(rows: MentionRow[]): Mention[] {
    const sourceIds = this.sourceIdsOf(rows.map((row) => row.id));
    return rows.map((row) => mentionFromRow(row, sourceIds.get(row.id) ?? []));
  }

  private sourceFacts(): Map<number, string> {
    const rows = this.statement('SELECT id, coalesce(title, url) AS name FROM sources').all() as {
      id: number;
      name: string;
    }[];
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}

function matchDocument(
  row: MentionRow,
  sourceIds: number[],
  sourceNames: Map<number, string>,
): MatchDocument {
  return {
    title: row.title,
    text: row.text,
    sourceIds,
    sourceNames: sourceIds.flatMap((id) => sourceNames.get(id) ?? []),
    platform: row.platform,
    lang: row.lang ?? row.language,
    sentiment: row.sentiment,
    url: row.canonical_url,
  };
}
