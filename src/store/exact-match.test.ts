import { describe, expect, it } from 'vitest';
import { matchesExactly } from './exact-match.js';
import { parseSearchTerms } from './search-terms.js';

const doc = (text: string, title: string | null = null) => ({ title, text });

describe('matchesExactly', () => {
  it('tells apart words that fold to the same form', () => {
    const terms = parseSearchTerms('đường');
    expect(matchesExactly(terms, doc('Con đường làng'))).toBe(true);
    expect(matchesExactly(terms, doc('Cây dương liễu'))).toBe(false);
    expect(matchesExactly(terms, doc('duong pho'))).toBe(false);
    expect(matchesExactly(terms, doc('ĐƯỜNG PHỐ'))).toBe(true);
  });

  it('needs whole words and every term, in the title or the text', () => {
    expect(matchesExactly(parseSearchTerms('ma'), doc('mai và mà'))).toBe(false);
    expect(matchesExactly(parseSearchTerms('mà'), doc('mai và mà'))).toBe(true);
    expect(matchesExactly(parseSearchTerms('huế mưa'), doc('trời mưa', 'Huế'))).toBe(true);
    expect(matchesExactly(parseSearchTerms('huế nắng'), doc('trời mưa', 'Huế'))).toBe(false);
  });

  it('keeps phrase order', () => {
    const terms = parseSearchTerms('"thành phố"');
    expect(matchesExactly(terms, doc('Thành phố, đêm'))).toBe(true);
    expect(matchesExactly(terms, doc('phố thành'))).toBe(false);
  });
});
