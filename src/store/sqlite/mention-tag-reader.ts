// Reads the places and sectors of stored mentions (places-stories-schema.ts): onto Mention
// objects for topic matching and drill-down, or as the codes the query matcher compares.
import type { Mention, MentionPlace, MentionSector } from '../../model.js';
import { placeCodesOf } from '../../places/resolve-place.js';
import type { StatementCache } from './statement-cache.js';

interface PlaceRow {
  mention_id: number;
  province: string;
  ward: string;
  level: MentionPlace['level'];
  code: string;
  confidence: number;
}

interface SectorRow {
  mention_id: number;
  sector: string;
  confidence: number;
}

export class MentionTagReader {
  constructor(private readonly statement: StatementCache) {}

  /** Places and sectors by mention id; mentions never tagged are absent. */
  tagsOf(
    ids: readonly number[],
  ): Map<number, { places: MentionPlace[]; sectors: MentionSector[] }> {
    const out = new Map<number, { places: MentionPlace[]; sectors: MentionSector[] }>();
    if (ids.length === 0) return out;
    const json = JSON.stringify(ids);
    const entry = (id: number) => {
      let e = out.get(id);
      if (e === undefined) {
        e = { places: [], sectors: [] };
        out.set(id, e);
      }
      return e;
    };
    const places = this.statement(
      `SELECT mention_id, province, ward, level, code, confidence FROM mention_places
       WHERE mention_id IN (SELECT value FROM json_each(?)) ORDER BY mention_id, confidence DESC`,
    ).all(json) as PlaceRow[];
    for (const r of places) {
      entry(r.mention_id).places.push({
        province: r.province,
        ward: r.ward === '' ? null : r.ward,
        level: r.level,
        code: r.code,
        confidence: r.confidence,
      });
    }
    const sectors = this.statement(
      `SELECT mention_id, sector, confidence FROM mention_sectors
       WHERE mention_id IN (SELECT value FROM json_each(?)) ORDER BY mention_id, confidence DESC`,
    ).all(json) as SectorRow[];
    for (const r of sectors) {
      entry(r.mention_id).sectors.push({ sector: r.sector, confidence: r.confidence });
    }
    return out;
  }

  /** What `place:` and `sector:` compare, by mention id. */
  codesOf(ids: readonly number[]): Map<number, { places: string[]; sectors: string[] }> {
    const out = new Map<number, { places: string[]; sectors: string[] }>();
    for (const [id, tags] of this.tagsOf(ids)) {
      out.set(id, {
        places: placeCodesOf(tags.places),
        sectors: tags.sectors.map((s) => s.sector),
      });
    }
    return out;
  }

  /** Puts each analysed mention's places and sectors on its analysis. */
  attach(mentions: readonly Mention[]): void {
    const tags = this.tagsOf(mentions.filter((m) => m.analysis !== null).map((m) => m.id));
    for (const m of mentions) {
      const t = tags.get(m.id);
      if (m.analysis === null || t === undefined) continue;
      m.analysis.places = t.places;
      m.analysis.sectors = t.sectors;
    }
  }
}
