// Writes a batch of mentions in a few statements instead of several per mention: one read of
// every stored row the batch can touch (the mentions themselves, the parents and roots they
// name, and stored replies waiting for them), the batch worked through in memory with exactly
// the rules of PgMentionWriter (mention-writer.ts) in input order, then one insert of the new
// rows, one update of the waiting replies it linked, one insert of snapshots and one of source
// links. Edits of mentions stored before the batch are still written one by one (they are
// few). When another writer stores one of the new mentions first, the insert comes back short
// and the batch throws BatchRaceError: the caller rolls back and writes it with
// PgMentionWriter, which reads the winner's row.
import type pg from 'pg';
import type { Engagement, MentionInput } from '../../model.js';
import {
  MENTION_ANALYSIS_COLUMNS,
  MENTION_COLLECTED_COLUMNS,
  MENTION_SHARE_COLUMNS,
} from '../mention-columns.js';
import { shareColumnValues } from '../sqlite/share-statistics-schema.js';
import type { SaveMentionsResult, SaveStatus } from '../store.js';
import { tsvectorText } from './full-text.js';
import { PgMentionWriter, pgJson, pgText, type TextBefore } from './mention-writer.js';

const COUNTS = ['likes', 'comments', 'shares', 'views'] as const;
type Counts = Partial<Record<(typeof COUNTS)[number], number>>;

export class BatchRaceError extends Error {
  override name = 'BatchRaceError';
}

/** A mention as the batch sees it: stored before, or new in this batch (`row` set). */
interface Known {
  id: number;
  platform: string;
  external_id: string;
  canonical_url: string | null;
  text: string;
  title: string | null;
  html: string | null;
  published_at: string | null;
  updated_at: string | null;
  deleted_at: string | null;
  engagement: Engagement;
  parent_id: number | null;
  parent_external_id: string | null;
  thread_root_id: number | null;
  thread_root_external_id: string | null;
  /** The row to insert, for a mention new in this batch. */
  row?: Record<string, unknown>;
  /** A stored reply whose parent or root this batch linked. */
  linked?: boolean;
  /** Stored before, with counts this batch moved. */
  counted?: boolean;
}

const KNOWN_COLUMNS = `id, platform, external_id, canonical_url, text, title, html, published_at,
  updated_at, deleted_at, engagement, parent_id, parent_external_id, thread_root_id,
  thread_root_external_id`;

const key = (platform: string, externalId: string) => `${platform}\u0000${externalId}`;

