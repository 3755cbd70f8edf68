import { describe, expect, it } from 'vitest';
import { DIGIT, hasCharIn, LETTER, MARK, WORD_CHAR, wordsOf } from './word-chars.js';

const SAMPLES = [
  'Thành phố Hồ Chí Minh, quận 1!',
  'ko biet nói gì luôn, chán thật sự :((( 😂😂',
  'TP.HCM - Bà Rịa–Vũng Tàu; Q1/P10 x2',
  'e\u0301 decomposed a\u0323 marks, ٣٤ Arabic digits, 𝐛𝐨𝐥𝐝 math letters, 𐐷 deseret',
  'lone \ud800 high and \udc00 low surrogates \ud83d',
  '',
  '   ',
  '中文字 かな 한국어 ไทย',
];

describe('word runs by table', () => {
  it('splits as the Unicode regular expressions do', () => {
    const cases: [number, RegExp][] = [
      [WORD_CHAR, /[\p{L}\p{M}\p{N}]+/gu],
      [LETTER | MARK, /[\p{L}\p{M}]+/gu],
      [LETTER | DIGIT, /[\p{L}\p{N}]+/gu],
    ];
    for (const text of SAMPLES) {
      for (const [mask, re] of cases) expect(wordsOf(text, mask)).toEqual(text.match(re) ?? []);
    }
  });

  it('tests for a class as the regular expressions do', () => {
    for (const text of [...SAMPLES, '...', '_', '\u0301']) {
      expect(hasCharIn(text, LETTER | DIGIT)).toBe(/[\p{L}\p{N}]/u.test(text));
      expect(hasCharIn(text, LETTER)).toBe(/\p{L}/u.test(text));
    }
  });
});
