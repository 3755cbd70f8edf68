import { describe, expect, it } from 'vitest';
import { parseSearchTerms } from './search-terms.js';

describe('parseSearchTerms', () => {
  it('splits words, keeps quoted phrases, folds and keeps exact forms', () => {
    expect(parseSearchTerms('Đường  "thành phố Huế" covid-19')).toEqual([
      { folded: ['duong'], exact: ['đường'] },
      { folded: ['thanh', 'pho', 'hue'], exact: ['thành', 'phố', 'huế'] },
      { folded: ['covid', '19'], exact: ['covid', '19'] },
    ]);
  });

  it('treats decomposed input like composed input', () => {
    expect(parseSearchTerms('Đường'.normalize('NFD'))).toEqual(parseSearchTerms('Đường'));
  });

  it('survives unbalanced quotes and punctuation-only input', () => {
    expect(parseSearchTerms('"ha noi')).toEqual([{ folded: ['ha', 'noi'], exact: ['ha', 'noi'] }]);
    expect(parseSearchTerms('" * ( ) : -')).toEqual([]);
    expect(parseSearchTerms('')).toEqual([]);
  });
});
