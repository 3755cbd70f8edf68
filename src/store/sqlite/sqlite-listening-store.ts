// ListeningStore over the SQLite file of the main store: topics, tags, analytics from the
// trigger-kept roll-ups (listening-schema.ts), tokens and the audit log.
import type Database from 'better-sqlite3';
import type { ShareStatistics } from '../../analysis/quantify/index.js';
import type { Mention, Platform, Sentiment } from '../../model.js';
import { parseQuery } from '../../query/parse.js';
import * as breakdown from '../analytics/breakdown.js';
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
import { rollupCounts } from './analytics-sql.js';
import { GroupedRollups } from './grouped-rollups.js';
import { MentionLister } from './list-mentions.js';
import { MentionTagReader } from './mention-tag-reader.js';
import { ROLLUP_TABLES } from './rollup-levels-schema.js';
import { MENTION_COLUMNS, type MentionRow, mentionFromRow, sourceIdsByMention } from './rows.js';
import { SHARE_HOUR_TABLES } from './share-hours-schema.js';
import { SHARE_TABLES } from './share-statistics-schema.js';
import { tagLabel } from './sqlite-place-story-store.js';
import { type StatementCache, statementCache } from './statement-cache.js';
import { SqliteUsageLog } from './usage-log.js';

const DEFAULT_ROWS = 20;
const TOKEN_TOUCH_MS = 60_000;
const TOPICS_VERSION_KEY = 'topics_version';

