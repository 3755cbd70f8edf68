// First-topic templates (topic-templates.json) filled in for a unit's places and sectors: each
// query names its sector and place with `sector:` and `place:`, which the server checks against
// the unit's scope.
import type { MapPoints } from '../places-map/map-points.js';
import data from './topic-templates.json';

export type Lang = 'vi' | 'en';

interface TemplateRow {
  sector: string;
  label: Record<Lang, string>;
  name: Record<Lang, string>;
  words: string;
}

export interface UnitScope {
  name: string;
  /** `province:79`, `district:769`, `ward:25747`. */
  places: string[];
  sectors: string[];
  functions: string[];
}

export interface ScopePlace {
  /** As in the unit: `province:79`. */
  id: string;
  name: string;
}

export interface TopicDraft {
  sector: string;
  name: string;
  query: string;
}

const TEMPLATES = data.templates as TemplateRow[];

/** The unit's places with their names, in its order; codes the gazetteer lacks are dropped. */
export function scopePlaces(unit: UnitScope, points: MapPoints): ScopePlace[] {
  const places: ScopePlace[] = [];
  for (const id of unit.places) {
    const [level, code] = id.split(':');
    const row =
      level === 'province'
        ? points.provinces.find((p) => p[0] === code)
        : level === 'ward'
          ? points.wards.find((w) => w[0] === code)
          : level === 'district'
            ? points.formerDistricts.find((d) => d[0] === code)
            : undefined;
    if (row) places.push({ id, name: row[1] });
  }
  return places;
}

/** The sectors to offer: the unit's own that have a template, else the default ones. */
export function templateSectors(unit: UnitScope): string[] {
  const known = new Set(TEMPLATES.map((t) => t.sector));
  const own = unit.sectors.filter((s) => known.has(s));
  return own.length > 0 ? own : unit.sectors.length > 0 ? [] : [...data.defaultSectors];
}

const quoted = (text: string) => `"${text.replaceAll('"', '')}"`;

/** A draft topic for a sector in a place (null: the whole country, for a unit without places). */
export function draftTopic(sector: string, place: ScopePlace | null, lang: Lang): TopicDraft {
  const template = TEMPLATES.find((t) => t.sector === sector);
  if (!template) throw new Error(`no topic template for sector ${sector}`);
  const placeName = place?.name ?? (lang === 'en' ? 'Vietnam' : 'cả nước');
  const scope = place ? ` AND place:${quoted(place.name)}` : '';
  return {
    sector,
    name: template.name[lang].replace('{place}', placeName),
    query: `(${template.words} OR sector:${sector})${scope}`,
  };
}

export function sectorLabel(sector: string, lang: Lang): string {
  return TEMPLATES.find((t) => t.sector === sector)?.label[lang] ?? sector;
}
