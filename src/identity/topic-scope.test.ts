import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../places/index.js';
import { parseQuery } from '../query/parse.js';
import { askedScope, scopeProblem } from './topic-scope.js';
import { canonicalPlace, placeNames } from './units.js';

describe('topic scope', () => {
  const gazetteer = loadGazetteer();
  const hcmc = { placeNames: placeNames(['province:79'], gazetteer), sectors: ['flooding'] };

  it('reads place: and sector: terms outside NOT only', () => {
    const node = parseQuery('ngập (place:"Thủ Đức" OR place:"Bình Thạnh") -place:"Hà Nội"');
    expect(askedScope(node)).toEqual({ places: ['Thủ Đức', 'Bình Thạnh'], sectors: [] });
  });

  it('accepts places inside the unit, in any case and without diacritics, and refuses others', () => {
    expect(scopeProblem(parseQuery('ngập place:"thu duc"'), hcmc)).toBeNull();
    expect(scopeProblem(parseQuery('ngập -place:"Hà Nội"'), hcmc)).toBeNull();
    expect(scopeProblem(parseQuery('ngập place:"Hà Nội"'), hcmc)).toMatch(
      /place:Hà Nội is outside/,
    );
    expect(
      scopeProblem(parseQuery('ngập place:"Hà Nội"'), { placeNames: [], sectors: [] }),
    ).toBeNull();
  });

  it('canonicalises gazetteer codes and refuses unknown ones with the reason', () => {
    expect(canonicalPlace('79', gazetteer)).toBe('province:79');
    expect(canonicalPlace('ward:25747', gazetteer)).toBe('ward:25747');
    expect(() => canonicalPlace('province:99', gazetteer)).toThrow(/no province with code 99/);
    expect(() => canonicalPlace('Quận 1', gazetteer)).toThrow(/expected a gazetteer code/);
  });
});
