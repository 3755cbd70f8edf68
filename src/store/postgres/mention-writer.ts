// Writes a batch of mentions inside the caller's transaction, with the rules of the SQLite
// writer (src/store/sqlite/mention-writer.ts): new ones are inserted and linked into their
// threads, stored ones take a later-dated edit or a deletion, moved counts become an engagement
// snapshot, and every mention is linked to the source it came through. Several workers may
// write at once: an insert that loses a race on (platform, external id) or canonical URL reads
// the winner's row and goes on as with any mention already stored.
import type pg from 'pg';
import type { Engagement, MentionInput } from '../../model.js';
import { shareColumnValues } from '../sqlite/share-statistics-schema.js';
import type { SaveMentionsResult, SaveStatus } from '../store.js';
import { tsvectorText } from './full-text.js';

const COUNTS = ['likes', 'comments', 'shares', 'views'] as const;
type Counts = Partial<Record<(typeof COUNTS)[number], number>>;

interface StoredRow {
  id: number;
  external_id: string;
  text: string;
  title: string | null;
  html: string | null;
  published_at: string | null;
  updated_at: string | null;
  deleted_at: string | null;
  engagement: Engagement;
  thread_root_id: number | null;
  thread_root_external_id: string | null;
}

const STORED_COLUMNS = `id, external_id, text, title, html, published_at, updated_at, deleted_at,
  engagement, thread_root_id, thread_root_external_id`;

/** PostgreSQL text cannot hold NUL characters; they carry nothing readable. */
export function pgText<T extends string | null>(value: T): T {
  return (value === null ? null : value.replaceAll('\u0000', '')) as T;
}

/** JSON for a jsonb column, which refuses the \u0000 escape. */
export function pgJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('\\u0000', '');
}

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

function isLater(a: string, b: string | null): boolean {
  if (b === null) return true;
  const ta = timestampMs(a);
  const tb = timestampMs(b);
  return ta !== null && (tb === null || ta > tb);
}

/** Same rule as SQLite: a later-dated copy whose text, title or html differ. */
function isEdit(stored: StoredRow, input: MentionInput): boolean {
  if (!input.updatedAt || !isLater(input.updatedAt, stored.updated_at ?? stored.published_at)) {
    return false;
  }
  return (
    pgText(input.text) !== stored.text ||
    pgText(input.title) !== stored.title ||
    pgText(input.html ?? null) !== stored.html
  );
}

function analysisValues(input: MentionInput, deleted: boolean) {
  const analysis = input.analysis;
  const share = shareColumnValues(analysis);
  return [
    analysis?.lang ?? null,
    analysis?.sentiment ?? null,
    analysis?.sentimentConfidence ?? null,
    analysis ? pgJson(deleted ? [] : analysis.keywords) : null,
    share.probNegative,
    share.probNeutral,
    share.probPositive,
    share.shareGroup,
    share.shareCell,
  ];
}

/** A mention's title and text as they were before a batch edited them. */
export interface TextBefore {
  title: string | null;
  text: string;
}

export class PgMentionWriter {
  /** The text each mention this writer edited had before its first edit. */
  readonly before = new Map<number, TextBefore>();

  constructor(private readonly client: pg.PoolClient) {}

  private async one(sql: string, values: unknown[]): Promise<StoredRow | undefined> {
    return (await this.client.query<StoredRow>(sql, values)).rows[0];
  }

  private async stored(input: MentionInput): Promise<StoredRow | undefined> {
    return (
      (await this.one(
        `SELECT ${STORED_COLUMNS} FROM mentions WHERE platform = $1 AND external_id = $2`,
        [input.platform, input.externalId],
      )) ??
      (input.canonicalUrl === null
        ? undefined
        : await this.one(`SELECT ${STORED_COLUMNS} FROM mentions WHERE canonical_url = $1`, [
            input.canonicalUrl,
          ]))
    );
  }

