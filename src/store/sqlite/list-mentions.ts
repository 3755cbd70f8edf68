// The drill-down listing behind every figure: mentions narrowed by the same filters as the
// roll-ups (so a bar's count and its list agree), by topic, and by a query-language query.
//
// The query is compiled to an FTS5 expression that narrows candidates; where FTS5 cannot be
// exact (field filters, exact diacritics, pure exclusions) every candidate is checked with the
// in-memory matcher, the definition of what a query means. Paging is a keyset cursor on the
// mention's search_key (time order, unique), so pages neither skip nor repeat stored mentions
// whatever is inserted between calls.
import type { Mention } from '../../model.js';
import type { QueryNode } from '../../query/ast.js';
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

/** The columns the matcher reads (matchDocument). */
const CHECK_COLUMNS =
  'm.title, m.text, m.platform, m.lang, m.language, m.sentiment, m.canonical_url';

/** A candidate as read: its keys, whether the filters pass, and what the matcher reads. */
interface CandidateRow
  extends Pick<
    MentionRow,
    | 'id'
    | 'search_key'
    | 'title'
    | 'text'
    | 'platform'
    | 'lang'
    | 'language'
    | 'sentiment'
    | 'canonical_url'
  > {
  ok: number;
}

interface Plan {
  statement: ReturnType<StatementCache>;
  match: string | null;
  check: ((doc: MatchDocument) => boolean) | null;
  batch: number;
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

    let plan: Plan;
    /** The plan narrowed by the full-text index, for a topic search that turns out rare. */
    let narrowed: Plan | null = null;
    let needs: MetaNeeds = NO_META;
    const query = options.query?.trim();
    if (query) {
      const ast = parseQuery(query);
      const compiled = compileToFts5(ast);
      needs = metaNeeds(ast);
      // The whole query, not only the residual: the matcher is the definition.
      const check = compiled.residual !== null ? compileMatcher(ast) : null;
      plan = this.plan(topic, compiled.match, check, ok, order, conditions.length > 0, limit);
      if (topic && compiled.match !== null) {
        // Within a topic the rows are checked in memory first, newest first: bounded work per
        // page, where the full-text set of a query the whole store matches often would be read
        // whole. Only when the first batch leaves the page short is the full-text set counted,
        // and, when it is small, the rest is narrowed by the index.
        narrowed = plan;
        plan = this.plan(topic, null, compileMatcher(ast), ok, order, true, limit);
        plan.batch = (limit + 1) * 2;
      }
    } else {
      plan = this.plan(topic, null, null, ok, order, conditions.length > 0, limit);
    }

