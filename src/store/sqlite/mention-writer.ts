// Writes batches of mentions: new ones are inserted, ones already stored are edited, emptied
// when the platform reports them deleted, and get an engagement snapshot when their counts
// moved. Threads are linked here: parents and roots from external ids of the same platform,
// including replies that arrived before the post they belong to. Runs inside the caller's
// transaction. Stored mentions it changes move in the roll-ups through the triggers on the
// columns it updates; new ones are added at the end of the batch, grouped by bucket
// (batch-rollups-schema.ts).
import type Database from 'better-sqlite3';
import type { Engagement, MentionInput } from '../../model.js';
import {
  MENTION_ANALYSIS_COLUMNS,
  MENTION_COLLECTED_COLUMNS,
  MENTION_SHARE_COLUMNS,
} from '../mention-columns.js';
import { indexForm } from '../search-terms.js';
import type { SaveMentionsResult, SaveStatus } from '../store.js';
import { NO_BATCH } from './batch-rollups-schema.js';
import { GroupedRollups } from './grouped-rollups.js';
import { PlaceSectorTags } from './place-sector-tags.js';
import { nextSlot, SLOTS_PER_SECOND, searchKey, timestampMs } from './search-key.js';
import { shareColumnValues } from './share-statistics-schema.js';
import { STORY_REBUILD_DAYS, StoryAssigner, type StoryAssignerOptions } from './story-assigner.js';

const COUNTS = ['likes', 'comments', 'shares', 'views'] as const;

/** What the writer reads of a stored mention to decide what a re-collected copy changes. */
interface StoredRow {
  id: number;
  external_id: string;
  text: string;
  title: string | null;
  html: string | null;
  published_at: string | null;
  updated_at: string | null;
  deleted_at: string | null;
  engagement: string;
  thread_root_id: number | null;
  thread_root_external_id: string | null;
  search_key: number;
}

interface FtsRow {
  key: number;
  title: string;
  body: string;
}

/** Columns of a new mention's row, in the order `insert` binds them. */
const INSERT_COLUMNS = [
  ...MENTION_COLLECTED_COLUMNS,
  ...MENTION_ANALYSIS_COLUMNS,
  'search_key',
  ...MENTION_SHARE_COLUMNS,
] as const;

/** Key of a (platform, external id) pair in the writer's sets. */
const pairKey = (platform: string, externalId: string) => `${platform}\u0000${externalId}`;

const STORED_COLUMNS = `id, external_id, text, title, html, published_at, updated_at, deleted_at,
  engagement, thread_root_id, thread_root_external_id, search_key`;

