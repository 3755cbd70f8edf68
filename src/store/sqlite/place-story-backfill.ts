// Gives mentions stored without places, sectors and stories (before tagging ran at ingest)
// what ingest gives new ones. Walks the stored mentions forward in publication order from a
// date, a page per transaction: a mention already in a story goes back into the story tracker
// as it was, so the ones assigned next are compared with everything of their days; one not in
// a story is tagged (when it has no sectors yet), its roll-up rows move with its tags
// (place-sector-tags.ts), and it is assigned a story. Stopped at any point, running it again
// carries on: what was done is recognised by its story row.
import type Database from 'better-sqlite3';
import type { MentionPlace, MentionSector } from '../../model.js';
import { PlaceSectorTags } from './place-sector-tags.js';
import { STORY_REBUILD_DAYS, StoryAssigner } from './story-assigner.js';

/** What tagging reads of a stored mention. */
export interface StoredForTagging {
  id: number;
  title: string | null;
  text: string;
  publishedAt: string | null;
  /** Home province of the mention's first source (its `province` setting), if any. */
  province: string | null;
}

export type TagStoredMention = (mention: StoredForTagging) => {
  places: MentionPlace[];
  sectors: MentionSector[];
};

export interface PlaceStoryBackfillProgress {
  /** Mentions without a story when the run started, and those given one so far. */
  total: number;
  done: number;
  /** Of those, the ones that had no places and sectors and were tagged. */
  tagged: number;
}

export interface PlaceStoryBackfillOptions {
  /** Only mentions published (else collected) at or after this instant, epoch ms. */
  sinceMs?: number;
  /** Mentions per transaction (default 500). */
  pageSize?: number;
  onProgress?: (progress: PlaceStoryBackfillProgress) => void;
}

interface WalkRow {
  id: number;
  title: string | null;
  text: string;
  sort_key: number;
  published_at: string | null;
  author_key: string | null;
  story_id: number | null;
  thread_root_id: number | null;
  thread_root_external_id: string | null;
  provinces: string | null;
  has_sectors: number;
  province: string | null;
}

const KEY_SHIFT = 2 ** 20;

export function backfillPlacesAndStories(
  db: Database.Database,
  tag: TagStoredMention,
  options: PlaceStoryBackfillOptions = {},
): PlaceStoryBackfillProgress {
  const fromKey =
    options.sinceMs === undefined ? 0 : Math.max(0, Math.floor(options.sinceMs / 1000) * KEY_SHIFT);
  const pageSize = options.pageSize ?? 500;
  const total =
    db
      .prepare<[number], { n: number }>(
        `SELECT count(*) AS n FROM mentions AS m
         WHERE m.search_key >= ? AND m.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM mention_stories AS s WHERE s.mention_id = m.id)`,
      )
      .get(fromKey)?.n ?? 0;
  const progress: PlaceStoryBackfillProgress = { total, done: 0, tagged: 0 };
  options.onProgress?.({ ...progress });
  if (total === 0) return progress;

  const page = db.prepare<[number, number], WalkRow>(
    `SELECT m.id, m.title, m.text, m.search_key AS sort_key, m.published_at, m.author_key,
       s.story_id, m.thread_root_id, m.thread_root_external_id,
       (SELECT group_concat(DISTINCT p.province) FROM mention_places AS p
        WHERE p.mention_id = m.id) AS provinces,
       EXISTS (SELECT 1 FROM mention_sectors AS t WHERE t.mention_id = m.id) AS has_sectors,
       (SELECT json_extract(src.settings, '$.province')
        FROM mention_sources AS ms JOIN sources AS src ON src.id = ms.source_id
        WHERE ms.mention_id = m.id ORDER BY ms.source_id LIMIT 1) AS province
     FROM mentions AS m LEFT JOIN mention_stories AS s ON s.mention_id = m.id
     WHERE m.search_key >= ? AND m.deleted_at IS NULL
     ORDER BY m.search_key LIMIT ?`,
  );
  const tags = new PlaceSectorTags(db);
  const stories = new StoryAssigner(db, STORY_REBUILD_DAYS);
  let started = false;
  const runPage = db.transaction((rows: WalkRow[]) => {
    for (const row of rows) {
      if (!started) {
        stories.startAt(Math.floor(row.sort_key / KEY_SHIFT) * 1000);
        started = true;
      }
      if (row.story_id !== null) {
        stories.restore({ ...row, story_id: row.story_id });
        continue;
      }
      let provinces = row.provinces === null ? [] : row.provinces.split(',');
      if (row.has_sectors === 0) {
        const tagged = tag({
          id: row.id,
          title: row.title,
          text: row.text,
          publishedAt: row.published_at,
          province: typeof row.province === 'string' ? row.province : null,
        });
        tags.replace(row.id, tagged.places, tagged.sectors, true);
        provinces = tagged.places.map((p) => p.province);
        progress.tagged++;
      }
      stories.assign(
        row.id,
        {
          title: row.title,
          text: row.text,
          analysis: { places: provinces.map((province) => ({ province })) },
          thread: row.thread_root_external_id === null ? null : { rootId: row.thread_root_id },
        },
        Math.floor(row.sort_key / KEY_SHIFT) * 1000,
        row.author_key,
      );
      progress.done++;
    }
    stories.flush();
  });
  let after = fromKey;
  for (;;) {
    const rows = page.all(after, pageSize);
    if (rows.length === 0) break;
    runPage.immediate(rows);
    after = rows[rows.length - 1]!.sort_key + 1;
    options.onProgress?.({ ...progress });
    if (rows.length < pageSize) break;
  }
  return progress;
}
