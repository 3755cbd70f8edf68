// After a batch is written (batch-writer.ts or mention-writer.ts), in the same transaction:
// the places and sectors of its analysed mentions, and the stories of the new ones, with the
// rules of the SQLite writer (src/store/sqlite/mention-writer.ts): a new analysed mention gets
// its tags and a story; an edit that carries places replaces the tags, and the mention leaves
// its story for a fresh one when its text changed enough (PgStoryAssigner.reassign); a
// deletion takes the tags and the story away. Tags are written in one statement per table
// for the whole batch (the roll-up triggers count each mention's rows together,
// places-stories-schema.ts).
import type pg from 'pg';
import type { MentionInput, MentionPlace, MentionSector } from '../../model.js';
import type { SaveMentionsResult } from '../store.js';
import { pgText, type TextBefore } from './mention-writer.js';
import type { EditedStoryMention, NewStoryMention, PgStoryAssigner } from './story-assigner.js';

interface Tagged {
  id: number;
  input: MentionInput;
  fresh: boolean;
  deleted: boolean;
}

/** Tags of each mention, written in one statement per table after its old ones go. */
export async function replaceMentionTags(
  client: pg.PoolClient,
  entries: readonly {
    id: number;
    places: readonly MentionPlace[];
    sectors: readonly MentionSector[];
  }[],
  replace: readonly number[],
): Promise<void> {
  if (replace.length > 0) {
    await client.query('DELETE FROM mention_places WHERE mention_id = ANY($1::bigint[])', [
      replace,
    ]);
    await client.query('DELETE FROM mention_sectors WHERE mention_id = ANY($1::bigint[])', [
      replace,
    ]);
  }
  const places = new Map<string, [number, string, string, string, string, number]>();
  const sectors = new Map<string, [number, string, number]>();
  for (const { id, places: ps, sectors: ss } of entries) {
    for (const p of ps) {
      const ward = p.ward ?? '';
      const k = `${id}\u0000${p.level}\u0000${p.code}\u0000${ward}`;
      const had = places.get(k);
      if (had === undefined || had[5] < p.confidence) {
        places.set(k, [id, p.province, ward, p.level, p.code, p.confidence]);
      }
    }
    for (const s of ss) {
      const k = `${id}\u0000${s.sector}`;
      if (!sectors.has(k)) sectors.set(k, [id, s.sector, s.confidence]);
    }
  }
  if (places.size > 0) {
    const rows = [...places.values()];
    await client.query(
      `INSERT INTO mention_places (mention_id, province, ward, level, code, confidence)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],
         $6::float8[])`,
      [0, 1, 2, 3, 4, 5].map((i) => rows.map((r) => r[i])),
    );
  }
  if (sectors.size > 0) {
    const rows = [...sectors.values()];
    await client.query(
      `INSERT INTO mention_sectors (mention_id, sector, confidence)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[])`,
      [0, 1, 2].map((i) => rows.map((r) => r[i])),
    );
  }
}

/**
 * Writes the places, sectors and stories of a saved batch inside its transaction. `before`
 * holds the text each edited mention had before the batch.
 */
