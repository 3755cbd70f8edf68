// The embedded store: one SQLite file, opened with better-sqlite3. Everything SQLite-specific
// (SQL dialect, FTS5, pragmas) stays in this folder.
import Database from 'better-sqlite3';
import {
  emptySourceHealth,
  type Mention,
  type MentionAnalysis,
  type MentionInput,
  type NewSource,
  type SearchHit,
  type SearchOptions,
  type SearchPage,
  type Source,
} from '../../model.js';
import { matchesExactly } from '../exact-match.js';
import { rankHit } from '../hit-rank.js';
import type { ListeningStore } from '../listening-store.js';
import { parseSearchTerms } from '../search-terms.js';
import { makeSnippet } from '../snippet.js';
import type {
  EngagementSnapshot,
  ListSourcesOptions,
  SaveMentionsResult,
  SourceUpdate,
  Store,
  Thread,
  ThreadOptions,
} from '../store.js';
import { ConversationReader } from './conversations.js';
import { ftsMatchFromTerms } from './fts-match.js';
import { MentionWriter } from './mention-writer.js';
import { migrate } from './migrations.js';
import {
  MENTION_COLUMNS,
  type MentionRow,
  mentionFromRow,
  type SourceRow,
  sourceFromRow,
  sourceIdsByMention,
} from './rows.js';
import { firstKeyAt, lastKeyAt, timestampMs } from './search-key.js';
import { shareColumnValues } from './share-statistics-schema.js';
import { type CollectionStateMethods, collectionStateMethods } from './sqlite-collection-state.js';
import { listeningMethods } from './sqlite-listening-store.js';
import { type StatementCache, statementCache } from './statement-cache.js';
import type { StoryAssignerOptions } from './story-assigner.js';

/** Poll interval of a new source until the scheduler learns how often it publishes. */
export const DEFAULT_INTERVAL_SECONDS = 900;
const DEFAULT_SEARCH_LIMIT = 50;
const MAX_SEARCH_LIMIT = 500;
// Bounds one exact-diacritics page where the exact form is rare among its folded form (at 1M
// mentions, "duong" typed without marks otherwise examined every "đường" and "dương").
const DEFAULT_MAX_CANDIDATES = 10_000;
const MIN_KEY = -(2 ** 53) + 1;
const MAX_KEY = 2 ** 53 - 1;

export interface MatchSearchOptions {
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
  /** Folded words to centre snippets on (the positive words of the query). */
  highlight?: string[];
  /**
   * Keeps only candidates it returns true for, e.g. exact-diacritics verification. Candidates
   * are read newest first in batches until a page is full.
   */
  accept?: (document: { title: string | null; text: string }) => boolean;
  /**
   * With `accept`, how many candidates one call may examine (default 10,000). When it stops
   * there, the page holds the hits found so far, possibly none, and `nextCursor` goes on from
   * the last candidate examined: a short page with a cursor is not the end.
   */
  maxCandidates?: number;
}

export interface SqliteStore extends Store, ListeningStore {
  /**
   * Search with a raw FTS5 MATCH expression over `mentions_fts`, for a query compiler.
   * Columns: `title` and `body` (the mention text). Both hold text folded by `foldDiacritics`
   * (lower case, diacritics removed, đ -> d) and are tokenized by `unicode61
   * remove_diacritics 2`: words are runs of letters and digits, everything else separates.
   * So fold every word and quote it with `ftsString` (fts-match.ts), e.g.
   * `"thanh pho" AND title: "ha noi" NOT "mua"`; FTS5 prefixes (`"pho"*`), NEAR and
   * parentheses work as documented for FTS5. An invalid expression throws SQLite's error.
   * Null matches every mention. Exact-diacritics parts are checked with `accept` (see
   * `matchesExactly`). Order (newest first), paging and since/until are as in `search`:
   * by published_at, or collected_at where there is none, to the second.
   */
  searchMatch(matchExpression: string | null, options?: MatchSearchOptions): Promise<SearchPage>;
  /** The underlying connection, for maintenance and benchmarks. */
  readonly db: Database.Database;
}

