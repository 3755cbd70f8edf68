// Writes a mention's places and sectors (places-stories-schema.ts) inside the caller's
// transaction. A mention already counted in the roll-ups is taken out with its old tags and
// put back with its new ones; a mention of the batch being saved is counted later, with the
// rest of its batch (grouped-rollups.ts).
import type Database from 'better-sqlite3';
import type { MentionPlace, MentionSector } from '../../model.js';
import { mentionTagDelta } from './places-stories-schema.js';

export class PlaceSectorTags {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      insertPlace: db.prepare(
        `INSERT INTO mention_places (mention_id, province, ward, level, code, confidence)
         VALUES (@id, @province, @ward, @level, @code, @confidence)
         ON CONFLICT DO UPDATE SET confidence = max(confidence, excluded.confidence)`,
      ),
      insertSector: db.prepare(
        `INSERT INTO mention_sectors (mention_id, sector, confidence) VALUES (?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      deletePlaces: db.prepare<[number]>('DELETE FROM mention_places WHERE mention_id = ?'),
      deleteSectors: db.prepare<[number]>('DELETE FROM mention_sectors WHERE mention_id = ?'),
      uncount: mentionTagDelta('m', '@id', -1).map((sql) => db.prepare<{ id: number }>(sql)),
      count: mentionTagDelta('m', '@id', 1).map((sql) => db.prepare<{ id: number }>(sql)),
    };
  }

  /**
   * Replaces a mention's places and sectors. `counted`: the mention is already in the roll-ups
   * (stored before this batch), so its roll-up rows move with its tags.
   */
  replace(
    id: number,
    places: readonly MentionPlace[],
    sectors: readonly MentionSector[],
    counted: boolean,
  ): void {
    const s = this.s;
    if (counted) for (const statement of s.uncount) statement.run({ id });
    s.deletePlaces.run(id);
    s.deleteSectors.run(id);
    this.insert(id, places, sectors);
    if (counted) for (const statement of s.count) statement.run({ id });
  }

  /** Tags of a mention that has none yet and is not counted yet. */
  insert(id: number, places: readonly MentionPlace[], sectors: readonly MentionSector[]): void {
    for (const p of places) {
      this.s.insertPlace.run({
        id,
        province: p.province,
        ward: p.ward ?? '',
        level: p.level,
        code: p.code,
        confidence: p.confidence,
      });
    }
    for (const t of sectors) this.s.insertSector.run(id, t.sector, t.confidence);
  }
}
