// `place=` and `sector=` of an API filter resolved to what the store filters on: place codes
// through the gazetteer, sector ids through the taxonomy; a value naming nothing is refused.
import { resolveSector } from '../analysis/sectors/resolve-sector.js';
import { resolvePlace } from '../places/resolve-place.js';
import { HttpError } from './api-error.js';

export function placeCodesOfFilter(values: readonly string[]): string[] {
  const codes = new Set<string>();
  for (const value of values) {
    const place = resolvePlace(value);
    if (place === null) {
      throw new HttpError(400, `place: no province, former district or ward is called "${value}"`, {
        field: 'place',
      });
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
          throw new HttpError(400, `sector: no sector is called "${value}"`, { field: 'sector' });
        }
        return id;
      }),
    ),
  ];
}