function prepare(db: Database.Database) {
  return {
    maxMentionId: db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM mentions'),
    byExternal: db.prepare<[string, string], StoredRow>(
      `SELECT ${STORED_COLUMNS} FROM mentions WHERE platform = ? AND external_id = ?`,
    ),
    // The stored rows of a batch's (platform, external id) pairs, by index in the batch.
    byExternals: db.prepare<[string], StoredRow & { at: number }>(
      `SELECT j.key AS at, ${STORED_COLUMNS.replace(/(^|,\s*)/g, '$1m.')}
       FROM json_each(?) AS j CROSS JOIN mentions AS m
       WHERE m.platform = j.value ->> 0 AND m.external_id = j.value ->> 1`,
    ),
    byUrl: db.prepare<[string], StoredRow>(
      `SELECT ${STORED_COLUMNS} FROM mentions WHERE canonical_url = ?`,
    ),
    searchKeyTaken: db.prepare<[number], { one: number }>(
      'SELECT 1 AS one FROM mentions WHERE search_key = ?',
    ),
    maxSearchKey: db.prepare<[], { key: number | null }>(
      'SELECT max(search_key) AS key FROM mentions',
    ),
    // Positional parameters, in INSERT_COLUMNS order: binding an object costs a property
    // lookup per name and an allocation per row.
    insert: db.prepare(
      `INSERT INTO mentions (${INSERT_COLUMNS.join(', ')})
       VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`,
    ),
    // Keys (platform, external id) of the batch that stored mentions wait for as their parent
    // or thread root: only those need the adopting updates below.
    waitingParents: db.prepare<[string], { platform: string; ext: string }>(
      `SELECT DISTINCT m.platform, m.parent_external_id AS ext
       FROM json_each(?) AS j CROSS JOIN mentions AS m
       WHERE m.platform = j.value ->> 0 AND m.parent_external_id = j.value ->> 1
         AND m.parent_id IS NULL AND m.parent_external_id IS NOT NULL`,
    ),
    waitingRoots: db.prepare<[string], { platform: string; ext: string }>(
      `SELECT DISTINCT m.platform, m.thread_root_external_id AS ext
       FROM json_each(?) AS j CROSS JOIN mentions AS m
       WHERE m.platform = j.value ->> 0 AND m.thread_root_external_id = j.value ->> 1
         AND m.thread_root_id IS NULL AND m.thread_root_external_id IS NOT NULL`,
    ),
    adoptChildren: db.prepare<[number, string, string]>(
      `UPDATE mentions SET parent_id = ?
       WHERE platform = ? AND parent_external_id = ? AND parent_id IS NULL
         AND parent_external_id IS NOT NULL`,
    ),
    adoptThread: db.prepare<[number | null, string | null, string, string]>(
      `UPDATE mentions SET thread_root_id = ?, thread_root_external_id = ?
       WHERE platform = ? AND thread_root_external_id = ? AND thread_root_id IS NULL
         AND thread_root_external_id IS NOT NULL`,
    ),
    edit: db.prepare(
      `UPDATE mentions SET title = @title, text = @text, html = @html, categories = @categories,
         language = coalesce(@language, language), raw = @raw, updated_at = @updatedAt,
         lang = CASE WHEN @analysed THEN @lang ELSE lang END,
         sentiment = CASE WHEN @analysed THEN @sentiment ELSE sentiment END,
         sentiment_confidence = CASE WHEN @analysed THEN @sentimentConfidence
           ELSE sentiment_confidence END,
         keywords = CASE WHEN @analysed THEN @keywords ELSE keywords END,
         prob_negative = CASE WHEN @analysed THEN @probNegative ELSE prob_negative END,
         prob_neutral = CASE WHEN @analysed THEN @probNeutral ELSE prob_neutral END,
         prob_positive = CASE WHEN @analysed THEN @probPositive ELSE prob_positive END,
         share_group = CASE WHEN @analysed THEN @shareGroup ELSE share_group END,
         share_cell = CASE WHEN @analysed THEN @shareCell ELSE share_cell END
       WHERE id = @id`,
    ),
    // Keywords are words of the text, so they go with it; language and sentiment stay, as
    // figures of what was said.
    markDeleted: db.prepare<[string, number]>(
      `UPDATE mentions SET title = NULL, text = '', html = NULL, raw = NULL, deleted_at = ?,
         keywords = CASE WHEN keywords IS NULL THEN NULL ELSE '[]' END
       WHERE id = ?`,
    ),
    setEngagement: db.prepare<[string, number]>('UPDATE mentions SET engagement = ? WHERE id = ?'),
    // The batch's snapshots in one statement, in the order they were taken.
    snapshots: db.prepare<[string]>(
      `INSERT INTO engagement_snapshots (mention_id, observed_at, likes, comments, shares, views)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
       FROM json_each(?) WHERE true
       ON CONFLICT DO UPDATE SET likes = excluded.likes, comments = excluded.comments,
         shares = excluded.shares, views = excluded.views`,
    ),
    linkSource: db.prepare<[number, number, string]>(
      `INSERT INTO mention_sources (mention_id, source_id, first_seen_at) VALUES (?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
    deleteFts: db.prepare<[number]>('DELETE FROM mentions_fts WHERE rowid = ?'),
    // Rows [key, title, body], in key order.
    insertFts: db.prepare<[string]>(
      `INSERT INTO mentions_fts (rowid, title, body)
       SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`,
    ),
    setFirstNew: db.prepare<[number]>('UPDATE rollup_batch SET first_id = ?'),
    // New mentions are counted as tags of topic 0 ("every mention").
    rollups: new GroupedRollups(db),
  };
}

/** The counts an observation reported, numbers only. */
function reported(engagement: Engagement): Partial<Record<(typeof COUNTS)[number], number>> {
  const counts: Partial<Record<(typeof COUNTS)[number], number>> = {};
  for (const name of COUNTS) {
    const value = engagement[name];
    if (typeof value === 'number' && Number.isFinite(value)) counts[name] = value;
  }
  return counts;
}

function parseEngagement(json: string): Engagement {
  const value: unknown = JSON.parse(json);
  return value !== null && typeof value === 'object' ? (value as Engagement) : {};
}

/** True when `a` is a later instant than `b` (both ISO 8601). */
function isLater(a: string, b: string | null): boolean {
  if (b === null) return true;
  const ta = timestampMs(a);
  const tb = timestampMs(b);
  return ta !== null && (tb === null || ta > tb);
}

/**
 * A re-collected copy is an edit when the platform dates it after what is stored (its last
 * edit, else its publication) and its text or title differ. Undated differences are not
 * edits: a feed's teaser must not replace the article text fetched for it.
 */
function isEdit(stored: StoredRow, input: MentionInput): boolean {
  if (!input.updatedAt || !isLater(input.updatedAt, stored.updated_at ?? stored.published_at)) {
    return false;
  }
  return (
    input.text !== stored.text ||
    input.title !== stored.title ||
    (input.html ?? null) !== stored.html
  );
}

export class MentionWriter {
  private readonly s;
  /** Places and sectors of analysed mentions; stories of mentions analysed with them. */
  private readonly tags: PlaceSectorTags;
  readonly stories: StoryAssigner;
  /** First id of the batch being saved: mentions below it are counted in the roll-ups. */
  private firstNewId = 0;
  /**
   * The largest search key stored, read when a batch begins and raised by its inserts: a key
   * above it is free without looking it up (imports and collection mostly arrive in time
   * order).
   */
  private keyHighWater = Number.NEGATIVE_INFINITY;
  /**
   * Pair keys that stored mentions may wait for as their parent or thread root (a superset):
   * a new mention whose key is absent adopts nothing, so its updates are skipped.
   */
  private readonly waitingParents = new Set<string>();
  private readonly waitingRoots = new Set<string>();
  /**
   * Stored rows of the batch's pairs as they were when it began; true once a thread adoption
   * changed stored rows, which makes them stale.
   */
  private readonly before = new Map<number, StoredRow>();
  private threadsMoved = false;
  /** The batch's engagement snapshots, [id, at, likes, comments, shares, views], in order. */
  private snapshots: (string | number | null)[][] = [];

  constructor(db: Database.Database, stories: StoryAssignerOptions = {}) {
    this.s = prepare(db);
    this.tags = new PlaceSectorTags(db);
    this.stories = new StoryAssigner(db, STORY_REBUILD_DAYS, stories);
  }

  /** Ends the story tracker's thread, if it has one. */
  close(): void {
    this.stories.close();
  }

  /** Call inside one transaction. */
  save(sourceId: number | null, mentions: MentionInput[]): SaveMentionsResult {
    const s = this.s;
    const seenAt = new Date().toISOString();
    let nextId = (s.maxMentionId.get()?.id ?? 0) + 1;
    this.firstNewId = nextId;
    s.setFirstNew.run(nextId);
    this.keyHighWater = s.maxSearchKey.get()?.key ?? Number.NEGATIVE_INFINITY;
    this.findStored(mentions);
    this.snapshots = [];
    this.tags.discard();
    const ids: number[] = [];
    const statuses: SaveStatus[] = [];
    // Full-text entries to write at the end, by key (null: none); keys indexed before this
    // batch whose entry must go first.
    const fts = new Map<number, FtsRow | null>();
    const unindex = new Set<number>();
    const firstSeen = new Set<number>();
    // Pairs and stored ids this batch has handled already: their rows may have changed since
    // it began, so they are read again.
    const handled = new Set<string>();
    const handledIds = new Set<number>();
    let inserted = 0;
    let updated = 0;
    for (const [at, input] of mentions.entries()) {
      const pair = pairKey(input.platform, input.externalId);
      let byPair = this.before.get(at);
      if (this.threadsMoved || handled.has(pair) || (byPair && handledIds.has(byPair.id))) {
        byPair = s.byExternal.get(input.platform, input.externalId);
      }
      handled.add(pair);
      const stored =
        byPair ?? (input.canonicalUrl === null ? undefined : s.byUrl.get(input.canonicalUrl));
      let id: number;
      let status: SaveStatus;
      if (stored === undefined) {
        id = nextId++;
        const row = this.insert(id, input);
        fts.set(row.key, input.deleted ? null : row);
        firstSeen.add(id);
        this.snapshot(id, input.collectedAt, reported(input.engagement));
        status = 'new';
        inserted++;
      } else {
        id = stored.id;
        status = firstSeen.has(id) ? 'new' : 'unchanged';
        const content = this.applyContent(stored, input);
        if (content !== undefined) {
          if (!firstSeen.has(id)) {
            unindex.add(stored.search_key);
            status = 'updated';
            updated++;
          }
          fts.set(stored.search_key, content);
        }
        this.applyEngagement(stored, input);
      }
      if (sourceId !== null) s.linkSource.run(id, sourceId, seenAt);
      ids.push(id);
      handledIds.add(id);
      statuses.push(status);
    }
    // The batch's stories are assigned (on the tracker's thread, when it has one) while its
    // snapshots, places and roll-ups are written; none of those read them.
    this.stories.start();
    if (this.snapshots.length > 0) s.snapshots.run(JSON.stringify(this.snapshots));
    this.snapshots = [];
    this.tags.flush();
    if (firstSeen.size > 0) {
      s.rollups.addPairs(JSON.stringify([...firstSeen].map((id) => [0, id])));
    }
    this.stories.flush();
    s.setFirstNew.run(NO_BATCH);
    this.before.clear();
    // Index last and in rowid order. FTS5 buffers new entries in memory and writes them out as
    // one segment, but it must write out early whenever a rowid is lower than the previous
    // one, or when another statement in the transaction opens a savepoint; interleaving
    // made ingest about four times slower.
    for (const key of unindex) s.deleteFts.run(key);
    const rows = [...fts.values()].filter((row): row is FtsRow => row !== null);
    rows.sort((a, b) => a.key - b.key);
    if (rows.length > 0) {
      s.insertFts.run(JSON.stringify(rows.map((row) => [row.key, row.title, row.body])));
    }
    return { inserted, existing: mentions.length - inserted, updated, ids, statuses };
  }

  /**
   * Reads the stored rows of the batch's pairs, and fills the sets of keys stored mentions
   * wait for, in one statement each.
   */
  private findStored(mentions: MentionInput[]): void {
    this.before.clear();
    this.threadsMoved = false;
    this.waitingParents.clear();
    this.waitingRoots.clear();
    const pairs = JSON.stringify(mentions.map((m) => [m.platform, m.externalId]));
    for (const { at, ...row } of this.s.byExternals.all(pairs)) this.before.set(at, row);
    for (const r of this.s.waitingParents.all(pairs)) {
      this.waitingParents.add(pairKey(r.platform, r.ext));
    }
    for (const r of this.s.waitingRoots.all(pairs)) {
      this.waitingRoots.add(pairKey(r.platform, r.ext));
    }
  }

  /** Insert a new mention row and link its thread; returns what its full-text entry holds. */
  private insert(id: number, input: MentionInput): FtsRow {
    const s = this.s;
    const sortMs =
      (input.publishedAt === null ? null : timestampMs(input.publishedAt)) ??
      timestampMs(input.collectedAt) ??
      Date.now();
    let key = searchKey(sortMs, id);
    if (key <= this.keyHighWater) {
      for (let tries = 0; s.searchKeyTaken.get(key) !== undefined; tries++) {
        if (tries >= SLOTS_PER_SECOND) throw new Error('no free search key in this second');
        key = nextSlot(key);
      }
    }
    if (key > this.keyHighWater) this.keyHighWater = key;
    const parentExternal =
      input.parentExternalId === input.externalId ? null : input.parentExternalId;
    const parent =
      parentExternal === null ? undefined : s.byExternal.get(input.platform, parentExternal);
    const thread = this.threadOf(input, parentExternal, parent);
    const analysis = input.analysis;
    const deleted = input.deleted === true;
    const author = input.author;
    const share = shareColumnValues(analysis);
    s.insert.run(
      id,
      input.platform,
      input.externalId,
      input.canonicalUrl,
      author?.key ?? null,
      author === null || author.kind === 'person' ? null : author.displayName,
      author?.kind ?? null,
      input.publishedAt,
      input.collectedAt,
      input.language,
      deleted ? null : input.title,
      deleted ? '' : input.text,
      deleted ? null : input.html,
      JSON.stringify(input.categories),
      JSON.stringify(input.engagement),
      parent?.id ?? null,
      parentExternal,
      thread.rootId,
      thread.rootExternalId,
      input.updatedAt ?? null,
      deleted ? input.collectedAt : null,
      deleted || input.raw === undefined ? null : JSON.stringify(input.raw),
      analysis?.lang ?? null,
      analysis?.sentiment ?? null,
      analysis?.sentimentConfidence ?? null,
      analysis ? JSON.stringify(deleted ? [] : analysis.keywords) : null,
      key,
      share.probNegative,
      share.probNeutral,
      share.probPositive,
      share.shareGroup,
      share.shareCell,
    );
    // This one now waits for its parent or root when that is not stored.
    if (parentExternal !== null && parent === undefined) {
      this.waitingParents.add(pairKey(input.platform, parentExternal));
    }
    if (thread.rootExternalId !== null && thread.rootId === null) {
      this.waitingRoots.add(pairKey(input.platform, thread.rootExternalId));
    }
    const own = pairKey(input.platform, input.externalId);
    if (this.waitingParents.has(own)) {
      s.adoptChildren.run(id, input.platform, input.externalId);
    }
    // Mentions waiting for this one as their root now belong to its thread: to this one when
    // it starts a thread, else to the root it names (still waiting if that is not stored).
    if (this.waitingRoots.has(own)) {
      const moved =
        thread.rootExternalId === null
          ? s.adoptThread.run(id, input.externalId, input.platform, input.externalId)
          : s.adoptThread.run(
              thread.rootId,
              thread.rootExternalId,
              input.platform,
              input.externalId,
            );
      if (moved.changes > 0) this.threadsMoved = true;
    }
    if (analysis?.places !== undefined && !deleted) {
      this.tags.insert(id, analysis.places, analysis.sectors ?? []);
      const reply = thread.rootExternalId === null ? null : { rootId: thread.rootId };
      this.stories.assign(id, { ...input, thread: reply }, sortMs, author?.key ?? null);
    }
    return { key, title: indexForm(input.title ?? ''), body: indexForm(input.text) };
  }

  /**
   * The thread a new mention belongs to: the root the platform named, else its parent's root
   * (or the parent itself when that starts the thread), else, while the parent is not stored,
   * the parent's id until it arrives and says better. Null for a post that starts a thread.
   */
  private threadOf(
    input: MentionInput,
    parentExternal: string | null,
    parent: StoredRow | undefined,
  ): { rootId: number | null; rootExternalId: string | null } {
    const named = input.threadRootExternalId;
    if (named && named !== input.externalId) {
      const root = this.s.byExternal.get(input.platform, named);
      return { rootId: root?.id ?? null, rootExternalId: named };
    }
    if (parentExternal === null) return { rootId: null, rootExternalId: null };
    if (parent === undefined) return { rootId: null, rootExternalId: parentExternal };
    if (parent.thread_root_external_id === null) {
      return { rootId: parent.id, rootExternalId: parent.external_id };
    }
    return { rootId: parent.thread_root_id, rootExternalId: parent.thread_root_external_id };
  }

  /**
   * Applies an edit or a deletion to a stored mention. Returns its new full-text entry (null
   * for none), or undefined when the content did not change.
   */
  private applyContent(stored: StoredRow, input: MentionInput): FtsRow | null | undefined {
    if (stored.deleted_at !== null) return undefined;
    if (input.deleted) {
      this.s.markDeleted.run(input.collectedAt, stored.id);
      this.tags.replace(stored.id, [], [], stored.id < this.firstNewId);
      this.stories.remove(stored.id);
      return null;
    }
    if (!isEdit(stored, input)) return undefined;
    const analysis = input.analysis;
    this.s.edit.run({
      id: stored.id,
      title: input.title,
      text: input.text,
      html: input.html,
      categories: JSON.stringify(input.categories),
      language: input.language,
      raw: input.raw === undefined ? null : JSON.stringify(input.raw),
      updatedAt: input.updatedAt ?? null,
      analysed: analysis === null ? 0 : 1,
      lang: analysis?.lang ?? null,
      sentiment: analysis?.sentiment ?? null,
      sentimentConfidence: analysis?.sentimentConfidence ?? null,
      keywords: analysis === null ? null : JSON.stringify(analysis.keywords),
      ...shareColumnValues(analysis),
    });
    if (analysis?.places !== undefined) {
      this.tags.replace(
        stored.id,
        analysis.places,
        analysis.sectors ?? [],
        stored.id < this.firstNewId,
      );
      const sortMs = Math.floor(stored.search_key / 2 ** 20) * 1000;
      const reply =
        stored.thread_root_external_id === null ? null : { rootId: stored.thread_root_id };
      this.stories.reassign(
        stored.id,
        stored,
        { ...input, thread: reply },
        sortMs,
        input.author?.key ?? null,
      );
    }
    return {
      key: stored.search_key,
      title: indexForm(input.title ?? ''),
      body: indexForm(input.text),
    };
  }

  /** Keeps the latest counts on the mention and a snapshot when any reported count moved. */
  private applyEngagement(stored: StoredRow, input: MentionInput): void {
    const counts = reported(input.engagement);
    const current = parseEngagement(stored.engagement);
    if (!COUNTS.some((name) => counts[name] !== undefined && counts[name] !== current[name])) {
      return;
    }
    this.s.setEngagement.run(JSON.stringify({ ...current, ...counts }), stored.id);
    this.snapshot(stored.id, input.collectedAt, counts);
  }

  /** Queues a snapshot, written with the batch's others before its roll-ups. */
  private snapshot(id: number, at: string, counts: ReturnType<typeof reported>): void {
    if (Object.keys(counts).length === 0) return;
    this.snapshots.push([
      id,
      at,
      counts.likes ?? null,
      counts.comments ?? null,
      counts.shares ?? null,
      counts.views ?? null,
    ]);
  }
}
