// The server-mode store: PostgreSQL through node-postgres (`pg`), SQL written by hand. `pg`
// rather than `postgres` (porsager): it is what pg-boss, the job queue, already runs on, so one
// driver and one pool configuration serve both; its Pool, LISTEN/NOTIFY and COPY support are
// long established. Hand-written SQL rather than a builder: the queries are few, several lean
// on PostgreSQL specifics (tsquery, row-value keysets, ON CONFLICT … RETURNING, jsonb), and
// each one can be read and EXPLAINed as it is sent.
import type pg from 'pg';
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
import type { QueryNode } from '../../query/ast.js';
import {
  CredentialLabelTakenError,
  type CredentialUpdate,
  type NewCredential,
  type QuarantinedResponse,
  type StoredCredential,
} from '../collection-state-store.js';
import { matchesExactly } from '../exact-match.js';
import { rankHit } from '../hit-rank.js';
import type { ListeningStore } from '../listening-store.js';
import { parseSearchTerms } from '../search-terms.js';
import { makeSnippet } from '../snippet.js';
import { type MentionRow, mentionFromRow, type SourceRow, sourceFromRow } from '../sqlite/rows.js';
import { shareColumnValues } from '../sqlite/share-statistics-schema.js';
import type {
  EngagementSnapshot,
  ListSourcesOptions,
  SaveMentionsResult,
  SourceUpdate,
  Store,
  Thread,
  ThreadNode,
  ThreadOptions,
} from '../store.js';
import { BatchRaceError, PgBatchWriter } from './batch-writer.js';
import { compileToTsQuery } from './compile-tsquery.js';
import {
  createPool,
  decodeOrderCursor,
  encodeOrderCursor,
  inTransaction,
  isDeadlock,
  retryDeadlocks,
} from './connection.js';
import { closePostgresIdentityStore } from './identity-store.js';
import { PgListeningStore } from './listening.js';
import { PgMentionWriter, pgJson, pgText } from './mention-writer.js';
import { pgTagsOf, writePlacesAndStories } from './place-story-writer.js';
import { migratePostgres } from './schema.js';
import { PgStoryAssigner } from './story-assigner.js';

export const DEFAULT_INTERVAL_SECONDS = 900;
const DEFAULT_SEARCH_LIMIT = 50;
const MAX_SEARCH_LIMIT = 500;
const DEFAULT_MAX_CANDIDATES = 10_000;
const QUARANTINE_KEPT = 5;
const DEFAULT_THREAD_LIMIT = 500;
const MAX_THREAD_LIMIT = 5000;
const DEFAULT_ENGAGEMENT_LIMIT = 1000;
const MAX_SAVE_ATTEMPTS = 4;
const MAX_ENGAGEMENT_LIMIT = 10_000;

/** Mention columns as the SQLite row mapping reads them (jsonb as JSON text). */
export const PG_MENTION_COLUMNS = `m.id, m.platform, m.external_id, m.canonical_url, m.author_key,
  m.author_name, m.author_kind, m.published_at, m.collected_at, m.language, m.title, m.text,
  m.html, m.categories::text AS categories, m.engagement::text AS engagement, m.parent_id,
  m.thread_root_id, m.updated_at, m.deleted_at, m.lang, m.sentiment, m.sentiment_confidence,
  m.keywords::text AS keywords, m.prob_negative, m.prob_neutral, m.prob_positive, m.share_group,
  m.sort_ms`;

const SOURCE_COLUMNS = `id, kind, url, title, enabled::int AS enabled, settings::text AS settings,
  interval_seconds, next_fetch_at, etag, last_modified, cursor, health::text AS health, created_at`;

export type PgMentionRow = Omit<MentionRow, 'search_key'> & { sort_ms: number };

export interface PostgresStore extends Store, ListeningStore {
  readonly pool: pg.Pool;
}

function boundMs(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`invalid ${name} timestamp: ${value}`);
  return ms;
}

function normalizeTime(value: string, name: string): string {
  return new Date(boundMs(value, name)).toISOString();
}

const clamp = (value: number | undefined, fallback: number, max: number) =>
  Math.min(Math.max(Math.floor(value ?? fallback), 1), max);