    const want = limit + 1;
    const accepted: number[] = [];
    let batch = plan.batch;
    let examined = 0;
    let lastExamined: number | null = null;
    let exhausted = false;
    let batches = 0;
    const sourceNames = needs.sources ? this.sourceFacts() : null;
    while (accepted.length < want) {
      if (lower > upper) {
        exhausted = true;
        break;
      }
      if (narrowed !== null && batches === 1 && this.fewMatches(narrowed.match!, lower, upper)) {
        plan = narrowed;
        batch = plan.batch;
      }
      batches++;
      const rows = plan.statement.all({
        ...params,
        ...(plan.match === null ? {} : { match: plan.match }),
        lower,
        upper,
        batch,
      }) as CandidateRow[];
      const check = plan.check;
      // One look-up of source ids and tags for the batch, and only those the query asks about.
      const checked = check ? rows.filter((row) => row.ok === 1).map((row) => row.id) : [];
      const sourceIds = check && needs.sources ? this.sourceIdsOf(checked) : null;
      const tags =
        check && needs.tags ? new MentionTagReader(this.statement).codesOf(checked) : null;
      for (const row of rows) {
        examined++;
        lastExamined = row.search_key;
        if (row.ok !== 1) continue;
        if (check && !check(matchDocument(row, sourceIds, sourceNames, tags))) continue;
        accepted.push(row.id);
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

    // Full rows only for the page: candidates were read with the columns the check needs.
    const page = this.rowsOf(accepted.slice(0, limit));
    const mentions = this.withSources(page);
    let nextCursor: string | null = null;
    if (accepted.length > limit) nextCursor = encodeListCursor(page[page.length - 1]!.search_key);
    else if (!exhausted && lastExamined !== null) nextCursor = encodeListCursor(lastExamined);
    return { mentions, nextCursor };
  }

  /** The statement that reads candidates, with the columns `check` reads, and its first batch. */
  private plan(
    topic: boolean,
    match: string | null,
    check: ((doc: MatchDocument) => boolean) | null,
    ok: string,
    order: 'ASC' | 'DESC',
    filtered: boolean,
    limit: number,
  ): Plan {
    const columns = `m.id, m.search_key${check ? `, ${CHECK_COLUMNS}` : ''}, (${ok}) AS ok`;
    let sql: string;
    if (topic) {
      const fts =
        match === null
          ? ''
          : `AND mt.sort_key IN (SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH @match
               AND rowid BETWEEN @lower AND @upper)`;
      sql = `SELECT ${columns} FROM mention_topics AS mt
        JOIN mentions AS m ON m.id = mt.mention_id
        WHERE mt.topic_id = @topic AND mt.sort_key BETWEEN @lower AND @upper ${fts}
        ORDER BY mt.sort_key ${order} LIMIT @batch`;
    } else if (match !== null) {
      sql = `SELECT ${columns} FROM (
          SELECT rowid AS key FROM mentions_fts
          WHERE mentions_fts MATCH @match AND rowid BETWEEN @lower AND @upper
          ORDER BY rowid ${order} LIMIT @batch
        ) AS f JOIN mentions AS m ON m.search_key = f.key
        ORDER BY f.key ${order}`;
    } else {
      sql = `SELECT ${columns} FROM mentions AS m
        WHERE m.search_key BETWEEN @lower AND @upper
        ORDER BY m.search_key ${order} LIMIT @batch`;
    }
    const want = limit + 1;
    // A check the index leaves to memory mostly passes (diacritics); filters may pass few rows.
    const batch = filtered ? Math.max(want * 4, 200) : check ? want * 2 : want;
    return { statement: this.statement(sql), match, check, batch };
  }

  /** Full rows of `ids`, in that order. */
  private rowsOf(ids: number[]): MentionRow[] {
    if (ids.length === 0) return [];
    const rows = this.statement(
      `SELECT ${MENTION_COLUMNS} FROM mentions WHERE id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as MentionRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
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
  row: CandidateRow,
  sourceIds: Map<number, number[]> | null,
  sourceNames: Map<number, string> | null,
  tags: Map<number, { places: string[]; sectors: string[] }> | null,
): MatchDocument {
  const ids = sourceIds?.get(row.id) ?? [];
  return {
    title: row.title,
    text: row.text,
    sourceIds: ids,
    sourceNames: sourceNames ? ids.flatMap((id) => sourceNames.get(id) ?? []) : [],
    platform: row.platform,
    lang: row.lang ?? row.language,
    sentiment: row.sentiment,
    url: row.canonical_url,
    ...tags?.get(row.id),
  };
}

interface MetaNeeds {
  /** `source:` fields: source ids and names. */
  sources: boolean;
  /** `place:` and `sector:` fields: the mention's tags. */
  tags: boolean;
}

const NO_META: MetaNeeds = { sources: false, tags: false };

/** Which stored facts besides the row the query's fields compare. */
function metaNeeds(node: QueryNode): MetaNeeds {
  switch (node.kind) {
    case 'field': {
      const inner = metaNeeds(node.child);
      return {
        sources: inner.sources || node.field === 'source',
        tags: inner.tags || node.field === 'place' || node.field === 'sector',
      };
    }
    case 'not':
      return metaNeeds(node.child);
    case 'and':
    case 'or':
      return node.children
        .map(metaNeeds)
        .reduce((a, b) => ({ sources: a.sources || b.sources, tags: a.tags || b.tags }), NO_META);
    default:
      return NO_META;
  }
}
