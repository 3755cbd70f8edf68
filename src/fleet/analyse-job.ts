// The `analyse` job of the fleet: collection stores fetched mentions without analysis and
// enqueues their ids; this job analyses them and writes, in one transaction, their analysis
// columns, places, sectors and stories, then tags them.
//
// Run twice (its worker died after committing, or two jobs name the same mention), it neither
// loses nor doubles anything: the analysis is read outside the transaction, then the rows are
// locked (FOR UPDATE) and only those still waiting for it are written (a new mention whose
// `lang` is still null, an edited one whose text is the text analysed); places and sectors
// replace what the mention had; a story is assigned only to a mention without one. The fleet's
// workers hand stories to the waiting list (store/postgres/story-waiting.ts), which one worker
// assigns for all; given a story index instead, the job assigns them itself. Tagging
// after the commit is keyed on topic and mention, so a second run tags nothing twice.
import type pg from 'pg';
import type { AnalyzeBatch } from '../jobs/collector.js';
import type { MentionAnalysis, MentionInput, Platform } from '../model.js';
import { inTransaction, retryDeadlocks } from '../store/postgres/connection.js';
import { pgJson } from '../store/postgres/mention-writer.js';
import { replaceMentionTags } from '../store/postgres/place-story-writer.js';
import type { NewStoryMention } from '../store/postgres/story-assigner.js';
import type { StoryAssign } from '../store/postgres/story-waiting.js';
import { shareColumnValues } from '../store/sqlite/share-statistics-schema.js';
import type { SaveMentionsResult, SaveStatus } from '../store/store.js';

/** One mention to analyse: stored new, or edited (its stored analysis is of an older text). */
export interface AnalyseItem {
  id: number;
  edited?: boolean;
  /** The home province of the source it came from: context for place tagging. */
  homeProvince?: string | null;
}

export interface AnalyseJob {
  mentions: AnalyseItem[];
}

interface StoredRow {
  id: string;
  platform: Platform;
  title: string | null;
  text: string;
  published_at: string | null;
  lang: string | null;
  deleted_at: string | null;
}

interface LockedRow {
  id: string;
  title: string | null;
  text: string;
  lang: string | null;
  deleted_at: string | null;
  sort_ms: string;
  author_key: string | null;
  thread_root_id: string | null;
  thread_root_external_id: string | null;
  has_story: boolean;
}

export interface AnalyseOutcome {
  /** Mentions whose analysis this run wrote. */
  analysed: number;
  /** Mentions this run assigned a story, or put on the waiting list for one. */
  storied: number;
  /** What to hand the tagger: every mention of the job still stored, new or edited. */
  saved: SaveMentionsResult;
}

/** Whether a stored mention still waits for the analysis of `item`. */
function waiting(row: { lang: string | null; deleted_at: string | null }, item: AnalyseItem) {
  return row.deleted_at === null && (item.edited === true || row.lang === null);
}