/** Source ids of each mention, lowest first. */
export async function sourceIdsOf(
  db: pg.Pool | pg.PoolClient,
  ids: number[],
): Promise<Map<number, number[]>> {
  const byMention = new Map<number, number[]>();
  if (ids.length === 0) return byMention;
  const { rows } = await db.query<{ mention_id: number; source_id: number }>(
    `SELECT mention_id, source_id FROM mention_sources WHERE mention_id = ANY($1::bigint[])
     ORDER BY mention_id, source_id`,
    [ids],
  );
  for (const row of rows) {
    const list = byMention.get(row.mention_id);
    if (list) list.push(row.source_id);
    else byMention.set(row.mention_id, [row.source_id]);
  }
  return byMention;
}

export async function mentionsFromRows(
  db: pg.Pool | pg.PoolClient,
  rows: PgMentionRow[],
): Promise<Mention[]> {
  const ids = rows.map((row) => row.id);
  const [sources, tags] = await Promise.all([sourceIdsOf(db, ids), pgTagsOf(db, ids)]);
  return rows.map((row) => {
    const mention = mentionFromRow({ ...row, search_key: row.sort_ms }, sources.get(row.id) ?? []);
    const tagged = tags.get(row.id);
    if (tagged !== undefined && mention.analysis) {
      mention.analysis.places = tagged.places;
      mention.analysis.sectors = tagged.sectors;
    }
    return mention;
  });
}

interface Candidate {
  id: number;
  sort_ms: number;
  title: string | null;
  text: string;
}

class PgStore implements Omit<PostgresStore, keyof ListeningStore> {
  /** Stories of the mentions this process stores (story-assigner.ts). */
  private readonly stories = new PgStoryAssigner();

  constructor(readonly pool: pg.Pool) {}

  // ------------------------------------------------------------------ sources

  async addSource(source: NewSource): Promise<{ source: Source; created: boolean }> {
    const now = new Date().toISOString();
    const inserted = await this.pool.query(
      `INSERT INTO sources (kind, url, title, enabled, settings, interval_seconds, next_fetch_at,
         health, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (kind, url) DO NOTHING`,
      [
        source.kind,
        source.url,
        source.title ?? null,
        source.enabled !== false,
        pgJson(source.settings ?? {}),
        DEFAULT_INTERVAL_SECONDS,
        now,
        pgJson(emptySourceHealth()),
        now,
      ],
    );
    const { rows } = await this.pool.query<SourceRow>(
      `SELECT ${SOURCE_COLUMNS} FROM sources WHERE kind = $1 AND url = $2`,
      [source.kind, source.url],
    );
    if (!rows[0]) throw new Error(`source vanished after insert: ${source.kind} ${source.url}`);
    return { source: sourceFromRow(rows[0]), created: inserted.rowCount === 1 };
  }

  async getSource(id: number): Promise<Source | null> {
    const { rows } = await this.pool.query<SourceRow>(
      `SELECT ${SOURCE_COLUMNS} FROM sources WHERE id = $1`,
      [id],
    );
    return rows[0] ? sourceFromRow(rows[0]) : null;
  }

  async listSources(options: ListSourcesOptions = {}): Promise<Source[]> {
    const limit = options.limit ?? null;
    const { rows } =
      options.dueBefore === undefined
        ? await this.pool.query<SourceRow>(
            `SELECT ${SOURCE_COLUMNS} FROM sources ORDER BY id LIMIT $1`,
            [limit],
          )
        : await this.pool.query<SourceRow>(
            `SELECT ${SOURCE_COLUMNS} FROM sources WHERE enabled AND next_fetch_at <= $1
             ORDER BY next_fetch_at, id LIMIT $2`,
            [normalizeTime(options.dueBefore, 'dueBefore'), limit],
          );
    return rows.map(sourceFromRow);
  }

