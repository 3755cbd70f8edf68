// ListeningStore on PostgreSQL: topics, tags, figures, the drill-down list, tokens and the
// audit log. Figures read the trigger-kept roll-ups (rollups-schema.ts), so a late analysis,
// an edit or a new lowest source is in the next figure; terms with a dimension filter read the
// mentions. The SQL of each figure sits in src/store/analytics beside SQLite's.
import type pg from 'pg';
import type { ShareStatistics } from '../../analysis/quantify/index.js';
import type { Mention, Platform, Sentiment } from '../../model.js';
import { placeCodesOf } from '../../places/resolve-place.js';
import { compileMatcher, type MatchDocument } from '../../query/match.js';
import { parseQuery } from '../../query/parse.js';
import * as breakdown from '../analytics/breakdown.js';
import { type PgQuery, postgresFilter } from '../analytics/filter.js';
import * as series from '../analytics/series.js';
import * as share from '../analytics/share.js';
import * as terms from '../analytics/terms.js';
import type {
  ApiToken,
  AuditEntry,
  AuditListOptions,
  BackfillProgress,
  Breakdown,
  CountRow,
  ListeningStore,
  ListMentionsOptions,
  MentionFilter,
  MentionPage,
  NewTopic,
  SentimentShare,
  SeriesOptions,
  SeriesPoint,
  ShareSeriesPoint,
  TermRow,
  Topic,
  TopicStatus,
  TopicUpdate,
} from '../listening-store.js';
import { sentimentShareOf } from '../share-estimate.js';
import { tagLabel } from '../sqlite/sqlite-place-story-store.js';
import type { UsageLog } from '../usage-log.js';
import { compileToTsQuery } from './compile-tsquery.js';
import {
  decodeOrderCursor,
  encodeOrderCursor,
  inTransaction,
  retryDeadlocks,
} from './connection.js';
import { DELETED_TOPIC_NOTICE, forgetDeletedTopic } from './identity-store.js';
import { pgJson } from './mention-writer.js';
import { mentionsFromRows, PG_MENTION_COLUMNS, type PgMentionRow } from './postgres-store.js';
import { postgresUsageLog } from './usage-log.js';

const DEFAULT_ROWS = 20;
const TOKEN_TOUCH_MS = 60_000;
const TOPICS_VERSION_KEY = 'topics_version';
const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 500;
const MAX_CANDIDATES = 20_000;

interface TopicRow {
  id: number;
  name: string;
  query: string;
  description: string | null;
  langs: string[] | null;
  platforms: Platform[] | null;
  source_ids: number[] | null;
  status: string;
  created_at: string;
  updated_at: string;
  backfill: Partial<BackfillProgress>;
}

interface TokenRow {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function idleBackfill(): BackfillProgress {
  return {
    state: 'idle',
    processed: 0,
    total: 0,
    matched: 0,
    startedAt: null,
    finishedAt: null,
    error: null,
  };
}

function listOrNull<T>(list: T[] | null | undefined): string | null {
  return list && list.length > 0 ? pgJson(list) : null;
}

function topicFromRow(row: TopicRow): Topic {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    description: row.description,
    langs: row.langs,
    platforms: row.platforms,
    sourceIds: row.source_ids,
    status: row.status as TopicStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    backfill: { ...idleBackfill(), ...row.backfill },
  };
}

function tokenFromRow(row: TokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function validName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new RangeError('a topic needs a name');
  return trimmed;
}

function sameList(a: readonly unknown[] | null, b: readonly unknown[] | null): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function timeMs(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`invalid ${name} timestamp: ${value}`);
  return ms;
}

type Db = pg.Pool | pg.PoolClient;