export async function writePlacesAndStories(
  client: pg.PoolClient,
  stories: PgStoryAssigner,
  inputs: readonly MentionInput[],
  saved: SaveMentionsResult,
  before: ReadonlyMap<number, TextBefore> = new Map(),
): Promise<void> {
  // The final state of each mention the batch wrote, in input order of first appearance.
  const byId = new Map<number, Tagged>();
  inputs.forEach((input, i) => {
    const id = saved.ids[i]!;
    const status = saved.statuses[i]!;
    const known = byId.get(id);
    if (known === undefined) {
      if (status === 'unchanged') return;
      byId.set(id, { id, input, fresh: status === 'new', deleted: input.deleted === true });
      return;
    }
    if (known.deleted) return;
    if (input.deleted) known.deleted = true;
    else if (input.analysis?.places !== undefined && status !== 'unchanged') known.input = input;
  });
  const entries: { id: number; places: MentionPlace[]; sectors: MentionSector[] }[] = [];
  const replace: number[] = [];
  const removed: number[] = [];
  const fresh: Tagged[] = [];
  const edited: Tagged[] = [];
  for (const t of byId.values()) {
    if (t.deleted) {
      if (!t.fresh) {
        replace.push(t.id);
        removed.push(t.id);
      }
      continue;
    }
    const places = t.input.analysis?.places;
    if (places === undefined) continue;
    entries.push({ id: t.id, places, sectors: t.input.analysis?.sectors ?? [] });
    if (t.fresh) fresh.push(t);
    else {
      replace.push(t.id);
      if (before.has(t.id)) edited.push(t);
    }
  }
  if (entries.length === 0 && replace.length === 0) return;
  await replaceMentionTags(client, entries, replace);
  if (removed.length > 0) await stories.remove(client, removed);
  if (fresh.length === 0 && edited.length === 0) return;
  const { rows } = await client.query<{
    id: string;
    sort_ms: string;
    thread_root_id: string | null;
    thread_root_external_id: string | null;
  }>(
    `SELECT id, sort_ms, thread_root_id, thread_root_external_id FROM mentions
     WHERE id = ANY($1::bigint[])`,
    [[...fresh, ...edited].map((t) => t.id)],
  );
  const stored = new Map(rows.map((r) => [Number(r.id), r]));
  const toAssign = (t: Tagged): NewStoryMention | null => {
    const row = stored.get(t.id);
    if (row === undefined) return null;
    return {
      id: t.id,
      title: pgText(t.input.title),
      text: pgText(t.input.text),
      sortMs: Number(row.sort_ms),
      authorKey: t.input.author?.key ?? null,
      provinces: (t.input.analysis?.places ?? []).map((p) => p.province),
      thread:
        row.thread_root_external_id === null
          ? null
          : { rootId: row.thread_root_id === null ? null : Number(row.thread_root_id) },
    };
  };
  const edits: EditedStoryMention[] = [];
  for (const t of edited) {
    const mention = toAssign(t);
    if (mention !== null) edits.push({ ...mention, before: before.get(t.id)! });
  }
  await stories.reassign(client, edits);
  const assigned: NewStoryMention[] = [];
  for (const t of fresh) {
    const mention = toAssign(t);
    if (mention !== null) assigned.push(mention);
  }
  await stories.assign(client, assigned);
}

/** Places and sectors of stored mentions by id, strongest first; mentions never tagged are absent. */
export async function pgTagsOf(
  db: pg.Pool | pg.PoolClient,
  ids: readonly number[],
): Promise<Map<number, { places: MentionPlace[]; sectors: MentionSector[] }>> {
  const out = new Map<number, { places: MentionPlace[]; sectors: MentionSector[] }>();
  if (ids.length === 0) return out;
  const entry = (id: number) => {
    let e = out.get(id);
    if (e === undefined) {
      e = { places: [], sectors: [] };
      out.set(id, e);
    }
    return e;
  };
  const { rows } = await db.query<{
    mention_id: string;
    kind: 'p' | 's';
    province: string | null;
    ward: string | null;
    level: MentionPlace['level'] | null;
    code: string;
    confidence: number;
  }>(
    `SELECT mention_id, 'p' AS kind, province, ward, level, code, confidence FROM mention_places
     WHERE mention_id = ANY($1::bigint[])
     UNION ALL
     SELECT mention_id, 's', NULL, NULL, NULL, sector, confidence FROM mention_sectors
     WHERE mention_id = ANY($1::bigint[])
     ORDER BY 1, 2, 7 DESC`,
    [[...ids]],
  );
  for (const r of rows) {
    const e = entry(Number(r.mention_id));
    if (r.kind === 's') e.sectors.push({ sector: r.code, confidence: r.confidence });
    else {
      e.places.push({
        province: r.province!,
        ward: r.ward === '' ? null : r.ward,
        level: r.level!,
        code: r.code,
        confidence: r.confidence,
      });
    }
  }
  return out;
}