export async function analyseStored(
  deps: { pool: pg.Pool; stories: StoryAssign; analyze: AnalyzeBatch },
  job: AnalyseJob,
): Promise<AnalyseOutcome> {
  const items = new Map<number, AnalyseItem>();
  for (const item of job.mentions) {
    const had = items.get(item.id);
    items.set(item.id, had?.edited ? had : item);
  }
  const ids = [...items.keys()].sort((a, b) => a - b);
  const { rows } = await deps.pool.query<StoredRow>(
    `SELECT id, platform, title, text, published_at, lang, deleted_at FROM mentions
     WHERE id = ANY($1::bigint[]) ORDER BY id`,
    [ids],
  );
  const todo = rows.filter((row) => waiting(row, items.get(Number(row.id))!));
  const analyses =
    todo.length === 0
      ? []
      : await deps.analyze(
          todo.map((row) => analysisInput(row, items.get(Number(row.id))?.homeProvince ?? null)),
        );
  const byId = new Map<number, { row: StoredRow; analysis: MentionAnalysis | null }>();
  todo.forEach((row, i) => {
    byId.set(Number(row.id), { row, analysis: analyses[i] ?? null });
  });

  let analysed = 0;
  let storied = 0;
  if (byId.size > 0) {
    const write = () =>
      inTransaction(deps.pool, async (client) => {
        const { rows: locked } = await client.query<LockedRow>(
          `SELECT m.id, m.title, m.text, m.lang, m.deleted_at, m.sort_ms, m.author_key,
             m.thread_root_id, m.thread_root_external_id,
             EXISTS (SELECT 1 FROM mention_stories AS s WHERE s.mention_id = m.id) AS has_story
           FROM mentions AS m WHERE m.id = ANY($1::bigint[]) ORDER BY m.id FOR UPDATE`,
          [[...byId.keys()]],
        );
        // Still waiting, and still the text that was analysed (an edit since has its own job).
        const apply = locked.filter((row) => {
          const read = byId.get(Number(row.id))!;
          return (
            waiting(row, items.get(Number(row.id))!) &&
            row.text === read.row.text &&
            row.title === read.row.title &&
            read.analysis !== null
          );
        });
        if (apply.length === 0) return { analysed: 0, storied: 0 };
        const list = apply.map((row) => ({ row, analysis: byId.get(Number(row.id))!.analysis! }));
        await writeAnalyses(client, list);
        const tagged = list.filter((x) => x.analysis.places !== undefined);
        await replaceMentionTags(
          client,
          tagged.map(({ row, analysis }) => ({
            id: Number(row.id),
            places: analysis.places ?? [],
            sectors: analysis.sectors ?? [],
          })),
          tagged.map(({ row }) => Number(row.id)),
        );
        const fresh: NewStoryMention[] = tagged
          .filter(({ row }) => !row.has_story)
          .map(({ row, analysis }) => ({
            id: Number(row.id),
            title: row.title,
            text: row.text,
            sortMs: Number(row.sort_ms),
            authorKey: row.author_key,
            provinces: (analysis.places ?? []).map((p) => p.province),
            thread:
              row.thread_root_external_id === null
                ? null
                : { rootId: row.thread_root_id === null ? null : Number(row.thread_root_id) },
          }));
        await deps.stories.assign(client, fresh);
        return { analysed: list.length, storied: fresh.length };
      });
    try {
      ({ analysed, storied } = await retryDeadlocks(async () => {
        try {
          return await write();
        } catch (error) {
          // The tracker may hold texts of the transaction that was rolled back.
          deps.stories.reset();
          throw error;
        }
      }));
    } catch (error) {
      deps.stories.reset();
      throw error;
    }
  }

  // Every mention of the job is tagged, also by a run after a commit whose tagging was lost;
  // an edited or deleted one is matched again, and loses the tags it no longer earns.
  const stored = rows.map((row) => Number(row.id));
  const statuses: SaveStatus[] = rows.map((row) =>
    items.get(Number(row.id))!.edited || row.deleted_at !== null ? 'updated' : 'new',
  );
  return {
    analysed,
    storied,
    saved: {
      inserted: statuses.filter((s) => s === 'new').length,
      existing: 0,
      updated: statuses.filter((s) => s === 'updated').length,
      ids: stored,
      statuses,
    },
  };
}

/** What the analyser reads of a stored mention (the fields of MentionInput it uses). */
function analysisInput(row: StoredRow, homeProvince: string | null): MentionInput {
  return {
    platform: row.platform,
    canonicalUrl: null,
    externalId: String(row.id),
    author: null,
    publishedAt: row.published_at,
    collectedAt: row.published_at ?? new Date(0).toISOString(),
    language: null,
    title: row.title,
    text: row.text,
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: undefined,
    analysis: null,
    homeProvince,
  };
}

/** The analysis columns of many mentions in one statement (the roll-up triggers follow). */
async function writeAnalyses(
  client: pg.PoolClient,
  list: readonly { row: { id: string }; analysis: MentionAnalysis }[],
): Promise<void> {
  const shares = list.map(({ analysis }) => shareColumnValues(analysis));
  await client.query(
    `UPDATE mentions AS m SET lang = u.lang, sentiment = u.sentiment,
       sentiment_confidence = u.confidence, keywords = u.keywords, prob_negative = u.negative,
       prob_neutral = u.neutral, prob_positive = u.positive, share_group = u.share_group,
       share_cell = u.share_cell
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::float8[], $5::jsonb[], $6::float8[],
       $7::float8[], $8::float8[], $9::text[], $10::int[])
       AS u (id, lang, sentiment, confidence, keywords, negative, neutral, positive, share_group,
         share_cell)
     WHERE m.id = u.id`,
    [
      list.map(({ row }) => Number(row.id)),
      list.map(({ analysis }) => analysis.lang),
      list.map(({ analysis }) => analysis.sentiment),
      list.map(({ analysis }) => analysis.sentimentConfidence),
      list.map(({ analysis }) => pgJson(analysis.keywords)),
      shares.map((s) => s.probNegative),
      shares.map((s) => s.probNeutral),
      shares.map((s) => s.probPositive),
      shares.map((s) => s.shareGroup),
      shares.map((s) => s.shareCell),
    ],
  );
}