function timestampMs(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

function reported(engagement: Engagement): Counts {
  const counts: Counts = {};
  for (const name of COUNTS) {
    const value = engagement[name];
    if (typeof value === 'number' && Number.isFinite(value)) counts[name] = value;
  }
  return counts;
}

function isEdit(stored: Known, input: MentionInput): boolean {
  if (!input.updatedAt) return false;
  const edited = timestampMs(input.updatedAt);
  const before = stored.updated_at ?? stored.published_at;
  if (before !== null) {
    const was = timestampMs(before);
    if (edited === null || (was !== null && edited <= was)) return false;
  }
  return (
    pgText(input.text) !== stored.text ||
    pgText(input.title) !== stored.title ||
    pgText(input.html ?? null) !== stored.html
  );
}

function analysisColumns(input: MentionInput, deleted: boolean): Record<string, unknown> {
  const analysis = input.analysis;
  const share = shareColumnValues(analysis);
  return {
    lang: analysis?.lang ?? null,
    sentiment: analysis?.sentiment ?? null,
    sentiment_confidence: analysis?.sentimentConfidence ?? null,
    keywords: analysis ? (deleted ? [] : analysis.keywords) : null,
    prob_negative: share.probNegative,
    prob_neutral: share.probNeutral,
    prob_positive: share.probPositive,
    share_group: share.shareGroup,
    share_cell: share.shareCell,
  };
}

const INSERT_COLUMNS = [
  ...MENTION_COLLECTED_COLUMNS,
  'sort_ms',
  'fts',
  ...MENTION_ANALYSIS_COLUMNS,
  ...MENTION_SHARE_COLUMNS,
].join(', ');

export class PgBatchWriter {
  private readonly byKey = new Map<string, Known>();
  private readonly byUrl = new Map<string, Known>();
  /** Mentions (stored or new) waiting for a parent or root by external id, not yet linked. */
  private readonly waitingParent = new Map<string, Set<Known>>();
  private readonly waitingRoot = new Map<string, Set<Known>>();
  private readonly snapshots = new Map<string, unknown[]>();
  /** Writes the edits of mentions stored before the batch, one by one. */
  private readonly edited: PgMentionWriter;

  constructor(private readonly client: pg.PoolClient) {
    this.edited = new PgMentionWriter(client);
  }

  /** The text each mention stored before the batch had before the batch edited it. */
  get before(): ReadonlyMap<number, TextBefore> {
    return this.edited.before;
  }

  async save(sourceId: number | null, mentions: MentionInput[]): Promise<SaveMentionsResult> {
    await this.prefetch(mentions);
    const ids = await this.newIds(mentions);
    let nextNew = 0;
    const seenAt = new Date().toISOString();
    const result: number[] = [];
    const statuses: SaveStatus[] = [];
    const fresh: Known[] = [];
    const firstSeen = new Set<number>();
    const edited = this.edited;
    let inserted = 0;
    let updated = 0;
    for (const input of mentions) {
      const stored = this.find(input);
      if (stored === undefined) {
        const known = this.insert(ids[nextNew++]!, input);
        fresh.push(known);
        firstSeen.add(known.id);
        this.snapshot(known.id, input.collectedAt, reported(input.engagement));
        result.push(known.id);
        statuses.push('new');
        inserted++;
        continue;
      }
      let status: SaveStatus = firstSeen.has(stored.id) ? 'new' : 'unchanged';
      if (stored.row) {
        this.editNew(stored, input);
      } else if (await this.editStored(edited, stored, input)) {
        status = 'updated';
        updated++;
      }
      this.engagement(stored, input);
      result.push(stored.id);
      statuses.push(status);
    }
    await this.write(fresh, sourceId, result, seenAt);
    return { inserted, existing: mentions.length - inserted, updated, ids: result, statuses };
  }

  /** Every stored row the batch may read or link, in two queries. */
  private async prefetch(mentions: MentionInput[]): Promise<void> {
    const platforms: string[] = [];
    const externals: string[] = [];
    const urls: string[] = [];
    for (const input of mentions) {
      for (const external of [
        input.externalId,
        input.parentExternalId,
        input.threadRootExternalId,
      ]) {
        if (!external) continue;
        platforms.push(input.platform);
        externals.push(pgText(external));
      }
      if (input.canonicalUrl !== null) urls.push(pgText(input.canonicalUrl));
    }
    const { rows } = await this.client.query<Known>(
      `SELECT ${KNOWN_COLUMNS} FROM mentions
       WHERE (platform, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
          OR canonical_url = ANY($3::text[])`,
      [platforms, externals, urls],
    );
    for (const row of rows) this.remember(row);
    // Two index reads (mentions_parent_wait, mentions_thread_wait), not one OR over the table.
    const own = mentions.map((m) => pgText(m.externalId));
    const waiting = await this.client.query<Known>(
      `SELECT ${KNOWN_COLUMNS} FROM mentions
       WHERE parent_id IS NULL AND parent_external_id IS NOT NULL
         AND (platform, parent_external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       UNION ALL
       SELECT ${KNOWN_COLUMNS} FROM mentions
       WHERE thread_root_id IS NULL AND thread_root_external_id IS NOT NULL
         AND (platform, thread_root_external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [mentions.map((m) => m.platform), own],
    );
    for (const row of waiting.rows) this.remember(row);
  }

  private remember(row: Known): void {
    const k = key(row.platform, row.external_id);
    const known = this.byKey.get(k) ?? row;
    this.byKey.set(k, known);
    if (known.canonical_url !== null) this.byUrl.set(known.canonical_url, known);
    this.track(known);
  }

  /** Indexes a mention under the parent and root it still waits for. */
  private track(known: Known): void {
    if (known.parent_id === null && known.parent_external_id !== null) {
      const k = key(known.platform, known.parent_external_id);
      const set = this.waitingParent.get(k) ?? new Set();
      set.add(known);
      this.waitingParent.set(k, set);
    }
    if (known.thread_root_id === null && known.thread_root_external_id !== null) {
      const k = key(known.platform, known.thread_root_external_id);
      const set = this.waitingRoot.get(k) ?? new Set();
      set.add(known);
      this.waitingRoot.set(k, set);
    }
  }

  private find(input: MentionInput): Known | undefined {
    return (
      this.byKey.get(key(input.platform, pgText(input.externalId))) ??
      (input.canonicalUrl === null ? undefined : this.byUrl.get(pgText(input.canonicalUrl)))
    );
  }

  /** Ids for the new mentions, in input order, from the store's sequence. */
  private async newIds(mentions: MentionInput[]): Promise<number[]> {
    const seen = new Set<string>();
    const urls = new Set<string>();
    let count = 0;
    for (const input of mentions) {
      const k = key(input.platform, pgText(input.externalId));
      const url = input.canonicalUrl === null ? null : pgText(input.canonicalUrl);
      if (
        this.byKey.has(k) ||
        seen.has(k) ||
        (url !== null && (this.byUrl.has(url) || urls.has(url)))
      ) {
        continue;
      }
      seen.add(k);
      if (url !== null) urls.add(url);
      count++;
    }
    if (count === 0) return [];
    const { rows } = await this.client.query<{ id: number }>(
      // next_mention_id(): ids held uncommitted are seen by the story assigner (story-waiting.ts).
      'SELECT next_mention_id() AS id FROM generate_series(1, $1) ORDER BY 1',
      [count],
    );
    return rows.map((row) => row.id);
  }

  /** A new mention: its row, its thread, and the waiting replies it links. */
  private insert(id: number, input: MentionInput): Known {
    const externalId = pgText(input.externalId);
    const parentExternal =
      input.parentExternalId === input.externalId || input.parentExternalId === null
        ? null
        : pgText(input.parentExternalId);
    const parent =
      parentExternal === null ? undefined : this.byKey.get(key(input.platform, parentExternal));
    let rootId: number | null = null;
    let rootExternal: string | null = null;
    const named = input.threadRootExternalId ? pgText(input.threadRootExternalId) : null;
    if (named && named !== externalId) {
      rootId = this.byKey.get(key(input.platform, named))?.id ?? null;
      rootExternal = named;
    } else if (parentExternal !== null) {
      if (parent === undefined) rootExternal = parentExternal;
      else if (parent.thread_root_external_id === null) {
        rootId = parent.id;
        rootExternal = parent.external_id;
      } else {
        rootId = parent.thread_root_id;
        rootExternal = parent.thread_root_external_id;
      }
    }
    const deleted = input.deleted === true;
    const author = input.author;
    const title = deleted ? null : pgText(input.title);
    const text = deleted ? '' : pgText(input.text);
    const known: Known = {
      id,
      platform: input.platform,
      external_id: externalId,
      canonical_url: input.canonicalUrl === null ? null : pgText(input.canonicalUrl),
      text,
      title,
      html: deleted ? null : pgText(input.html),
      published_at: input.publishedAt,
      updated_at: input.updatedAt ?? null,
      deleted_at: deleted ? input.collectedAt : null,
      engagement: { ...input.engagement },
      parent_id: parent?.id ?? null,
      parent_external_id: parentExternal,
      thread_root_id: rootId,
      thread_root_external_id: rootExternal,
    };
    known.row = {
      author_key: author?.key ?? null,
      author_name: author === null || author.kind === 'person' ? null : pgText(author.displayName),
      author_kind: author?.kind ?? null,
      collected_at: input.collectedAt,
      language: input.language,
      categories: input.categories,
      raw: deleted || input.raw === undefined ? null : pgText(JSON.stringify(input.raw)),
      sort_ms: timestampMs(input.publishedAt) ?? timestampMs(input.collectedAt) ?? Date.now(),
      ...analysisColumns(input, deleted),
    };
    this.byKey.set(key(known.platform, externalId), known);
    if (known.canonical_url !== null && !this.byUrl.has(known.canonical_url)) {
      this.byUrl.set(known.canonical_url, known);
    }
    this.track(known);
    // Replies waiting for this one as their parent now have it.
    const k = key(known.platform, externalId);
    for (const child of this.waitingParent.get(k) ?? []) {
      child.parent_id = id;
      child.linked = true;
    }
    this.waitingParent.delete(k);
    // Mentions waiting for this one as their root join its thread: this one when it starts a
    // thread, else the root it names (still waiting while that is not stored).
    const [joinId, joinExternal] =
      rootExternal === null ? [id, externalId] : [rootId, rootExternal];
    const waiting = this.waitingRoot.get(k);
    this.waitingRoot.delete(k);
    for (const member of waiting ?? []) {
      member.thread_root_id = joinId;
      member.thread_root_external_id = joinExternal;
      member.linked = true;
      this.track(member);
    }
    return known;
  }

  /** A later copy of a mention new in this batch: applied to the row before it is written. */
  private editNew(known: Known, input: MentionInput): void {
    if (known.deleted_at !== null) return;
    const row = known.row!;
    if (input.deleted) {
      Object.assign(known, { title: null, text: '', html: null, deleted_at: input.collectedAt });
      row.raw = null;
      if (row.keywords !== null) row.keywords = [];
      return;
    }
    if (!isEdit(known, input)) return;
    Object.assign(known, {
      title: pgText(input.title),
      text: pgText(input.text),
      html: pgText(input.html),
      updated_at: input.updatedAt ?? null,
    });
    row.categories = input.categories;
    row.language = input.language ?? row.language;
    row.raw = input.raw === undefined ? null : pgText(JSON.stringify(input.raw));
    if (input.analysis !== null) Object.assign(row, analysisColumns(input, false));
  }

  /** An edit or deletion of a mention stored before the batch; true when it changed. */
  private async editStored(
    writer: PgMentionWriter,
    known: Known,
    input: MentionInput,
  ): Promise<boolean> {
    if (known.deleted_at !== null) return false;
    if (!input.deleted && !isEdit(known, input)) return false;
    await writer.applyContent(known, input);
    if (input.deleted) {
      Object.assign(known, { title: null, text: '', html: null, deleted_at: input.collectedAt });
    } else {
      Object.assign(known, {
        title: pgText(input.title),
        text: pgText(input.text),
        html: pgText(input.html),
        updated_at: input.updatedAt ?? null,
      });
    }
    return true;
  }

  /** Keeps the latest counts and a snapshot when a reported count moved. */
  private engagement(known: Known, input: MentionInput): void {
    const counts = reported(input.engagement);
    const current = known.engagement ?? {};
    if (!COUNTS.some((name) => counts[name] !== undefined && counts[name] !== current[name])) {
      return;
    }
    known.engagement = { ...current, ...counts };
    if (!known.row) known.counted = true;
    this.snapshot(known.id, input.collectedAt, counts);
  }

  private snapshot(id: number, at: string, counts: Counts): void {
    if (Object.keys(counts).length === 0) return;
    // The last observation of one instant wins, as ON CONFLICT DO UPDATE would have it.
    this.snapshots.set(`${id}\u0000${at}`, [
      id,
      at,
      counts.likes ?? null,
      counts.comments ?? null,
      counts.shares ?? null,
      counts.views ?? null,
    ]);
  }

  private async write(
    fresh: Known[],
    sourceId: number | null,
    ids: number[],
    seenAt: string,
  ): Promise<void> {
    const c = this.client;
    if (fresh.length > 0) {
      const rows = fresh.map((known) => ({
        ...known.row,
        id: known.id,
        platform: known.platform,
        external_id: known.external_id,
        canonical_url: known.canonical_url,
        published_at: known.published_at,
        title: known.title,
        text: known.text,
        html: known.html,
        engagement: known.engagement,
        parent_id: known.parent_id,
        parent_external_id: known.parent_external_id,
        thread_root_id: known.thread_root_id,
        thread_root_external_id: known.thread_root_external_id,
        updated_at: known.updated_at,
        deleted_at: known.deleted_at,
        fts: tsvectorText(known.title, known.text),
      }));
      const result = await c.query(
        `INSERT INTO mentions (${INSERT_COLUMNS})
         SELECT ${INSERT_COLUMNS} FROM jsonb_populate_recordset(NULL::mentions, $1::jsonb)
         ON CONFLICT DO NOTHING`,
        [pgJson(rows)],
      );
      if (result.rowCount !== fresh.length) {
        throw new BatchRaceError('another writer stored some of these mentions first');
      }
    }
    // Only what this batch changed is written: a link another writer made meanwhile stays.
    const changed = [...new Set(this.byKey.values())].filter(
      (known) => !known.row && (known.linked || known.counted),
    );
    if (changed.length > 0) {
      await c.query(
        `UPDATE mentions AS m SET parent_id = coalesce(m.parent_id, u.parent_id),
           thread_root_external_id = CASE WHEN m.thread_root_id IS NULL AND u.linked
             THEN u.root_external ELSE m.thread_root_external_id END,
           thread_root_id = coalesce(m.thread_root_id, u.root_id),
           engagement = coalesce(u.engagement, m.engagement)
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::jsonb[],
           $6::boolean[]) AS u (id, parent_id, root_id, root_external, engagement, linked)
         WHERE m.id = u.id`,
        [
          changed.map((k) => k.id),
          changed.map((k) => (k.linked ? k.parent_id : null)),
          changed.map((k) => (k.linked ? k.thread_root_id : null)),
          changed.map((k) => k.thread_root_external_id),
          changed.map((k) => (k.counted ? pgJson(k.engagement) : null)),
          changed.map((k) => k.linked === true),
        ],
      );
    }
    if (this.snapshots.size > 0) {
      const list = [...this.snapshots.values()];
      await c.query(
        `INSERT INTO engagement_snapshots (mention_id, observed_at, likes, comments, shares, views)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::float8[], $5::float8[],
           $6::float8[])
         ON CONFLICT (mention_id, observed_at) DO UPDATE SET likes = excluded.likes,
           comments = excluded.comments, shares = excluded.shares, views = excluded.views`,
        [0, 1, 2, 3, 4, 5].map((i) => list.map((values) => values[i])),
      );
    }
    if (sourceId !== null && ids.length > 0) {
      const unique = [...new Set(ids)];
      await c.query(
        `INSERT INTO mention_sources (mention_id, source_id, first_seen_at)
         SELECT id, $2, $3 FROM unnest($1::bigint[]) AS u (id) ON CONFLICT DO NOTHING`,
        [unique, sourceId, seenAt],
      );
      await c.query(
        `UPDATE mentions SET source_key = $2
         WHERE id = ANY($1::bigint[]) AND (source_key = 0 OR source_key > $2)`,
        [unique, sourceId],
      );
    }
  }
}
