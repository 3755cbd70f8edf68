import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../../src/http/error-codes.js';
import { parseQuery, QuerySyntaxError } from '../../../src/query/parse.js';
import {
  QUERY_EXPECTATIONS,
  QUERY_FOUND_WORDS,
  QUERY_SYNTAX_CODES,
  type QuerySyntaxCode,
} from '../../../src/query/syntax-codes.js';
import { apiErrorText } from './error-text.js';
import { queryErrorsEn, queryWordsEn } from './query-errors-en.js';
import { queryErrorsVi, queryWordsVi } from './query-errors-vi.js';

// One query refused for each reason the lexer and parser give.
const REFUSED: Record<QuerySyntaxCode, string> = {
  query_too_long: 'a '.repeat(2001),
  query_too_deep: `${'('.repeat(40)}a${')'.repeat(40)}`,
  query_too_many_terms: 'a '.repeat(501),
  query_unexpected_token: 'a AND',
  query_unmatched_paren: 'a)',
  query_unclosed_phrase: '"thanh pho',
  query_only_excludes: '-a',
  query_dangling_minus: 'a - b',
  query_dangling_equals: 'a = b',
  query_star_inside_word: 'a*b',
  query_short_prefix: 'n*',
  query_no_letters: '&& a',
  query_phrase_no_letters: '""',
  query_phrase_needs_space: '"kẹt xe"abc',
  query_proximity_number: '"kẹt xe"~',
  query_proximity_one_word: '"ngập"~3',
  query_proximity_in_field: 'lang:"vi en"~2',
  query_near_distance_number: 'a NEAR/x b',
  query_near_distance_too_large: 'a NEAR/5000 b',
  query_near_mixed_distance: 'a NEAR/2 b NEAR/3 c',
  query_near_operand: 'a NEAR (b OR c)',
  query_near_in_field: 'platform:(web NEAR x)',
  query_nested_field: 'title:(a text:b)',
  query_missing_value: 'title: x',
  query_empty_value: 'lang:" "',
  query_unknown_value: 'sentiment:happy',
  query_unknown_place: 'place:atlantis',
  query_unknown_sector: 'sector:weather',
  query_whole_name: 'place:hà*',
  query_site_wildcard: 'site:vnexpress*',
};

function refusal(query: string): QuerySyntaxError {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`${query} parsed`);
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
// Letters outside the basic Latin alphabet that only Vietnamese writes.
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

describe('query refusals as codes, in both languages', () => {
  it('gives each reason its own code, with the values its sentence names', () => {
    for (const [code, query] of Object.entries(REFUSED) as [QuerySyntaxCode, string][]) {
      const error = refusal(query);
      expect(error.code, query).toBe(code);
      for (const name of QUERY_SYNTAX_CODES[code].params) {
        expect(error.params, `${code} ${name}`).toHaveProperty(name);
      }
      expect(error.message).toMatch(/^at position \d+: /);
    }
  });

  it('declares every query code to the API and translates it with all its values', () => {
    for (const code of Object.keys(QUERY_SYNTAX_CODES) as QuerySyntaxCode[]) {
      expect(API_ERROR_CODES[code].status).toBe(400);
      const needed = ['position', ...QUERY_SYNTAX_CODES[code].params].sort();
      for (const text of [queryErrorsVi[code], queryErrorsEn[code]]) {
        expect([...new Set(placeholders(text))].sort(), `${code}: ${text}`).toEqual(needed);
      }
    }
  });

  it('names in Vietnamese what the parser expected or found', () => {
    for (const word of [...QUERY_EXPECTATIONS, ...QUERY_FOUND_WORDS]) {
      expect(queryWordsVi[word], word).toBeTruthy();
      expect(queryWordsEn[word], word).toBeTruthy();
    }
  });

  it('says a refusal in Vietnamese without the English sentence inside it', () => {
    for (const query of Object.values(REFUSED)) {
      const error = refusal(query);
      const params = { ...error.params, field: 'q', position: error.position };
      const said = apiErrorText('vi', {
        status: 400,
        message: error.message,
        code: error.code,
        params,
      });
      expect(said, query).toMatch(VIETNAMESE);
      expect(said, query).not.toContain(error.reason);
      expect(said, query).not.toMatch(/end of query|a space|a term, phrase|expected|found/);
    }
    const open = refusal('(ngập OR trieu');
    const said = apiErrorText('vi', {
      status: 400,
      message: open.message,
      code: open.code,
      params: { ...open.params, field: 'q', position: open.position },
    });
    expect(said).toBe('Lỗi truy vấn ở vị trí 14: cần “)” nhưng gặp cuối truy vấn.');
    const typed = refusal('OR a');
    const saidTyped = apiErrorText('en', {
      status: 400,
      message: typed.message,
      code: typed.code,
      params: { ...typed.params, field: 'q', position: typed.position },
    });
    expect(saidTyped).toContain('found “OR”');
  });

  it('keeps the English sentence for the command line', () => {
    expect(refusal('(ngập OR trieu').message).toBe(
      "at position 14: expected ')' but found end of query",
    );
  });
});
