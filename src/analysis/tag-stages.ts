// The analysis stages that say what a text is about: the places (src/places, read in today's
// structure) and the public-service sectors (sectors/). Both are pure and need no state, so
// they run wherever the rest of the pipeline runs, on a worker thread included.
import type { MentionPlace, MentionSector } from '../model.js';
import type { PlaceMention } from '../places/tag-places.js';
import { defaultPlaceTagger } from '../places/tag-places.js';
import { defaultSectorTagger } from './sectors/index.js';
import type { AnalysisStage } from './stage.js';

/** A tagged place as stored: a former ward divided between several wards is one row each. */
export function toMentionPlaces(mentions: readonly PlaceMention[]): MentionPlace[] {
  const out: MentionPlace[] = [];
  for (const m of mentions) {
    const base = { province: m.provinceCode, confidence: m.confidence };
    if (m.level === 'province' || m.level === 'city') {
      out.push({ ...base, ward: null, level: m.level, code: m.provinceCode });
    } else if (m.level === 'district') {
      out.push({ ...base, ward: null, level: 'district', code: m.code });
    } else if (m.structure === 'current') {
      out.push({ ...base, ward: m.code, level: m.level, code: m.code });
    } else {
      for (const ward of m.wards ?? []) out.push({ ...base, ward, level: m.level, code: ward });
    }
  }
  return out;
}

export interface TagContext {
  publishedAt?: string | null;
  /** The source's home province (a code or a name). */
  province?: string | null;
}

/** The places and sectors of one text, as stored. */
export function tagText(
  text: string,
  context: TagContext = {},
): { places: MentionPlace[]; sectors: MentionSector[] } {
  return {
    places: toMentionPlaces(
      defaultPlaceTagger().tag(text, {
        publishedAt: context.publishedAt ?? null,
        province: context.province ?? null,
      }),
    ),
    sectors: defaultSectorTagger()
      .tag(text)
      .map((t): MentionSector => ({ sector: t.sector, confidence: t.confidence })),
  };
}

export function tagStages(): AnalysisStage[] {
  const places = defaultPlaceTagger();
  const sectors = defaultSectorTagger();
  return [
    {
      name: 'places',
      run(docs) {
        for (const d of docs) {
          // Most texts name no place: their word ids say so without scanning the text.
          if (d.runs !== undefined && !places.mayName(d.runs.dictionary, d.runs.ids)) {
            d.places = [];
            continue;
          }
          d.places = toMentionPlaces(
            places.tag(d.text, { publishedAt: d.publishedAt, province: d.homeProvince }),
          );
        }
      },
    },
    {
      name: 'sectors',
      run(docs) {
        for (const d of docs) {
          const runs = d.runs;
          if (runs?.plain && !sectors.mayFire(runs.dictionary, runs.ids)) {
            d.sectors = [{ sector: 'other', confidence: 0 }];
            continue;
          }
          d.sectors = sectors
            .tag(d.text)
            .map((t): MentionSector => ({ sector: t.sector, confidence: t.confidence }));
        }
      },
    },
  ];
}
