// A weekly report's area as a user names it (a province, a ward, a department's sectors)
// resolved to the codes and sector ids the issue store filters by, with a readable label.
import { loadSectors } from '../../analysis/sectors/index.js';
import { resolvePlace } from '../../places/resolve-place.js';
import type { IssueScope, ReportArea } from '../report-types.js';

export class AreaError extends Error {
  override name = 'AreaError';
}

export interface ResolvedArea {
  area: ReportArea;
  scope: IssueScope;
  label: string;
}

export function resolveArea(area: ReportArea): ResolvedArea {
  const known = new Map(loadSectors().map((s) => [s.id as string, s]));
  const sectors = area.sectors ?? [];
  for (const id of sectors) {
    if (!known.has(id)) {
      throw new AreaError(`unknown sector: ${id} (known: ${[...known.keys()].join(', ')})`);
    }
  }
  if (area.level === 'sectors' && sectors.length === 0) {
    throw new AreaError('an area of sectors needs at least one sector');
  }
  let places: string[] = [];
  let placeLabel: string | null = null;
  if (area.place) {
    const resolved = resolvePlace(area.place);
    if (!resolved) throw new AreaError(`unknown place: ${area.place}`);
    if (area.level === 'province' && resolved.level !== 'province') {
      throw new AreaError(`${area.place} is a ${resolved.level}, not a province`);
    }
    if (area.level === 'ward' && resolved.level === 'province') {
      throw new AreaError(`${area.place} is a province, not a ward`);
    }
    places = resolved.codes;
    placeLabel = resolved.label;
  } else if (area.level !== 'sectors') {
    throw new AreaError(`an area of level ${area.level} needs a place`);
  }
  const sectorLabel = sectors.map((id) => known.get(id)!.vi).join(', ');
  const label = [placeLabel, sectorLabel].filter((x) => x).join(' · ');
  return { area, scope: { places, sectors }, label };
}

/** Sector names by id, Vietnamese and English. */
export function sectorNames(): Map<string, { vi: string; en: string }> {
  return new Map(loadSectors().map((s) => [s.id as string, { vi: s.vi, en: s.en }]));
}