  async save(sourceId: number | null, mentions: MentionInput[]): Promise<SaveMentionsResult> {
    const seenAt = new Date().toISOString();
    const ids: number[] = [];
    const statuses: SaveStatus[] = [];
    const firstSeen = new Set<number>();
    let inserted = 0;
    let updated = 0;
    for (const input of mentions) {
      let stored = await this.stored(input);
      let id: number;
      let status: SaveStatus;
      const insertedId = stored === undefined ? await this.insert(input) : null;
      if (insertedId !== null) {
        id = insertedId;
        firstSeen.add(id);
        await this.snapshot(id, input.collectedAt, reported(input.engagement));
        status = 'new';
        inserted++;
      } else {
        // Stored before, or by another writer between the look-up and the insert.
        stored ??= await this.stored(input);
        if (stored === undefined)
          throw new Error(`mention vanished while saving: ${input.externalId}`);
        id = stored.id;
        status = firstSeen.has(id) ? 'new' : 'unchanged';
        if ((await this.applyContent(stored, input)) && !firstSeen.has(id)) {
          status = 'updated';
          updated++;
        }
        await this.applyEngagement(stored, input);
      }
      if (sourceId !== null) {
        await this.client.query(
          `WITH linked AS (
             INSERT INTO mention_sources (mention_id, source_id, first_seen_at) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING mention_id)
           UPDATE mentions SET source_key = $2
           WHERE id = $1 AND (source_key = 0 OR source_key > $2) AND EXISTS (SELECT 1 FROM linked)`,
          [id, sourceId, seenAt],
        );
      }
      ids.push(id);
      statuses.push(status);
    }
    return { inserted, existing: mentions.length - inserted, updated, ids, statuses };
  }

