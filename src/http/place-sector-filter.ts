// `place=` and `sector=` of an API filter resolved to what the store filters on: place codes
// through the gazetteer, sector ids through the taxonomy; a value naming nothing is refused with
// its own code, so the dashboard can say it in its language.
import { resolveSector } from '../analysis/sectors/resolve-sector.js';
import { resolvePlace } from '../places/resolve-place.js';
import { apiError } from './api-error.js';

export function placeCodesOfFilter(values: readonly string[]): string[] {
  const codes = new Set<string>();
  for (const value of values) {
    const place = resolvePlace(value);
    if (place === null) {
      throw apiError('unknown_place', { field: 'place', value }, { field: 'place' });
    }
    for (const code of place.codes) codes.add(code);
  }
  return [...codes];
}

export function sectorIdsOfFilter(values: readonly string[]): string[] {
  return [
    ...new Set(
      values.map((value) => {
        const id = resolveSector(value);
        if (id === null) {
          throw apiError('unknown_sector', { field: 'sector', value }, { field: 'sector' });
        }
        return id;
      }),
    ),
  ];
}
