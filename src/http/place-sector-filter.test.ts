import { describe, expect, it } from 'vitest';
import { errorsEn } from '../../web/src/i18n/errors-en.js';
import { errorsVi } from '../../web/src/i18n/errors-vi.js';
import { HttpError } from './api-error.js';
import { placeCodesOfFilter, sectorIdsOfFilter } from './place-sector-filter.js';

function refusal(run: () => unknown): HttpError {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('place= and sector= filters', () => {
  it('refuses an unknown place with a declared code naming the field and the value', () => {
    const error = refusal(() => placeCodesOfFilter(['atlantis']));
    const body = error.toBody().error;
    expect(body).toMatchObject({
      status: 400,
      code: 'unknown_place',
      field: 'place',
      params: { field: 'place', value: 'atlantis' },
    });
    expect(body.message).toBe('place: no province, former district or ward is called "atlantis"');
  });

  it('refuses an unknown sector with a declared code naming the field and the value', () => {
    const error = refusal(() => sectorIdsOfFilter(['weather']));
    expect(error.toBody().error).toMatchObject({
      status: 400,
      code: 'unknown_sector',
      field: 'sector',
      params: { field: 'sector', value: 'weather' },
    });
  });

  it('has a sentence for both codes in each language of the dashboard', () => {
    for (const code of ['unknown_place', 'unknown_sector'] as const) {
      expect(errorsEn[code]).toContain('{value}');
      expect(errorsVi[code]).toContain('{value}');
    }
  });

  it('resolves known values without refusing', () => {
    expect(sectorIdsOfFilter(['flooding', 'flooding'])).toEqual(['flooding']);
    expect(placeCodesOfFilter(['79']).length).toBeGreaterThan(0);
  });
});