  /** Inserts a new mention and links its thread; null when another writer stored it first. */
  private async insert(input: MentionInput): Promise<number | null> {
    const parentExternal =
      input.parentExternalId === input.externalId ? null : input.parentExternalId;
    const parent =
      parentExternal === null
        ? undefined
        : await this.one(
            `SELECT ${STORED_COLUMNS} FROM mentions WHERE platform = $1 AND external_id = $2`,
            [input.platform, parentExternal],
          );
    const thread = await this.threadOf(input, parentExternal, parent);
    const deleted = input.deleted === true;
    const author = input.author;
    const sortMs = timestampMs(input.publishedAt) ?? timestampMs(input.collectedAt) ?? Date.now();
    const title = deleted ? null : pgText(input.title);
    const text = deleted ? '' : pgText(input.text);
    const result = await this.client.query<{ id: number }>(
      `INSERT INTO mentions (platform, external_id, canonical_url, author_key, author_name,
         author_kind, published_at, collected_at, language, title, text, html, categories,
         engagement, parent_id, parent_external_id, thread_root_id, thread_root_external_id,
         updated_at, deleted_at, raw, sort_ms, fts, lang, sentiment, sentiment_confidence,
         keywords, prob_negative, prob_neutral, prob_positive, share_group, share_cell)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
         $19, $20, $21, $22, $23::tsvector, $24, $25, $26, $27, $28, $29, $30, $31, $32)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        input.platform,
        pgText(input.externalId),
        input.canonicalUrl === null ? null : pgText(input.canonicalUrl),
        author?.key ?? null,
        author === null || author.kind === 'person' ? null : pgText(author.displayName),
        author?.kind ?? null,
        input.publishedAt,
        input.collectedAt,
        input.language,
        title,
        text,
        deleted ? null : pgText(input.html),
        pgJson(input.categories),
        pgJson(input.engagement),
        parent?.id ?? null,
        parentExternal,
        thread.rootId,
        thread.rootExternalId,
        input.updatedAt ?? null,
        deleted ? input.collectedAt : null,
        deleted || input.raw === undefined ? null : pgText(JSON.stringify(input.raw)),
        sortMs,
        tsvectorText(title, text),
        ...analysisValues(input, deleted),
      ],
    );
    const id = result.rows[0]?.id;
    if (id === undefined) return null;
    await this.client.query(
      `UPDATE mentions SET parent_id = $1
       WHERE platform = $2 AND parent_external_id = $3 AND parent_id IS NULL`,
      [id, input.platform, input.externalId],
    );
    // Mentions waiting for this one as their root join its thread: this one when it starts a
    // thread, else the root it names (still waiting while that is not stored).
    const [rootId, rootExternal] =
      thread.rootExternalId === null
        ? [id, input.externalId]
        : [thread.rootId, thread.rootExternalId];
    await this.client.query(
      `UPDATE mentions SET thread_root_id = $1, thread_root_external_id = $2
       WHERE platform = $3 AND thread_root_external_id = $4 AND thread_root_id IS NULL`,
      [rootId, rootExternal, input.platform, input.externalId],
    );
    return id;
  }

  private async threadOf(
    input: MentionInput,
    parentExternal: string | null,
    parent: StoredRow | undefined,
  ): Promise<{ rootId: number | null; rootExternalId: string | null }> {
    const named = input.threadRootExternalId;
    if (named && named !== input.externalId) {
      const root = await this.one(
        'SELECT id FROM mentions WHERE platform = $1 AND external_id = $2',
        [input.platform, named],
      );
      return { rootId: root?.id ?? null, rootExternalId: named };
    }
    if (parentExternal === null) return { rootId: null, rootExternalId: null };
    if (parent === undefined) return { rootId: null, rootExternalId: parentExternal };
    if (parent.thread_root_external_id === null) {
      return { rootId: parent.id, rootExternalId: parent.external_id };
    }
    return { rootId: parent.thread_root_id, rootExternalId: parent.thread_root_external_id };
  }

  /** Applies an edit or a deletion; true when the content changed. */
  async applyContent(stored: StoredRow, input: MentionInput): Promise<boolean> {
    if (stored.deleted_at !== null) return false;
    if (input.deleted) {
      // Keywords are words of the text and go with it; language and sentiment stay.
      await this.client.query(
        `UPDATE mentions SET title = NULL, text = '', html = NULL, raw = NULL, deleted_at = $1,
           keywords = CASE WHEN keywords IS NULL THEN NULL ELSE '[]'::jsonb END, fts = ''::tsvector
         WHERE id = $2`,
        [input.collectedAt, stored.id],
      );
      return true;
    }
    if (!isEdit(stored, input)) return false;
    if (!this.before.has(stored.id)) {
      this.before.set(stored.id, { title: stored.title, text: stored.text });
    }
    const analysed = input.analysis !== null;
    const title = pgText(input.title);
    const text = pgText(input.text);
    await this.client.query(
      `UPDATE mentions SET title = $2, text = $3, html = $4, categories = $5,
         language = coalesce($6, language), raw = $7, updated_at = $8, fts = $9::tsvector,
         lang = CASE WHEN $10 THEN $11 ELSE lang END,
         sentiment = CASE WHEN $10 THEN $12 ELSE sentiment END,
         sentiment_confidence = CASE WHEN $10 THEN $13::double precision ELSE sentiment_confidence END,
         keywords = CASE WHEN $10 THEN $14::jsonb ELSE keywords END,
         prob_negative = CASE WHEN $10 THEN $15::double precision ELSE prob_negative END,
         prob_neutral = CASE WHEN $10 THEN $16::double precision ELSE prob_neutral END,
         prob_positive = CASE WHEN $10 THEN $17::double precision ELSE prob_positive END,
         share_group = CASE WHEN $10 THEN $18 ELSE share_group END,
         share_cell = CASE WHEN $10 THEN $19::integer ELSE share_cell END
       WHERE id = $1`,
      [
        stored.id,
        title,
        text,
        pgText(input.html),
        pgJson(input.categories),
        input.language,
        input.raw === undefined ? null : pgText(JSON.stringify(input.raw)),
        input.updatedAt ?? null,
        tsvectorText(title, text),
        analysed,
        ...analysisValues(input, false),
      ],
    );
    return true;
  }

  private async applyEngagement(stored: StoredRow, input: MentionInput): Promise<void> {
    const counts = reported(input.engagement);
    const current = stored.engagement ?? {};
    if (!COUNTS.some((name) => counts[name] !== undefined && counts[name] !== current[name])) {
      return;
    }
    const merged = { ...current, ...counts };
    await this.client.query('UPDATE mentions SET engagement = $1 WHERE id = $2', [
      pgJson(merged),
      stored.id,
    ]);
    // Later copies in the same batch compare with what is stored now.
    stored.engagement = merged;
    await this.snapshot(stored.id, input.collectedAt, counts);
  }

  private async snapshot(id: number, at: string, counts: Counts): Promise<void> {
    if (Object.keys(counts).length === 0) return;
    await this.client.query(
      `INSERT INTO engagement_snapshots (mention_id, observed_at, likes, comments, shares, views)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (mention_id, observed_at) DO UPDATE SET likes = excluded.likes,
         comments = excluded.comments, shares = excluded.shares, views = excluded.views`,
      [
        id,
        at,
        counts.likes ?? null,
        counts.comments ?? null,
        counts.shares ?? null,
        counts.views ?? null,
      ],
    );
  }
}