  async updateSource(id: number, update: SourceUpdate): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (update.title !== undefined) set('title', update.title);
    if (update.enabled !== undefined) set('enabled', update.enabled);
    if (update.settings !== undefined) set('settings', pgJson(update.settings));
    if (update.schedule !== undefined) {
      set('interval_seconds', update.schedule.intervalSeconds);
      set('next_fetch_at', normalizeTime(update.schedule.nextFetchAt, 'nextFetchAt'));
    }
    if (update.validators !== undefined) {
      set('etag', update.validators.etag);
      set('last_modified', update.validators.lastModified);
    }
    if (update.health !== undefined) set('health', pgJson(update.health));
    if (sets.length === 0) return;
    await this.pool.query(`UPDATE sources SET ${sets.join(', ')} WHERE id = $1`, values);
  }

  async removeSource(id: number): Promise<boolean> {
    return retryDeadlocks(() => this.removeSourceOnce(id));
  }

  private async removeSourceOnce(id: number): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const removed = await client.query('DELETE FROM sources WHERE id = $1', [id]);
      // Mentions counted under this source now count under their next lowest one.
      await client.query(
        `UPDATE mentions AS m SET source_key = coalesce(
           (SELECT min(s.source_id) FROM mention_sources AS s WHERE s.mention_id = m.id), 0)
         WHERE m.source_key = $1`,
        [id],
      );
      return removed.rowCount === 1;
    });
  }

  // ------------------------------------------------------------------ mentions

  async saveMentions(
    sourceId: number | null,
    mentions: MentionInput[],
  ): Promise<SaveMentionsResult> {
    return this.save(sourceId, mentions, undefined);
  }

  async saveSourceBatch(
    sourceId: number,
    mentions: MentionInput[],
    cursor: string | null,
  ): Promise<SaveMentionsResult> {
    return this.save(sourceId, mentions, cursor);
  }

  /**
   * One transaction: the batch writer, or, when another writer stored some of the same
   * mentions meanwhile, the mention-by-mention writer that reads what the other stored.
   */
  private async save(
    sourceId: number | null,
    mentions: MentionInput[],
    cursor: string | null | undefined,
  ): Promise<SaveMentionsResult> {
    const run = (batch: boolean) =>
      inTransaction(this.pool, async (client) => {
        const writer = batch ? new PgBatchWriter(client) : new PgMentionWriter(client);
        const saved = await writer.save(sourceId, mentions);
        await writePlacesAndStories(client, this.stories, mentions, saved, writer.before);
        if (cursor !== undefined) {
          await client.query('UPDATE sources SET cursor = $1 WHERE id = $2', [cursor, sourceId]);
        }
        return saved;
      });
    // Two batches inserting the same new mentions, or moving the same roll-up rows, in
    // different orders can deadlock; PostgreSQL aborts one, which is written again (mention
    // by mention, after the other), a few times at most.
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(attempt === 1);
      } catch (error) {
        // The tracker may hold texts of the batch that was rolled back.
        this.stories.reset();
        if (
          (!(error instanceof BatchRaceError) && !isDeadlock(error)) ||
          attempt >= MAX_SAVE_ATTEMPTS
        ) {
          throw error;
        }
      }
    }
  }

  async getMention(id: number): Promise<Mention | null> {
    const { rows } = await this.pool.query<PgMentionRow>(
      `SELECT ${PG_MENTION_COLUMNS} FROM mentions AS m WHERE m.id = $1`,
      [id],
    );
    return rows.length === 0 ? null : (await mentionsFromRows(this.pool, rows))[0]!;
  }

  async countMentions(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mentions',
    );
    return rows[0]?.n ?? 0;
  }

  async findCanonicalUrls(urls: string[]): Promise<Set<string>> {
    if (urls.length === 0) return new Set();
    const { rows } = await this.pool.query<{ url: string }>(
      'SELECT canonical_url AS url FROM mentions WHERE canonical_url = ANY($1::text[])',
      [urls],
    );
    return new Set(rows.map((row) => row.url));
  }

  async setAnalysis(id: number, analysis: MentionAnalysis): Promise<void> {
    const share = shareColumnValues(analysis);
    await retryDeadlocks(() =>
      this.pool.query(
        `UPDATE mentions SET lang = $2, sentiment = $3, sentiment_confidence = $4, keywords = $5,
         prob_negative = $6, prob_neutral = $7, prob_positive = $8, share_group = $9,
         share_cell = $10
       WHERE id = $1`,
        [
          id,
          analysis.lang,
          analysis.sentiment,
          analysis.sentimentConfidence,
          pgJson(analysis.keywords),
          share.probNegative,
          share.probNeutral,
          share.probPositive,
          share.shareGroup,
          share.shareCell,
        ],
      ),
    );
  }

  async getThread(mentionId: number, options: ThreadOptions = {}): Promise<Thread | null> {
    const limit = clamp(options.limit, DEFAULT_THREAD_LIMIT, MAX_THREAD_LIMIT);
    type ThreadRow = PgMentionRow & { thread_root_external_id: string | null };
    const columns = `${PG_MENTION_COLUMNS}, m.thread_root_external_id`;
    const byId = async (id: number) =>
      (
        await this.pool.query<ThreadRow>(`SELECT ${columns} FROM mentions AS m WHERE m.id = $1`, [
          id,
        ])
      ).rows[0];
    const asked = await byId(mentionId);
    if (!asked) return null;
    let root: ThreadRow | undefined;
    let members: ThreadRow[];
    let total: number;
    let rootExternalId: string;
    if (asked.thread_root_id !== null || asked.thread_root_external_id === null) {
      root = asked.thread_root_id === null ? asked : await byId(asked.thread_root_id);
      if (!root) return null;
      rootExternalId = root.external_id;
      members = (
        await this.pool.query<ThreadRow>(
          `SELECT ${columns} FROM mentions AS m WHERE m.thread_root_id = $1
           ORDER BY m.sort_ms, m.id LIMIT $2`,
          [root.id, limit],
        )
      ).rows;
      total = (
        await this.pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM mentions WHERE thread_root_id = $1',
          [root.id],
        )
      ).rows[0]!.n;
    } else {
      rootExternalId = asked.thread_root_external_id;
      const where = `m.platform = $1 AND m.thread_root_external_id = $2 AND m.thread_root_id IS NULL`;
      members = (
        await this.pool.query<ThreadRow>(
          `SELECT ${columns} FROM mentions AS m WHERE ${where} ORDER BY m.sort_ms, m.id LIMIT $3`,
          [asked.platform, rootExternalId, limit],
        )
      ).rows;
      total = (
        await this.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM mentions AS m WHERE ${where}`,
          [asked.platform, rootExternalId],
        )
      ).rows[0]!.n;
    }
    const rows = root ? [root, ...members] : members;
    const mentions = await mentionsFromRows(this.pool, rows);
    const nodes = new Map<number, ThreadNode>();
    rows.forEach((row, i) => {
      nodes.set(row.id, { mention: mentions[i]!, replies: [] });
    });
    const unattached: ThreadNode[] = [];
    for (const row of members) {
      const node = nodes.get(row.id)!;
      const parent = row.parent_id === null ? undefined : nodes.get(row.parent_id);
      if (parent) parent.replies.push(node);
      else unattached.push(node);
    }
    return {
      rootExternalId,
      root: root ? nodes.get(root.id)! : null,
      unattached,
      total,
      truncated: members.length < total,
    };
  }

  async engagementHistory(mentionId: number, limit?: number): Promise<EngagementSnapshot[] | null> {
    const exists = await this.pool.query('SELECT 1 FROM mentions WHERE id = $1', [mentionId]);
    if (exists.rowCount === 0) return null;
    const { rows } = await this.pool.query<EngagementSnapshot & { observed_at: string }>(
      `SELECT * FROM (
         SELECT observed_at, likes, comments, shares, views FROM engagement_snapshots
         WHERE mention_id = $1 ORDER BY observed_at DESC LIMIT $2
       ) AS latest ORDER BY observed_at`,
      [mentionId, clamp(limit, DEFAULT_ENGAGEMENT_LIMIT, MAX_ENGAGEMENT_LIMIT)],
    );
    return rows.map((row) => ({
      observedAt: row.observed_at,
      likes: row.likes,
      comments: row.comments,
      shares: row.shares,
      views: row.views,
    }));
  }

  async search(options: SearchOptions): Promise<SearchPage> {
    const terms = parseSearchTerms(options.query);
    // Each term is a phrase of its words, in the title or in the body.
    const ast: QueryNode | null =
      terms.length === 0
        ? null
        : {
            kind: 'and',
            children: terms.map((term) => ({
              kind: 'phrase' as const,
              text: term.exact.join(' '),
              prefix: false,
              exact: false,
              proximity: null,
            })),
          };
    const tsquery = ast === null ? null : compileToTsQuery(ast).tsquery;
    const highlight = terms.flatMap((term) => term.folded);
    const accept = options.exactDiacritics
      ? (doc: { title: string | null; text: string }) => matchesExactly(terms, doc)
      : undefined;
    const limit = Math.min(Math.max(options.limit ?? DEFAULT_SEARCH_LIMIT, 1), MAX_SEARCH_LIMIT);
    const conditions: string[] = [];
    const values: unknown[] = [];
    const bind = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    if (options.since !== undefined) {
      conditions.push(
        `sort_ms >= ${bind(Math.floor(boundMs(options.since, 'since') / 1000) * 1000)}`,
      );
    }
    if (options.until !== undefined) {
      conditions.push(
        `sort_ms < ${bind((Math.floor(boundMs(options.until, 'until') / 1000) + 1) * 1000)}`,
      );
    }
    if (tsquery !== null) conditions.push(`fts @@ ${bind(tsquery)}::tsquery`);
    if (ast !== null && tsquery === null) conditions.push('false');
    const want = limit + 1;
    const maxCandidates = DEFAULT_MAX_CANDIDATES;
    let batch = accept ? Math.min(Math.max(want * 4, 200), maxCandidates) : want;
    let after = options.cursor === undefined ? null : decodeOrderCursor('k', options.cursor);
    const accepted: Candidate[] = [];
    let examined = 0;
    let stoppedAt: Candidate | null = null;
    for (;;) {
      const where = [...conditions];
      const params = [...values];
      if (after !== null) {
        params.push(after.sortMs, after.id);
        where.push(`(sort_ms, id) < ($${params.length - 1}, $${params.length})`);
      }
      params.push(batch);
      const { rows } = await this.pool.query<Candidate>(
        `SELECT id, sort_ms, title, text FROM mentions
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY sort_ms DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      for (const row of rows) {
        examined++;
        if (!accept || accept(row)) {
          accepted.push(row);
          if (accepted.length === want) break;
        }
      }
      if (accepted.length >= want || rows.length < batch) break;
      const last = rows[rows.length - 1]!;
      after = { sortMs: last.sort_ms, id: last.id };
      if (accept && examined >= maxCandidates) {
        stoppedAt = last;
        break;
      }
      batch = Math.min(batch * 2, 10_000, Math.max(maxCandidates - examined, 1));
    }
    const page = accepted.slice(0, limit);
    const { rows } = await this.pool.query<PgMentionRow>(
      `SELECT ${PG_MENTION_COLUMNS} FROM mentions AS m WHERE m.id = ANY($1::bigint[])`,
      [page.map((c) => c.id)],
    );
    const byId = new Map((await mentionsFromRows(this.pool, rows)).map((m) => [m.id, m]));
    const hits: SearchHit[] = page.map((candidate) => {
      const mention = byId.get(candidate.id);
      if (!mention) throw new Error(`mention vanished during search: ${candidate.id}`);
      return {
        mention,
        snippet: makeSnippet(mention.text, highlight),
        rank: rankHit(mention, highlight),
      };
    });
    const last = page[page.length - 1];
    const cursorAt = accepted.length > limit && last ? last : stoppedAt;
    return {
      hits,
      nextCursor: cursorAt ? encodeOrderCursor('k', cursorAt.sort_ms, cursorAt.id) : null,
    };
  }

  // ------------------------------------------------------------------ collection state

  async quarantineResponse(response: Omit<QuarantinedResponse, 'id'>): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO quarantined_responses (source_id, at, url, reason, body)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [
          response.sourceId,
          response.at,
          response.url,
          pgText(response.reason),
          pgText(response.body),
        ],
      );
      if (response.sourceId !== null) {
        await client.query(
          `DELETE FROM quarantined_responses WHERE source_id = $1 AND id NOT IN (
             SELECT id FROM quarantined_responses WHERE source_id = $1
             ORDER BY id DESC LIMIT ${QUARANTINE_KEPT})`,
          [response.sourceId],
        );
      }
      return rows[0]!.id;
    });
  }

  async listQuarantined(sourceId: number): Promise<QuarantinedResponse[]> {
    const { rows } = await this.pool.query<{
      id: number;
      source_id: number | null;
      at: string;
      url: string | null;
      reason: string;
      body: string;
    }>('SELECT * FROM quarantined_responses WHERE source_id = $1 ORDER BY id DESC', [sourceId]);
    return rows.map((row) => ({
      id: row.id,
      sourceId: row.source_id,
      at: row.at,
      url: row.url,
      reason: row.reason,
      body: row.body,
    }));
  }

  async addCredential(credential: NewCredential): Promise<StoredCredential> {
    const { rows } = await this.pool.query<CredentialRow>(
      `INSERT INTO credentials (platform, label, public_fields, sealed, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (platform, label) DO NOTHING RETURNING *`,
      [
        credential.platform,
        credential.label,
        pgJson(credential.publicFields),
        credential.sealed,
        new Date().toISOString(),
      ],
    );
    if (!rows[0]) {
      throw new CredentialLabelTakenError(
        `${credential.platform} already has a credential labelled "${credential.label}"`,
      );
    }
    return credentialFromRow(rows[0]);
  }

  async listCredentials(platform?: string): Promise<StoredCredential[]> {
    const { rows } =
      platform === undefined
        ? await this.pool.query<CredentialRow>('SELECT * FROM credentials ORDER BY id')
        : await this.pool.query<CredentialRow>(
            'SELECT * FROM credentials WHERE platform = $1 ORDER BY id',
            [platform],
          );
    return rows.map(credentialFromRow);
  }

  async getCredential(id: number): Promise<StoredCredential | null> {
    const { rows } = await this.pool.query<CredentialRow>(
      'SELECT * FROM credentials WHERE id = $1',
      [id],
    );
    return rows[0] ? credentialFromRow(rows[0]) : null;
  }

  async updateCredential(id: number, update: CredentialUpdate): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (update.status !== undefined) set('status', update.status);
    if (update.quota !== undefined) set('quota', pgJson(update.quota));
    if (update.lastError !== undefined) set('last_error', update.lastError);
    if (update.sealed !== undefined) set('sealed', update.sealed);
    if (sets.length === 0) return;
    await this.pool.query(`UPDATE credentials SET ${sets.join(', ')} WHERE id = $1`, values);
  }

  async removeCredential(id: number): Promise<boolean> {
    return (await this.pool.query('DELETE FROM credentials WHERE id = $1', [id])).rowCount === 1;
  }

  // ------------------------------------------------------------------ installation

  async getSetting(key: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ value: string }>(
      'SELECT value FROM settings WHERE key = $1',
      [key],
    );
    return rows[0]?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, value],
    );
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closePostgresIdentityStore(this.pool);
    await this.pool.end();
  }
}

