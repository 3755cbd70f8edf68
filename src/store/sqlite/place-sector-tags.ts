// Writes a mention's places and sectors (places-stories-schema.ts) inside the caller's
// transaction. A mention already counted in the roll-ups is taken out with its old tags and
// put back with its new ones; a mention of the batch being saved is counted later, with the
// rest of its batch (grouped-rollups.ts). Tags of new mentions are queued and written in one
// statement per table by `flush`, which the writer calls before anything reads them.
import type Database from 'better-sqlite3';
import type { MentionPlace, MentionSector } from '../../model.js';
import { mentionTagDelta } from './places-stories-schema.js';

export class PlaceSectorTags {
  private readonly s;
  /** Rows waiting for `flush`. */
  private places: (string | number)[][] = [];
  private sectors: (string | number)[][] = [];

  constructor(db: Database.Database) {
    this.s = {
      // Rows [id, province, ward, level, code, confidence] in order.
      insertPlaces: db.prepare<[string]>(
        `INSERT INTO mention_places (mention_id, province, ward, level, code, confidence)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
         FROM json_each(?) WHERE true
         ON CONFLICT DO UPDATE SET confidence = max(confidence, excluded.confidence)`,
      ),
      // Rows [id, sector, confidence] in order.
      insertSectors: db.prepare<[string]>(
        `INSERT INTO mention_sectors (mention_id, sector, confidence)
         SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true
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
    this.flush();
    if (counted) for (const statement of s.uncount) statement.run({ id });
    s.deletePlaces.run(id);
    s.deleteSectors.run(id);
    this.insert(id, places, sectors);
    this.flush();
    if (counted) for (const statement of s.count) statement.run({ id });
  }

  /** Tags of a mention that has none yet and is not counted yet, written by `flush`. */
  insert(id: number, places: readonly MentionPlace[], sectors: readonly MentionSector[]): void {
    for (const p of places) {
      this.places.push([id, p.province, p.ward ?? '', p.level, p.code, p.confidence]);
    }
    for (const t of sectors) this.sectors.push([id, t.sector, t.confidence]);
  }

  /** Forgets queued tags (of a batch that failed before writing them). */
  discard(): void {
    this.places = [];
    this.sectors = [];
  }

  /** Writes the queued tags. */
  flush(): void {
    if (this.places.length > 0) this.s.insertPlaces.run(JSON.stringify(this.places));
    if (this.sectors.length > 0) this.s.insertSectors.run(JSON.stringify(this.sectors));
    this.places = [];
    this.sectors = [];
  }
}
