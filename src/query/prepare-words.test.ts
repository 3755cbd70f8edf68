import { describe, expect, it } from 'vitest';
import { seededRandom } from './fixtures/random-corpus.js';
import { prepareDocument } from './prepare.js';
import { IdColumns, WordDictionary } from './prepare-words.js';
import { tokenizeColumns } from './tokenize.js';

// Pieces that exercise every path: plain and accented words in both cases, decomposed accents,
// letters that NFC or lower-casing change (Kelvin and ohm signs, dotted I, final sigma), Hangul
// jamo that compose, marks after separators, digits, emoji and other astral characters.
const PIECES = [
  'ngập',
  'NGẬP',
  'Thủ Đức',
  'thu duc',
  'Hà Nội',
  'ha\u0300 no\u0323i',
  'Quận 7',
  'VinFast',
  'e\u0301',
  ' \u0301',
  '\u212a',
  '\u2126m',
  'İstanbul',
  'ΟΔΟΣ',
  'ΟΔΟΣ.Β',
  '\u1100\u1161',
  '가',
  '🎉',
  '𝐀𝐁',
  'a\u0338b',
  'x²',
  'ǅ',
  'ﬁ',
  'ß',
  'Ⅷ',
  'Ⓐ',
  'đường',
  '123',
  '\ue000',
  'à',
];
const SEPARATORS = [' ', ', ', '.', '-', '\n', '…', '“', '/', '', '_'];

function randomText(random: () => number): string {
  const parts: string[] = [];
  const count = Math.floor(random() * 12);
  for (let i = 0; i < count; i++) {
    parts.push(PIECES[Math.floor(random() * PIECES.length)]!);
    parts.push(SEPARATORS[Math.floor(random() * SEPARATORS.length)]!);
  }
  return parts.join('');
}

describe('WordDictionary', () => {
  it('tokenises exactly as tokenizeColumns, on the fast path and off it', () => {
    const random = seededRandom(5);
    const dictionary = new WordDictionary();
    const out = new IdColumns();
    for (let i = 0; i < 3000; i++) {
      const text = randomText(random);
      dictionary.tokenize(text, out);
      const expected = tokenizeColumns(text);
      const folded = Array.from(out.folded.subarray(0, out.length), (id) => dictionary.words[id]);
      const exact = Array.from(out.exact.subarray(0, out.length), (id) => dictionary.words[id]);
      expect({ text, folded, exact }).toEqual({ text, ...expected });
    }
    expect(dictionary.size).toBeGreaterThan(20);
  });

  it('gives one id per distinct word form', () => {
    const dictionary = new WordDictionary();
    const out = new IdColumns();
    dictionary.tokenize('Ngập ngập NGẬP ngap', out);
    const folded = [...out.folded.subarray(0, out.length)];
    const exact = [...out.exact.subarray(0, out.length)];
    expect(new Set(folded).size).toBe(1);
    expect(new Set(exact).size).toBe(2);
    expect(dictionary.idOf('ngap')).toBe(folded[0]);
    expect(dictionary.idOf('ngập')).toBe(exact[0]);
    expect(dictionary.idOf('mưa')).toBe(-1);
  });
});

describe('prepareDocument', () => {
  it('answers word, prefix and position questions by id as by string', () => {
    const doc = prepareDocument({
      title: 'Triều cường ở Thủ Đức',
      text: 'Ngập sâu, ngập nặng; triều cường lên cao',
      platform: 'Web',
      lang: 'vi_VN',
      sentiment: null,
      url: 'https://VnExpress.net./a',
    });
    expect(doc.text.folded).toEqual([
      'ngap',
      'sau',
      'ngap',
      'nang',
      'trieu',
      'cuong',
      'len',
      'cao',
    ]);
    expect(doc.text.exact[0]).toBe('ngập');
    expect(doc.text.has('ngap', false)).toBe(true);
    expect(doc.text.has('ngập', true)).toBe(true);
    expect(doc.text.has('ngập', false)).toBe(false);
    expect(doc.text.hasPrefix('ng', false)).toBe(true);
    expect(doc.text.positions('ngap', false, false)).toEqual([0, 2]);
    expect(doc.text.positions('n', false, true)).toEqual([0, 2, 3]);
    expect([...doc.foldedPairs]).toContain('thu duc');
    expect(doc.foldedPairs.has('duc ngap')).toBe(false);
    expect(doc.platform).toBe('web');
    expect(doc.lang).toBe('vi-vn');
    expect(doc.host).toBe('vnexpress.net');
  });
});