interface CredentialRow {
  id: number;
  platform: string;
  label: string;
  public_fields: Record<string, string>;
  sealed: string;
  status: string;
  quota: Record<string, unknown>;
  last_error: string | null;
  created_at: string;
}

function credentialFromRow(row: CredentialRow): StoredCredential {
  return {
    id: row.id,
    platform: row.platform,
    label: row.label,
    publicFields: row.public_fields,
    sealed: row.sealed,
    status: row.status as StoredCredential['status'],
    quota: row.quota,
    lastError: row.last_error,
    createdAt: row.created_at,
  };
}

/**
 * The PostgreSQL store at `url`, returned at once: the schema is created or upgraded in the
 * background and every call waits for it (a failed upgrade fails every call with its error).
 * Lets synchronous wiring (jobs/app.ts) open either store the same way.
 */
export function connectPostgresStore(
  url: string,
  options: { usageLogKey?: Buffer | null } = {},
): PostgresStore & { ready: Promise<void> } {
  const pool = createPool(url);
  const ready = migratePostgres(pool);
  // Callers that never call anything still see a failure when they close.
  ready.catch(() => {});
  const store = new PgStore(pool);
  const listening = new PgListeningStore(pool, options.usageLogKey ?? null);
  const methods: Record<string, unknown> = {};
  const wrap = (target: object, name: string) => {
    const value = (target as Record<string, unknown>)[name];
    if (name === 'constructor' || typeof value !== 'function') return;
    const bound = value.bind(target) as (...args: unknown[]) => Promise<unknown>;
    methods[name] =
      name === 'close'
        ? async () => {
            await ready.catch(() => {});
            return bound();
          }
        : async (...args: unknown[]) => {
            await ready;
            return bound(...args);
          };
  };
  for (const name of Object.getOwnPropertyNames(PgStore.prototype)) wrap(store, name);
  // The listening methods beside the store's on one object, as the SQLite store has them.
  for (const name of Object.getOwnPropertyNames(PgListeningStore.prototype)) wrap(listening, name);
  return Object.assign(store, methods, { ready }) as unknown as PostgresStore & {
    ready: Promise<void>;
  };
}

/** Opens (creating or upgrading the schema as needed) the PostgreSQL store at `url`. */
export async function openPostgresStore(url: string): Promise<PostgresStore> {
  const store = connectPostgresStore(url);
  try {
    await store.ready;
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