interface TopicRow {
  id: number;
  name: string;
  query: string;
  description: string | null;
  langs: string | null;
  platforms: string | null;
  source_ids: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  backfill: string;
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

function jsonList<T>(json: string | null): T[] | null {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? (value as T[]) : null;
}

function listOrNull<T>(list: T[] | null | undefined): string | null {
  return list && list.length > 0 ? JSON.stringify(list) : null;
}

function topicFromRow(row: TopicRow): Topic {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    description: row.description,
    langs: jsonList<string>(row.langs),
    platforms: jsonList<Platform>(row.platforms),
    sourceIds: jsonList<number>(row.source_ids),
    status: row.status as TopicStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    backfill: { ...idleBackfill(), ...(JSON.parse(row.backfill) as Partial<BackfillProgress>) },
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

export class SqliteListeningStore implements ListeningStore {
  private readonly statement: StatementCache;
  private readonly lister: MentionLister;
  private readonly clearTags: (topicId: number) => void;
  private readonly rollups: GroupedRollups;

  private readonly usageLog: SqliteUsageLog;

  constructor(
    private readonly db: Database.Database,
    usageLogKey: Buffer | null = null,
  ) {
    this.usageLog = new SqliteUsageLog(db, usageLogKey);
    this.statement = statementCache(db);
    this.rollups = new GroupedRollups(db);
    this.lister = new MentionLister(this.statement);
    this.clearTags = (topicId) => {
      for (const table of [
        ...ROLLUP_TABLES,
        ...SHARE_TABLES,
        ...SHARE_HOUR_TABLES,
        'mention_topics',
      ]) {
        this.statement(`DELETE FROM ${table} WHERE topic_id = ?`).run(topicId);
      }
    };
  }

  private bumpTopicsVersion(): void {
    this.statement(
      `INSERT INTO settings (key, value) VALUES (?, '1')
       ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`,
    ).run(TOPICS_VERSION_KEY);
  }

  // ------------------------------------------------------------------ topics

  async createTopic(topic: NewTopic): Promise<Topic> {
    parseQuery(topic.query);
    const now = new Date().toISOString();
    const create = this.db.transaction(() => {
      const result = this.statement(
        `INSERT INTO topics (name, query, description, langs, platforms, source_ids, status,
           created_at, updated_at, backfill)
         VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
      ).run(
        validName(topic.name),
        topic.query,
        topic.description ?? null,
        listOrNull(topic.langs),
        listOrNull(topic.platforms),
        listOrNull(topic.sourceIds),
        now,
        now,
        JSON.stringify(idleBackfill()),
      );
      this.bumpTopicsVersion();
      return Number(result.lastInsertRowid);
    });
    const id = create.immediate();
    return (await this.getTopic(id))!;
  }

  async getTopic(id: number): Promise<Topic | null> {
    const row = this.statement('SELECT * FROM topics WHERE id = ?').get(id) as TopicRow | undefined;
    return row ? topicFromRow(row) : null;
  }

  async listTopics(): Promise<Topic[]> {
    return (this.statement('SELECT * FROM topics ORDER BY id').all() as TopicRow[]).map(
      topicFromRow,
    );
  }

  async updateTopic(id: number, update: TopicUpdate): Promise<Topic | null> {
    if (update.query !== undefined) parseQuery(update.query);
    const apply = this.db.transaction(() => {
      const row = this.statement('SELECT * FROM topics WHERE id = ?').get(id) as
        | TopicRow
        | undefined;
      if (!row) return false;
      const before = topicFromRow(row);
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
      if (matchingChanged) this.clearTags(id);
      this.statement(
        `UPDATE topics SET name = ?, query = ?, description = ?, langs = ?, platforms = ?,
           source_ids = ?, status = ?, updated_at = ?, backfill = ? WHERE id = ?`,
      ).run(
        after.name,
        after.query,
        after.description ?? null,
        listOrNull(after.langs),
        listOrNull(after.platforms),
        listOrNull(after.sourceIds),
        after.status,
        new Date().toISOString(),
        matchingChanged ? JSON.stringify(idleBackfill()) : row.backfill,
        id,
      );
      this.bumpTopicsVersion();
      return true;
    });
    return apply.immediate() ? this.getTopic(id) : null;
  }

  async deleteTopic(id: number): Promise<boolean> {
    const remove = this.db.transaction(() => {
      this.clearTags(id);
      const changes = this.statement('DELETE FROM topics WHERE id = ?').run(id).changes;
      if (changes > 0) this.bumpTopicsVersion();
      return changes > 0;
    });
    return remove.immediate();
  }

  async topicsVersion(): Promise<number> {
    const row = this.statement('SELECT value FROM settings WHERE key = ?').get(
      TOPICS_VERSION_KEY,
    ) as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  async tagMentions(topicId: number, mentionIds: number[]): Promise<number> {
    return this.tagPairs(mentionIds.map((mentionId) => [topicId, mentionId]));
  }

  async tagPairs(pairs: [topicId: number, mentionId: number][]): Promise<number> {
    if (pairs.length === 0) return 0;
    const tag = this.db.transaction(() => {
      const added = this.statement(
        `INSERT INTO mention_topics (topic_id, mention_id, sort_key)
         SELECT json_extract(p.value, '$[0]'), m.id, m.search_key
         FROM json_each(?) AS p JOIN mentions AS m ON m.id = json_extract(p.value, '$[1]')
         WHERE true
         ON CONFLICT DO NOTHING RETURNING topic_id, mention_id`,
      ).all(JSON.stringify(pairs)) as { topic_id: number; mention_id: number }[];
      if (added.length === 0) return 0;
      this.rollups.addPairs(JSON.stringify(added.map((r) => [r.topic_id, r.mention_id])));
      return added.length;
    });
    return tag.immediate();
  }

  async untagPairs(pairs: [topicId: number, mentionId: number][]): Promise<number> {
    if (pairs.length === 0) return 0;
    const untag = this.db.transaction(() => {
      const removed = this.statement(
        `DELETE FROM mention_topics WHERE (topic_id, mention_id) IN (
           SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))
         RETURNING topic_id, mention_id`,
      ).all(JSON.stringify(pairs)) as { topic_id: number; mention_id: number }[];
      if (removed.length === 0) return 0;
      this.rollups.removePairs(JSON.stringify(removed.map((r) => [r.topic_id, r.mention_id])));
      return removed.length;
    });
    return untag.immediate();
  }

  async clearTopicTags(topicId: number): Promise<void> {
    this.db.transaction(() => this.clearTags(topicId)).immediate();
  }

  async setBackfillProgress(topicId: number, progress: BackfillProgress): Promise<void> {
    this.statement('UPDATE topics SET backfill = ? WHERE id = ?').run(
      JSON.stringify(progress),
      topicId,
    );
  }

  async scanMentions(afterId: number, limit: number): Promise<Mention[]> {
    const rows = this.statement(
      `SELECT ${MENTION_COLUMNS} FROM mentions WHERE id > ? ORDER BY id LIMIT ?`,
    ).all(afterId, limit) as MentionRow[];
    if (rows.length === 0) return [];
    const links = this.statement(
      `SELECT mention_id, source_id FROM mention_sources WHERE mention_id BETWEEN ? AND ?
       ORDER BY mention_id, source_id`,
    ).all(rows[0]!.id, rows[rows.length - 1]!.id) as { mention_id: number; source_id: number }[];
    const sourceIds = sourceIdsByMention(links);
    const mentions = rows.map((row) => mentionFromRow(row, sourceIds.get(row.id) ?? []));
    new MentionTagReader(this.statement).attach(mentions);
    return mentions;
  }

  // ------------------------------------------------------------------ analytics

  /** The hours a series covers (open ends stop at the topic's data) and how to bucket them. */
  private seriesFrame(options: SeriesOptions) {
    return series.seriesFrame(options, async () => {
      const bounds = series.sqlite.bounds(options.topicId);
      return this.statement(bounds.sql).get(bounds.params) as {
        lo: number | null;
        hi: number | null;
      };
    });
  }

  async series(options: SeriesOptions): Promise<SeriesPoint[]> {
    const frame = await this.seriesFrame(options);
    if (!frame) return [];
    const counts = series.sqlite.counts(frame);
    const rows = (
      this.statement(counts.sql).all(counts.params) as (series.SqliteBucketRow & {
        sentiment: string;
        n: number;
      })[]
    ).map((row) => ({ hour: counts.hourOf(row), sentiment: row.sentiment, n: row.n }));
    return series.seriesPoints(frame, rows);
  }

  async sentimentShare(filter: MentionFilter): Promise<SentimentShare> {
    const counts = rollupCounts(filter, ['sentiment']);
    const rows = this.statement(counts.sql).all(counts.params) as {
      sentiment: string;
      n: number;
    }[];
    const count = (sentiment: Sentiment) => rows.find((r) => r.sentiment === sentiment)?.n ?? 0;
    const total = rows.reduce((sum, row) => sum + row.n, 0);
    const classified = {
      positive: count('positive'),
      neutral: count('neutral'),
      negative: count('negative'),
    };
    return sentimentShareOf(total, classified, await this.shareStatistics(filter));
  }

  async shareStatistics(filter: MentionFilter): Promise<ShareStatistics> {
    const part = share.sqlite.statistics(filter);
    return share.statisticsFromRows(
      this.statement(part.sql).all(part.params) as share.ShareStatisticsRow[],
    );
  }

  async shareSeries(options: SeriesOptions): Promise<ShareSeriesPoint[]> {
    const frame = await this.seriesFrame(options);
    if (!frame) return [];
    const part = series.sqlite.shareStatistics(frame);
    const rows = (this.statement(part.sql).all(part.params) as share.ShareStatisticsRow[]).map(
      (row) => Object.assign(row, { hour: part.hourOf({ bucket: row.bucket ?? 0 }) }),
    );
    return series.shareSeriesPoints(frame, rows);
  }

  async breakdown(by: Breakdown, filter: MentionFilter, limit = DEFAULT_ROWS): Promise<CountRow[]> {
    const counts = breakdown.sqlite.counts(by, filter, limit);
    const rows = this.statement(counts.sql).all(counts.params) as {
      key: string | number;
      n: number;
    }[];
    const titles =
      by === 'source'
        ? new Map(
            (
              this.statement(
                `SELECT id, coalesce(title, url) AS label FROM sources
                 WHERE id IN (SELECT value FROM json_each(?))`,
              ).all(JSON.stringify(rows.map((r) => r.key))) as { id: number; label: string }[]
            ).map((r) => [r.id, r.label]),
          )
        : null;
    return rows.map((row) => ({
      key: row.key === '' ? 'unknown' : String(row.key),
      label: titles
        ? (titles.get(Number(row.key)) ?? null)
        : by === 'province' || by === 'ward' || by === 'sector'
          ? tagLabel(by, String(row.key))
          : null,
      count: row.n,
    }));
  }

  async topTerms(filter: MentionFilter, limit = DEFAULT_ROWS): Promise<TermRow[]> {
    const top = terms.sqlite.top(filter, limit);
    return this.statement(top.sql).all(top.params) as TermRow[];
  }

  async listMentions(options: ListMentionsOptions): Promise<MentionPage> {
    return this.lister.list(options);
  }

  // ------------------------------------------------------------------ access

  async createApiToken(name: string, tokenHash: string): Promise<ApiToken> {
    const result = this.statement(
      'INSERT INTO api_tokens (name, token_hash, created_at) VALUES (?, ?, ?)',
    ).run(name, tokenHash, new Date().toISOString());
    return tokenFromRow(
      this.statement('SELECT * FROM api_tokens WHERE id = ?').get(
        Number(result.lastInsertRowid),
      ) as TokenRow,
    );
  }

  async findApiTokenByHash(tokenHash: string): Promise<ApiToken | null> {
    const row = this.statement('SELECT * FROM api_tokens WHERE token_hash = ?').get(tokenHash) as
      | TokenRow
      | undefined;
    if (!row) return null;
    const now = Date.now();
    if (
      row.revoked_at === null &&
      (row.last_used_at === null || now - Date.parse(row.last_used_at) >= TOKEN_TOUCH_MS)
    ) {
      row.last_used_at = new Date(now).toISOString();
      this.statement('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(
        row.last_used_at,
        row.id,
      );
    }
    return tokenFromRow(row);
  }

  async listApiTokens(): Promise<ApiToken[]> {
    return (this.statement('SELECT * FROM api_tokens ORDER BY id').all() as TokenRow[]).map(
      tokenFromRow,
    );
  }

  async revokeApiToken(id: number): Promise<boolean> {
    return (
      this.statement(
        'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      ).run(new Date().toISOString(), id).changes === 1
    );
  }

  async appendAudit(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    this.usageLog.append(entry);
  }

  async appendAudits(entries: readonly Omit<AuditEntry, 'id' | 'at'>[]): Promise<void> {
    this.usageLog.appendMany(entries);
  }

  async listAudit(options: AuditListOptions = {}): Promise<AuditEntry[]> {
    return this.usageLog.list(options).map((entry) => ({
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

const LISTENING_METHODS = [
  'createTopic',
  'getTopic',
  'listTopics',
  'updateTopic',
  'deleteTopic',
  'topicsVersion',
  'tagMentions',
  'tagPairs',
  'untagPairs',
  'clearTopicTags',
  'setBackfillProgress',
  'scanMentions',
  'series',
  'sentimentShare',
  'shareStatistics',
  'shareSeries',
  'breakdown',
  'topTerms',
  'listMentions',
  'createApiToken',
  'findApiTokenByHash',
  'listApiTokens',
  'revokeApiToken',
  'appendAudit',
  'appendAudits',
  'listAudit',
] as const satisfies readonly (keyof ListeningStore)[];

/** The ListeningStore methods over `db`, bound, to put beside a Store's on one object. */
export function listeningMethods(
  db: Database.Database,
  usageLogKey: Buffer | null = null,
): ListeningStore {
  const store = new SqliteListeningStore(db, usageLogKey);
  const methods: Partial<Record<keyof ListeningStore, unknown>> = {};
  for (const name of LISTENING_METHODS) methods[name] = store[name].bind(store);
  return methods as ListeningStore;
}
