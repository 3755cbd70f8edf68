// Whether what a usage log entry asked for stays within its unit's places and sectors: the
// place and sector filters it carried (codes, ids) and the `place:` and `sector:` terms of the
// query text it carried. A unit without places (or sectors) is not limited in them.

import { scopeProblem } from '../identity/topic-scope.js';
import type { Unit } from '../identity/units.js';
import { placeNames } from '../identity/units.js';
import { type Gazetteer, loadGazetteer } from '../places/index.js';
import { parseQuery } from '../query/parse.js';

/** Every place code a unit covers: its own and those inside them (a province's wards …). */
export function unitPlaceCodes(places: readonly string[], gazetteer: Gazetteer): Set<string> {
  const codes = new Set<string>();
  for (const place of places) {
    const [level, code = ''] = place.split(':');
    codes.add(code);
    if (level === 'province') {
      for (const ward of gazetteer.wards) if (ward.province === code) codes.add(ward.code);
      for (const d of gazetteer.formerDistricts) if (d.province === code) codes.add(d.code);
    } else if (level === 'district') {
      for (const ward of gazetteer.formerDistrict(code)?.wards ?? []) codes.add(ward);
    }
  }
  return codes;
}

export interface UnitScope {
  placeCodes: ReadonlySet<string>;
  placeNames: readonly string[];
  sectors: readonly string[];
}

export function scopeOfUnit(unit: Unit, gazetteer: Gazetteer = loadGazetteer()): UnitScope {
  return {
    placeCodes: unitPlaceCodes(unit.places, gazetteer),
    placeNames: unit.places.length === 0 ? [] : placeNames(unit.places, gazetteer),
    sectors: unit.sectors,
  };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Why the entry's request went beyond the unit's places or sectors, or null. */
export function entryScopeProblem(detailJson: string, scope: UnitScope): string | null {
  let detail: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(detailJson);
    if (parsed === null || typeof parsed !== 'object') return null;
    detail = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  if (scope.placeCodes.size > 0) {
    const outside = strings(detail.places).filter((code) => !scope.placeCodes.has(code));
    if (outside.length > 0)
      return `place filter ${outside.join(', ')} is outside the unit's places`;
  }
  if (scope.sectors.length > 0) {
    const outside = strings(detail.sectors).filter((id) => !scope.sectors.includes(id));
    if (outside.length > 0)
      return `sector filter ${outside.join(', ')} is outside the unit's sectors`;
  }
  for (const field of ['query', 'q']) {
    const text = detail[field];
    if (typeof text !== 'string' || text.trim() === '') continue;
    try {
      const problem = scopeProblem(parseQuery(text), {
        placeNames: scope.placeNames,
        sectors: scope.sectors,
      });
      if (problem) return problem;
    } catch {
      // A query that does not parse asked for nothing in particular.
    }
  }
  return null;
}
