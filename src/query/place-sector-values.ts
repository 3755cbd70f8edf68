// Values of `place:` and `sector:`: a place named by a user resolves through the gazetteer to
// the codes tagged mentions carry (a province covers its wards), a sector to its taxonomy id.
// A value that names nothing is refused when the query is parsed, so a topic never silently
// matches nothing. The gazetteer is loaded on the first place: value, not before.
import { resolveSector } from '../analysis/sectors/resolve-sector.js';
import { resolvePlace } from '../places/resolve-place.js';
import type { QuerySyntaxParams } from './syntax-codes.js';

/** Codes a document's places must share one of; [] when the place is unknown. */
export function placeCodesOfQuery(text: string): string[] {
  return resolvePlace(text)?.codes ?? [];
}

/** Sector id of a `sector:` value; '' when unknown (matches nothing). */
export function sectorOfQuery(text: string): string {
  return resolveSector(text) ?? '';
}

type PlaceSectorProblem = {
  [C in 'query_whole_name' | 'query_unknown_place' | 'query_unknown_sector']: {
    expected: string;
    code: C;
    params: QuerySyntaxParams<C>;
  };
}['query_whole_name' | 'query_unknown_place' | 'query_unknown_sector'];

/** Why a place: or sector: value cannot be used, or null when it resolves. */
export function placeSectorProblem(
  field: 'place' | 'sector',
  text: string,
  prefix: boolean,
): PlaceSectorProblem | null {
  if (prefix) {
    return {
      expected: `a whole ${field} name`,
      code: 'query_whole_name',
      params: { queryField: field },
    };
  }
  if (field === 'place') {
    return resolvePlace(text) === null
      ? {
          expected: 'a province, district or ward',
          code: 'query_unknown_place',
          params: { value: text.trim() },
        }
      : null;
  }
  return resolveSector(text) === null
    ? {
        expected: 'a sector id or name',
        code: 'query_unknown_sector',
        params: {
          value: text.trim(),
          allowed:
            'traffic, flooding, environment, land, health, education, order, administration, utilities, prices, welfare, other',
        },
      }
    : null;
}
