import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES, NOT_FOUND_THINGS } from '../../../src/http/error-codes.js';
import { apiErrorText } from './error-text.js';
import { errorsEn, thingsEn } from './errors-en.js';
import { errorsVi, thingsVi } from './errors-vi.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dashboard says every server refusal in both languages', () => {
  const codes = Object.keys(API_ERROR_CODES) as (keyof typeof API_ERROR_CODES)[];

  it('has a Vietnamese and an English sentence for every code the server declares', () => {
    expect(Object.keys(errorsVi).sort()).toEqual([...codes].sort());
    expect(Object.keys(errorsEn).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      // Each translation uses only parameters the server sends, and all of them but the field
      // name, which a query error shown under its input need not repeat.
      const declared: readonly string[] = API_ERROR_CODES[code].params;
      const needed = declared.filter((name) => name !== 'field' || !code.startsWith('query_'));
      for (const text of [errorsVi[code], errorsEn[code]]) {
        const used = placeholders(text);
        for (const name of used) expect(declared, `${code}: ${text}`).toContain(name);
        for (const name of needed) expect(used, `${code}: ${text}`).toContain(name);
      }
      expect(errorsVi[code], code).not.toBe(errorsEn[code]);
    }
  });

  it('names every thing that can be missing in both languages', () => {
    for (const thing of NOT_FOUND_THINGS) {
      expect(thingsVi[thing]).toBeTruthy();
      expect(thingsEn[thing]).toBeTruthy();
    }
  });

  it('fills a refusal from its code and parameters, not from the English message', () => {
    const refusal = {
      status: 404,
      message: 'topic not found',
      code: 'not_found' as const,
      params: { what: 'topic' },
    };
    expect(apiErrorText('vi', refusal)).toBe('Không tìm thấy chủ đề.');
    expect(apiErrorText('en', refusal)).toBe('Topic not found.');
    const query = {
      status: 400,
      message: 'q: sentiment: "happy" is not one of positive, neutral, negative (at position 0)',
      code: 'query_unknown_value' as const,
      params: {
        field: 'q',
        position: 0,
        queryField: 'sentiment',
        value: 'happy',
        allowed: 'positive, neutral, negative',
      },
    };
    expect(apiErrorText('vi', query)).toContain('“happy” không phải một trong positive');
  });

  it('falls back to the server sentence for a code it does not know', () => {
    const unknown = { status: 400, message: 'something new', code: 'later_code', params: {} };
    expect(apiErrorText('vi', unknown as never)).toBe('something new');
  });
});
