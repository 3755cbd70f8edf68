// Units: an organisation's tree (the city; its departments; provinces, former districts and
// wards; custom teams). Each is responsible for places (gazetteer codes) and sectors (taxonomy
// ids), and lists its functions: the purposes a topic of the unit may cite.
import { loadSectors } from '../analysis/sectors/index.js';
import type { Gazetteer } from '../places/index.js';

export const UNIT_KINDS = [
  'organisation',
  'department',
  'province',
  'district',
  'ward',
  'team',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  id: number;
  parentId: number | null;
  kind: UnitKind;
  name: string;
  /** `province:79`, `district:769` (before the July 2025 reorganisation), `ward:25747`. */
  places: string[];
  /** Sector ids of src/analysis/sectors/taxonomy.json. */
  sectors: string[];
  /** Purposes its topics may cite, e.g. "theo dõi ngập úng". */
  functions: string[];
  createdAt: string;
}

export interface NewUnit {
  parentId: number | null;
  kind: UnitKind;
  name: string;
  places?: string[];
  sectors?: string[];
  functions?: string[];
}

/** The function every unit has until it lists its own; migrated topics cite it. */
export const GENERAL_FUNCTION = 'general monitoring';

export function isUnitKind(value: string): value is UnitKind {
  return (UNIT_KINDS as readonly string[]).includes(value);
}

export type PlaceLevel = 'province' | 'district' | 'ward';

const LEVEL_BY_LENGTH: Readonly<Record<number, PlaceLevel>> = {
  2: 'province',
  3: 'district',
  5: 'ward',
};

/** `79` / `province:79` → `province:79`; a bare code's level is read from its length. */
export function canonicalPlace(text: string, gazetteer: Gazetteer): string {
  const trimmed = text.trim();
  const match = /^(?:(province|district|ward):)?(\d{2,5})$/.exec(trimmed);
  const level = (match?.[1] as PlaceLevel | undefined) ?? LEVEL_BY_LENGTH[match?.[2]?.length ?? 0];
  const code = match?.[2];
  if (!level || !code) {
    throw new Error(
      `place ${trimmed}: expected a gazetteer code such as province:79 or ward:25747`,
    );
  }
  const known =
    level === 'province'
      ? gazetteer.province(code)
      : level === 'district'
        ? gazetteer.formerDistrict(code)
        : gazetteer.ward(code);
  if (!known) throw new Error(`place ${trimmed}: no ${level} with code ${code} in the gazetteer`);
  return `${level}:${code}`;
}

export function checkSector(id: string): string {
  const ids = loadSectors().map((s) => s.id as string);
  if (!ids.includes(id)) throw new Error(`sector ${id}: not one of ${ids.join(', ')}`);
  return id;
}

/** Names of the places a unit covers, including those inside them (a province's wards …). */
export function placeNames(places: readonly string[], gazetteer: Gazetteer): string[] {
  const names = new Set<string>();
  for (const place of places) {
    const [level, code = ''] = place.split(':');
    if (level === 'province') {
      const province = gazetteer.province(code);
      if (!province) continue;
      names.add(province.name);
      for (const ward of gazetteer.wards) if (ward.province === code) names.add(ward.name);
      for (const d of gazetteer.formerDistricts) if (d.province === code) names.add(d.name);
    } else if (level === 'district') {
      const district = gazetteer.formerDistrict(code);
      if (!district) continue;
      names.add(district.name);
      for (const w of district.wards) {
        const ward = gazetteer.ward(w);
        if (ward) names.add(ward.name);
      }
    } else if (level === 'ward') {
      const ward = gazetteer.ward(code);
      if (ward) names.add(ward.name);
    }
  }
  return [...names];
}