async function bumpTopicsVersion(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, value) VALUES ($1, '1')
     ON CONFLICT (key) DO UPDATE SET value = (settings.value::bigint + 1)::text`,
    [TOPICS_VERSION_KEY],
  );
}

export class PgListeningStore implements ListeningStore {
  private readonly usageLog: UsageLog;

  /** `usageLogKey` seals usage log entries (usageLogKey of installation.key). */
  constructor(
    private readonly pool: pg.Pool,
    usageLogKey: Buffer | null = null,
  ) {
    this.usageLog = postgresUsageLog(pool, usageLogKey);
  }

  private async rows<T extends pg.QueryResultRow>(part: PgQuery): Promise<T[]> {
    return (await this.pool.query<T>(part.sql, part.values)).rows;
  }

  // ------------------------------------------------------------------ topics

  async createTopic(topic: NewTopic): Promise<Topic> {
    parseQuery(topic.query);
    const name = validName(topic.name);
    const now = new Date().toISOString();
    const id = await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO topics (name, query, description, langs, platforms, source_ids, status,
           created_at, updated_at, backfill)
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $7, $8) RETURNING id`,
        [
          name,
          topic.query,
          topic.description ?? null,
          listOrNull(topic.langs),
          listOrNull(topic.platforms),
          listOrNull(topic.sourceIds),
          now,
          pgJson(idleBackfill()),
        ],
      );
      await bumpTopicsVersion(client);
      return rows[0]!.id;
    });
    return (await this.getTopic(id))!;
  }

  async getTopic(id: number): Promise<Topic | null> {
    const { rows } = await this.pool.query<TopicRow>('SELECT * FROM topics WHERE id = $1', [id]);
    return rows[0] ? topicFromRow(rows[0]) : null;
  }

  async listTopics(): Promise<Topic[]> {
    const { rows } = await this.pool.query<TopicRow>('SELECT * FROM topics ORDER BY id');
    return rows.map(topicFromRow);
  }

  async updateTopic(id: number, update: TopicUpdate): Promise<Topic | null> {
    if (update.query !== undefined) parseQuery(update.query);
    const found = await retryDeadlocks(() => this.updateTopicOnce(id, update));
    return found ? this.getTopic(id) : null;
  }

  private async updateTopicOnce(id: number, update: TopicUpdate): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<TopicRow>(
        'SELECT * FROM topics WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!rows[0]) return false;
      const before = topicFromRow(rows[0]);
      const after = {
        name: update.name === undefined ? before.name : validName(update.name),
        query: update.query ?? before.query,
        description: update.description === undefined ? before.description : update.description,
        langs: update.langs === undefined ? before.langs : update.langs,
        platforms: update.platforms === undefined ? before.platforms : update.platforms,
        sourceIds: update.sourceIds === undefined ? before.sourceIds : update.sourceIds,
        status: update.status ?? before.status,
      };
      const matchingChanged =
        after.query !== before.query ||
        !sameList(after.langs?.length ? after.langs : null, before.langs) ||
        !sameList(after.platforms?.length ? after.platforms : null, before.platforms) ||
        !sameList(after.sourceIds?.length ? after.sourceIds : null, before.sourceIds);
      if (matchingChanged)
        await client.query('DELETE FROM mention_topics WHERE topic_id = $1', [id]);
      await client.query(
        `UPDATE topics SET name = $2, query = $3, description = $4, langs = $5, platforms = $6,
           source_ids = $7, status = $8, updated_at = $9,
           backfill = CASE WHEN $10 THEN $11::jsonb ELSE backfill END
         WHERE id = $1`,
        [
          id,
          after.name,
          after.query,
          after.description ?? null,
          listOrNull(after.langs),
          listOrNull(after.platforms),
          listOrNull(after.sourceIds),
          after.status,
          new Date().toISOString(),
          matchingChanged,
          pgJson(idleBackfill()),
        ],
      );
      await bumpTopicsVersion(client);
      return true;
    });
  }

  async deleteTopic(id: number): Promise<boolean> {
    const removed = await retryDeadlocks(() => this.deleteTopicOnce(id));
    if (removed) forgetDeletedTopic(this.pool, id);
    return removed;
  }

  private async deleteTopicOnce(id: number): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM mention_topics WHERE topic_id = $1', [id]);
      const removed = await client.query('DELETE FROM topics WHERE id = $1', [id]);
      if (removed.rowCount === 0) return false;
      await bumpTopicsVersion(client);
      // Its charter went with it (ON DELETE CASCADE): processes that keep it are told on commit.
      await client.query(DELETED_TOPIC_NOTICE.sql, DELETED_TOPIC_NOTICE.params(id));
      return true;
    });
  }

  async topicsVersion(): Promise<number> {
    const { rows } = await this.pool.query<{ value: string }>(
      'SELECT value FROM settings WHERE key = $1',
      [TOPICS_VERSION_KEY],
    );
    return rows[0] ? Number(rows[0].value) : 0;
  }

  async tagMentions(topicId: number, mentionIds: number[]): Promise<number> {
    return this.tagPairs(mentionIds.map((mentionId) => [topicId, mentionId]));
  }

  async tagPairs(pairs: [topicId: number, mentionId: number][]): Promise<number> {
    if (pairs.length === 0) return 0;
    const result = await retryDeadlocks(() =>
      this.pool.query(
        `INSERT INTO mention_topics (topic_id, mention_id, sort_ms)
       SELECT p.topic_id, m.id, m.sort_ms
       FROM unnest($1::bigint[], $2::bigint[]) AS p (topic_id, mention_id)
       JOIN mentions AS m ON m.id = p.mention_id
       ON CONFLICT DO NOTHING`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      ),
    );
    return result.rowCount ?? 0;
  }

  async untagPairs(pairs: [topicId: number, mentionId: number][]): Promise<number> {
    if (pairs.length === 0) return 0;
    const result = await retryDeadlocks(() =>
      this.pool.query(
        `DELETE FROM mention_topics WHERE (topic_id, mention_id) IN (
         SELECT * FROM unnest($1::bigint[], $2::bigint[]))`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      ),
    );
    return result.rowCount ?? 0;
  }

  async clearTopicTags(topicId: number): Promise<void> {
    await retryDeadlocks(() =>
      this.pool.query('DELETE FROM mention_topics WHERE topic_id = $1', [topicId]),
    );
  }

  async setBackfillProgress(topicId: number, progress: BackfillProgress): Promise<void> {
    await this.pool.query('UPDATE topics SET backfill = $2 WHERE id = $1', [
      topicId,
      pgJson(progress),
    ]);
  }

  async scanMentions(afterId: number, limit: number): Promise<Mention[]> {
    const { rows } = await this.pool.query<PgMentionRow>(
      `SELECT ${PG_MENTION_COLUMNS} FROM mentions AS m WHERE m.id > $1 ORDER BY m.id LIMIT $2`,
      [afterId, limit],
    );
    return mentionsFromRows(this.pool, rows);
  }

  // ------------------------------------------------------------------ analytics

  private async frame(options: SeriesOptions) {
    return series.seriesFrame(options, async () => {
      const [bounds] = await this.rows<{ lo: number | null; hi: number | null }>(
        series.postgres.bounds(options.topicId),
      );
      return bounds ?? { lo: null, hi: null };
    });
  }

  async series(options: SeriesOptions): Promise<SeriesPoint[]> {
    const frame = await this.frame(options);
    if (!frame) return [];
    const rows = await this.rows<{ hour: number; sentiment: string; n: number }>(
      series.postgres.counts(frame),
    );
    return series.seriesPoints(frame, rows);
  }

  async sentimentShare(filter: MentionFilter): Promise<SentimentShare> {
    const rows = await this.rows<{ key: string; n: number }>(
      breakdown.postgres.counts('sentiment', filter, null),
    );
    const count = (sentiment: Sentiment) => rows.find((r) => r.key === sentiment)?.n ?? 0;
    const total = rows.reduce((sum, row) => sum + row.n, 0);
    return sentimentShareOf(
      total,
      { positive: count('positive'), neutral: count('neutral'), negative: count('negative') },
      await this.shareStatistics(filter),
    );
  }

  async shareStatistics(filter: MentionFilter): Promise<ShareStatistics> {
    return share.statisticsFromRows(
      await this.rows<share.ShareStatisticsRow>(share.postgres.statistics(filter, null)),
    );
  }

  async shareSeries(options: SeriesOptions): Promise<ShareSeriesPoint[]> {
    const frame = await this.frame(options);
    if (!frame) return [];
    const rows = await this.rows<share.ShareStatisticsRow & { hour: number }>(
      share.postgres.statistics(frame.bounded, frame),
    );
    return series.shareSeriesPoints(frame, rows);
  }

  async breakdown(by: Breakdown, filter: MentionFilter, limit = DEFAULT_ROWS): Promise<CountRow[]> {
    const rows = await this.rows<{ key: string | number; n: number; label: string | null }>(
      breakdown.postgres.counts(by, filter, limit),
    );
    const tag = by === 'province' || by === 'ward' || by === 'sector';
    return rows.map((row) => ({
      key: row.key === '' ? 'unknown' : String(row.key),
      label: tag ? tagLabel(by, String(row.key)) : (row.label ?? null),
      count: Number(row.n),
    }));
  }

  async topTerms(filter: MentionFilter, limit = DEFAULT_ROWS): Promise<TermRow[]> {
    return this.rows<TermRow>(terms.postgres.top(filter, limit));
  }

  // ------------------------------------------------------------------ drill-down

  async listMentions(options: ListMentionsOptions): Promise<MentionPage> {
    const limit = Math.min(
      Math.max(Math.trunc(options.limit ?? DEFAULT_LIST_LIMIT), 1),
      MAX_LIST_LIMIT,
    );
    const newest = (options.sort ?? 'newest') === 'newest';
    let check: ((doc: MatchDocument) => boolean) | null = null;
    let tsquery: string | null = null;
    const query = options.query?.trim();
    if (query) {
      const ast = parseQuery(query);
      const compiled = compileToTsQuery(ast);
      tsquery = compiled.tsquery;
      // The whole query, not only the residual: the matcher is the definition.
      if (compiled.residual !== null) check = compileMatcher(ast);
    }
    // Times bound whole seconds, as in SQLite: `from` inclusive, `to` exclusive.
    const base = postgresFilter(options, null);
    const conditions = [...base.conditions];
    const values = [...base.values];
    const bind = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    // A topic's mentions are ordered on its tags' index (same time, same id).
    const [time, id] =
      options.topicId === undefined ? ['m.sort_ms', 'm.id'] : ['t.sort_ms', 't.mention_id'];
    if (options.from !== undefined) {
      conditions.push(`${time} >= ${bind(Math.floor(timeMs(options.from, 'from') / 1000) * 1000)}`);
    }
    if (options.to !== undefined) {
      conditions.push(`${time} < ${bind(Math.floor(timeMs(options.to, 'to') / 1000) * 1000)}`);
    }
    if (tsquery !== null) conditions.push(`m.fts @@ ${bind(tsquery)}::tsquery`);
    let after = options.cursor === undefined ? null : decodeOrderCursor('c', options.cursor);
    const order = newest ? 'DESC' : 'ASC';
    const want = limit + 1;
    const accepted: PgMentionRow[] = [];
    let batch = check ? Math.max(want * 4, 200) : want;
    let examined = 0;
    let lastExamined: PgMentionRow | null = null;
    let exhausted = false;
    const sourceNames = check ? await this.sourceNames() : null;
    for (;;) {
      const where = [...conditions];
      const params = [...values];
      if (after !== null) {
        params.push(after.sortMs, after.id);
        where.push(
          `(${time}, ${id}) ${newest ? '<' : '>'} ($${params.length - 1}, $${params.length})`,
        );
      }
      params.push(batch);
      const { rows } = await this.pool.query<PgMentionRow>(
        `SELECT ${PG_MENTION_COLUMNS} FROM ${base.from}
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${time} ${order}, ${id} ${order} LIMIT $${params.length}`,
        params,
      );
      const mentions = check ? await mentionsFromRows(this.pool, rows) : null;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        examined++;
        lastExamined = row;
        if (check && mentions && sourceNames && !check(matchDocument(mentions[i]!, sourceNames))) {
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
      const last = rows[rows.length - 1]!;
      after = { sortMs: last.sort_ms, id: last.id };
      batch = Math.min(batch * 2, 5_000);
    }
    const page = accepted.slice(0, limit);
    let nextCursor: string | null = null;
    const cursorRow =
      accepted.length > limit ? page[page.length - 1]! : exhausted ? null : lastExamined;
    if (cursorRow) nextCursor = encodeOrderCursor('c', cursorRow.sort_ms, cursorRow.id);
    return { mentions: await mentionsFromRows(this.pool, page), nextCursor };
  }

  private async sourceNames(): Promise<Map<number, string>> {
    const { rows } = await this.pool.query<{ id: number; name: string }>(
      'SELECT id, coalesce(title, url) AS name FROM sources',
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  // ------------------------------------------------------------------ access

  async createApiToken(name: string, tokenHash: string): Promise<ApiToken> {
    const { rows } = await this.pool.query<TokenRow>(
      'INSERT INTO api_tokens (name, token_hash, created_at) VALUES ($1, $2, $3) RETURNING *',
      [name, tokenHash, new Date().toISOString()],
    );
    return tokenFromRow(rows[0]!);
  }

  async findApiTokenByHash(tokenHash: string): Promise<ApiToken | null> {
    const { rows } = await this.pool.query<TokenRow>(
      'SELECT * FROM api_tokens WHERE token_hash = $1',
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return null;
    const now = Date.now();
    if (
      row.revoked_at === null &&
      (row.last_used_at === null || now - Date.parse(row.last_used_at) >= TOKEN_TOUCH_MS)
    ) {
      row.last_used_at = new Date(now).toISOString();
      await this.pool.query('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [
        row.last_used_at,
        row.id,
      ]);
    }
    return tokenFromRow(row);
  }

  async listApiTokens(): Promise<ApiToken[]> {
    const { rows } = await this.pool.query<TokenRow>('SELECT * FROM api_tokens ORDER BY id');
    return rows.map(tokenFromRow);
  }

  async revokeApiToken(id: number): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
      [new Date().toISOString(), id],
    );
    return result.rowCount === 1;
  }

  async appendAudit(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    await this.usageLog.append(entry);
  }

  async listAudit(options: AuditListOptions = {}): Promise<AuditEntry[]> {
    return (await this.usageLog.list(options)).map((entry) => ({
      id: entry.id,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      detail: entry.detail,
      resultCount: entry.resultCount,
      unitId: entry.unitId,
    }));
  }
}

function matchDocument(mention: Mention, sourceNames: Map<number, string>): MatchDocument {
  return {
    title: mention.title,
    text: mention.text,
    sourceIds: mention.sourceIds,
    sourceNames: mention.sourceIds.flatMap((id) => sourceNames.get(id) ?? []),
    platform: mention.platform,
    lang: mention.analysis?.lang ?? mention.language,
    sentiment: mention.analysis?.sentiment ?? null,
    url: mention.canonicalUrl,
    places: placeCodesOf(mention.analysis?.places ?? []),
    sectors: (mention.analysis?.sectors ?? []).map((s) => s.sector),
  };
}