function encodeCursor(key: number): string {
  return `k${key.toString(36)}`;
}

function decodeCursor(cursor: string): number {
  const key = cursor.startsWith('k') ? Number.parseInt(cursor.slice(1), 36) : Number.NaN;
  if (!Number.isSafeInteger(key)) throw new Error(`invalid search cursor: ${cursor}`);
  return key;
}

function boundMs(value: string, name: string): number {
  const ms = timestampMs(value);
  if (ms === null) throw new Error(`invalid ${name} timestamp: ${value}`);
  return ms;
}

/**
 * Due times are compared as text, so they are stored in one form: `Date#toISOString()`.
 * "2025-06-01T01:00:00Z" reads back as "2025-06-01T01:00:00.000Z".
 */
function normalizeTime(value: string, name: string): string {
  return new Date(boundMs(value, name)).toISOString();
}

/** What search reads of a candidate before it knows the candidate is kept. */
interface Candidate {
  search_key: number;
  title: string | null;
  text: string;
}

class SqliteStoreImpl
  implements Omit<SqliteStore, keyof ListeningStore | keyof CollectionStateMethods>
{
  readonly db: Database.Database;
  private readonly statements;
  /** For statements put together per call (source updates name only the parts they change). */
  private readonly statement: StatementCache;
  private readonly saveBatch;
  private readonly writer: MentionWriter;
  private readonly saveBatchWithCursor: (
    sourceId: number,
    mentions: MentionInput[],
    cursor: string | null,
  ) => SaveMentionsResult;
  private readonly conversations: ConversationReader;

  constructor(path: string, storyThread?: StoryAssignerOptions['thread']) {
    this.db = new Database(path);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('temp_store = MEMORY');
      this.db.pragma('cache_size = -65536');
      migrate(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.statements = this.prepare();
    this.statement = statementCache(this.db);
    const writer = new MentionWriter(this.db, { thread: storyThread });
    this.writer = writer;
    this.saveBatch = this.db.transaction((sourceId: number | null, mentions: MentionInput[]) =>
      writer.save(sourceId, mentions),
    );
    const setCursor = this.db.prepare<[string | null, number]>(
      'UPDATE sources SET cursor = ? WHERE id = ?',
    );
    const saveWithCursor = this.db.transaction(
      (sourceId: number, mentions: MentionInput[], cursor: string | null) => {
        const saved = writer.save(sourceId, mentions);
        setCursor.run(cursor, sourceId);
        return saved;
      },
    );
    this.saveBatchWithCursor = (sourceId, mentions, cursor) =>
      saveWithCursor.immediate(sourceId, mentions, cursor);
    this.conversations = new ConversationReader(this.db);
  }

  private prepare() {
    const db = this.db;
    return {
      insertSource: db.prepare(
        `INSERT INTO sources (kind, url, title, enabled, settings, interval_seconds, next_fetch_at,
           health, created_at)
         VALUES (@kind, @url, @title, @enabled, @settings, @interval, @next, @health, @created)
         ON CONFLICT (kind, url) DO NOTHING`,
      ),
      sourceByKey: db.prepare<[string, string], SourceRow>(
        'SELECT * FROM sources WHERE kind = ? AND url = ?',
      ),
      sourceById: db.prepare<[number], SourceRow>('SELECT * FROM sources WHERE id = ?'),
      sourcesAll: db.prepare<[number], SourceRow>('SELECT * FROM sources ORDER BY id LIMIT ?'),
      sourcesDue: db.prepare<[string, number], SourceRow>(
        `SELECT * FROM sources WHERE enabled = 1 AND next_fetch_at <= ?
         ORDER BY next_fetch_at, id LIMIT ?`,
      ),
      deleteSource: db.prepare<[number]>('DELETE FROM sources WHERE id = ?'),
      mentionByKey: db.prepare<[number], MentionRow>(
        `SELECT ${MENTION_COLUMNS} FROM mentions WHERE search_key = ?`,
      ),
      mentionById: db.prepare<[number], MentionRow>(
        `SELECT ${MENTION_COLUMNS} FROM mentions WHERE id = ?`,
      ),
      sourceIdsOf: db.prepare<[number], { source_id: number }>(
        'SELECT source_id FROM mention_sources WHERE mention_id = ? ORDER BY source_id',
      ),
      sourceIdsOfMany: db.prepare<[string], { mention_id: number; source_id: number }>(
        `SELECT mention_id, source_id FROM mention_sources
         WHERE mention_id IN (SELECT value FROM json_each(?)) ORDER BY mention_id, source_id`,
      ),
      countMentions: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM mentions'),
      storedUrls: db.prepare<[string], { url: string }>(
        `SELECT canonical_url AS url FROM mentions
         WHERE canonical_url IN (SELECT value FROM json_each(?))`,
      ),
      setAnalysis: db.prepare(
        `UPDATE mentions SET lang = @lang, sentiment = @sentiment,
           sentiment_confidence = @sentimentConfidence, keywords = @keywords,
           prob_negative = @probNegative, prob_neutral = @probNeutral,
           prob_positive = @probPositive, share_group = @shareGroup, share_cell = @shareCell
         WHERE id = @id`,
      ),
      latest: db.prepare<[number, number, number], Candidate>(
        `SELECT search_key, title, text FROM mentions
         WHERE search_key BETWEEN ? AND ? ORDER BY search_key DESC LIMIT ?`,
      ),
      latestMatching: db.prepare<[string, number, number, number], Candidate>(
        `SELECT m.search_key, m.title, m.text FROM (
           SELECT rowid AS key FROM mentions_fts
           WHERE mentions_fts MATCH ? AND rowid BETWEEN ? AND ?
           ORDER BY rowid DESC LIMIT ?
         ) AS f JOIN mentions AS m ON m.search_key = f.key
         ORDER BY f.key DESC`,
      ),
      getSetting: db.prepare<[string], { value: string }>(
        'SELECT value FROM settings WHERE key = ?',
      ),
      setSetting: db.prepare<[string, string]>(
        `INSERT INTO settings (key, value) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
    };
  }

  // ------------------------------------------------------------------ sources

  async addSource(source: NewSource): Promise<{ source: Source; created: boolean }> {
    const now = new Date().toISOString();
    const result = this.statements.insertSource.run({
      kind: source.kind,
      url: source.url,
      title: source.title ?? null,
      enabled: source.enabled === false ? 0 : 1,
      settings: JSON.stringify(source.settings ?? {}),
      interval: DEFAULT_INTERVAL_SECONDS,
      next: now,
      health: JSON.stringify(emptySourceHealth()),
      created: now,
    });
    const row = this.statements.sourceByKey.get(source.kind, source.url);
    if (!row) throw new Error(`source vanished after insert: ${source.kind} ${source.url}`);
    return { source: sourceFromRow(row), created: result.changes === 1 };
  }

  async getSource(id: number): Promise<Source | null> {
    const row = this.statements.sourceById.get(id);
    return row ? sourceFromRow(row) : null;
  }

  async listSources(options: ListSourcesOptions = {}): Promise<Source[]> {
    const limit = options.limit ?? -1;
    const rows =
      options.dueBefore === undefined
        ? this.statements.sourcesAll.all(limit)
        : this.statements.sourcesDue.all(normalizeTime(options.dueBefore, 'dueBefore'), limit);
    return rows.map(sourceFromRow);
  }

  async updateSource(id: number, update: SourceUpdate): Promise<void> {
    const sets: string[] = [];
    const values: Record<string, unknown> = { id };
    if (update.title !== undefined) {
      sets.push('title = @title');
      values.title = update.title;
    }
    if (update.enabled !== undefined) {
      sets.push('enabled = @enabled');
      values.enabled = update.enabled ? 1 : 0;
    }
    if (update.settings !== undefined) {
      sets.push('settings = @settings');
      values.settings = JSON.stringify(update.settings);
    }
    if (update.schedule !== undefined) {
      sets.push('interval_seconds = @interval', 'next_fetch_at = @next');
      values.interval = update.schedule.intervalSeconds;
      values.next = normalizeTime(update.schedule.nextFetchAt, 'nextFetchAt');
    }
    if (update.validators !== undefined) {
      sets.push('etag = @etag', 'last_modified = @lastModified');
      values.etag = update.validators.etag;
      values.lastModified = update.validators.lastModified;
    }
    if (update.health !== undefined) {
      sets.push('health = @health');
      values.health = JSON.stringify(update.health);
    }
    if (sets.length === 0) return;
    this.statement(`UPDATE sources SET ${sets.join(', ')} WHERE id = @id`).run(values);
  }

  async removeSource(id: number): Promise<boolean> {
    return this.statements.deleteSource.run(id).changes === 1;
  }

  // ------------------------------------------------------------------ mentions

  async saveSourceBatch(
    sourceId: number,
    mentions: MentionInput[],
    cursor: string | null,
  ): Promise<SaveMentionsResult> {
    return this.saveBatchWithCursor(sourceId, mentions, cursor);
  }

  async saveMentions(
    sourceId: number | null,
    mentions: MentionInput[],
  ): Promise<SaveMentionsResult> {
    // IMMEDIATE takes the write lock up front, so two writers wait on busy_timeout instead of
    // one failing when it tries to upgrade a read transaction.
    return this.saveBatch.immediate(sourceId, mentions);
  }

  private mentionFrom(row: MentionRow): Mention {
    const sourceIds = this.statements.sourceIdsOf.all(row.id).map((r) => r.source_id);
    return mentionFromRow(row, sourceIds);
  }

  async getMention(id: number): Promise<Mention | null> {
    const row = this.statements.mentionById.get(id);
    return row ? this.mentionFrom(row) : null;
  }

  async findCanonicalUrls(urls: string[]): Promise<Set<string>> {
    if (urls.length === 0) return new Set();
    return new Set(this.statements.storedUrls.all(JSON.stringify(urls)).map((r) => r.url));
  }

  async countMentions(): Promise<number> {
    return this.statements.countMentions.get()?.n ?? 0;
  }

  async setAnalysis(id: number, analysis: MentionAnalysis): Promise<void> {
    this.statements.setAnalysis.run({
      id,
      lang: analysis.lang,
      sentiment: analysis.sentiment,
      sentimentConfidence: analysis.sentimentConfidence,
      keywords: JSON.stringify(analysis.keywords),
      ...shareColumnValues(analysis),
    });
  }

  async getThread(mentionId: number, options?: ThreadOptions): Promise<Thread | null> {
    return this.conversations.getThread(mentionId, options);
  }

  async engagementHistory(mentionId: number, limit?: number): Promise<EngagementSnapshot[] | null> {
    return this.conversations.engagementHistory(mentionId, limit);
  }

  async search(options: SearchOptions): Promise<SearchPage> {
    const terms = parseSearchTerms(options.query);
    return this.searchMatch(ftsMatchFromTerms(terms), {
      ...options,
      highlight: terms.flatMap((term) => term.folded),
      accept: options.exactDiacritics ? (doc) => matchesExactly(terms, doc) : undefined,
    });
  }

  async searchMatch(
    matchExpression: string | null,
    options: MatchSearchOptions = {},
  ): Promise<SearchPage> {
    const limit = Math.min(Math.max(options.limit ?? DEFAULT_SEARCH_LIMIT, 1), MAX_SEARCH_LIMIT);
    const lower =
      options.since === undefined ? MIN_KEY : firstKeyAt(boundMs(options.since, 'since'));
    let upper = options.until === undefined ? MAX_KEY : lastKeyAt(boundMs(options.until, 'until'));
    if (options.cursor !== undefined) upper = Math.min(upper, decodeCursor(options.cursor) - 1);

    // One extra row tells whether another page exists. With a filter, read candidates in
    // growing batches until the page is full or the index runs out.
    const want = limit + 1;
    const accepted: Candidate[] = [];
    const maxCandidates = options.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
    let examined = 0;
    let stoppedAt: number | null = null;
    let batch = options.accept ? Math.min(Math.max(want * 4, 200), maxCandidates) : want;
    const read = this.candidateReader(matchExpression);
    while (accepted.length < want && upper >= lower) {
      const rows = read(lower, upper, batch);
      for (const row of rows) {
        examined++;
        if (!options.accept || options.accept({ title: row.title, text: row.text })) {
          accepted.push(row);
          if (accepted.length === want) break;
        }
      }
      if (rows.length < batch) break;
      upper = rows[rows.length - 1]!.search_key - 1;
      if (options.accept && examined >= maxCandidates && accepted.length < want) {
        stoppedAt = upper + 1;
        break;
      }
      batch = Math.min(batch * 2, 10_000, Math.max(maxCandidates - examined, 1));
    }

    const page = accepted.slice(0, limit).map((candidate) => {
      const row = this.statements.mentionByKey.get(candidate.search_key);
      if (!row) throw new Error(`mention vanished during search: key ${candidate.search_key}`);
      return row;
    });
    const highlight = options.highlight ?? [];
    const sourceIds = sourceIdsByMention(
      this.statements.sourceIdsOfMany.all(JSON.stringify(page.map((r) => r.id))),
    );
    const hits: SearchHit[] = page.map((row) => ({
      mention: mentionFromRow(row, sourceIds.get(row.id) ?? []),
      snippet: makeSnippet(row.text, highlight),
      rank: rankHit(row, highlight),
    }));
    const last = page[page.length - 1];
    return {
      hits,
      nextCursor:
        accepted.length > limit && last
          ? encodeCursor(last.search_key)
          : stoppedAt !== null
            ? encodeCursor(stoppedAt)
            : null,
    };
  }

  /**
   * A reader of candidates newest first between two keys, from the index or the table. It reads
   * only what filtering needs; whole rows are read for the page alone (3-4 times cheaper when
   * an exact-diacritics filter goes through thousands of candidates).
   */
  private candidateReader(
    matchExpression: string | null,
  ): (lower: number, upper: number, limit: number) => Candidate[] {
    if (matchExpression === null) {
      return (lower, upper, limit) => this.statements.latest.all(lower, upper, limit);
    }
    return (lower, upper, limit) =>
      this.statements.latestMatching.all(matchExpression, lower, upper, limit);
  }

  // ------------------------------------------------------------------ installation

  async getSetting(key: string): Promise<string | null> {
    return this.statements.getSetting.get(key)?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.statements.setSetting.run(key, value);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Lets SQLite refresh planner statistics where they have gone stale. analysis_limit keeps
    // that to sampled pages: unbounded, ANALYZE of a million rows held the write lock for
    // seconds and timed out another process's writes. Skipped, not fatal, when the file is busy.
    try {
      this.db.pragma('analysis_limit = 400');
      this.db.pragma('optimize');
    } catch {
      // another connection holds the lock; statistics can wait for the next close
    }
    this.writer.close();
    this.db.close();
  }
}

export interface SqliteStoreOptions {
  /** Seals usage log entries (usageLogKey of installation.key); without it they are only chained. */
  usageLogKey?: Buffer | null;
  /** Where story assignment's tracker lives (StoryAssignerOptions); by batch size unless set. */
  storyThread?: StoryAssignerOptions['thread'];
}

/** Open (creating or upgrading as needed) the SQLite store at `path`. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const store = new SqliteStoreImpl(path, options.storyThread);
  return Object.assign(
    store,
    listeningMethods(store.db, options.usageLogKey ?? null),
    collectionStateMethods(store.db),
  );
}
