import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seeded-random.js';
import { wordsOf } from './word-chars.js';
import { WordFlags, WordRunDictionary, WordRunIds } from './word-ids.js';

// Pieces that exercise both paths: plain ASCII and precomposed Vietnamese, emoji with variation
// selectors, ZWJ and skin tones, and what NFC or lower-casing changes or reads in context
// (combining marks, Kelvin and Ohm signs, compatibility ideographs, Hangul jamo, capital sigma,
// dotted capital I, Deseret capitals, lone surrogates).
const PIECES = [
  'a',
  'Z',
  'q1',
  '09',
  ' ',
  '  ',
  ',',
  '.',
  '!',
  '-',
  "'",
  '_',
  '@',
  '#',
  ':)',
  '\n',
  'Hồ',
  'Chí',
  'Minh',
  'phường',
  'ĐÀ',
  'Nẵng',
  'quận',
  'TP.HCM',
  'ạ',
  'Ề',
  'đ',
  'ß',
  '😂',
  '👍🏻',
  '❤️',
  '👨\u200d👩\u200d👧',
  '🇻🇳',
  '\u{1F100}',
  '️',
  'e\u0301',
  'a\u0323',
  '\u0301',
  '\u212a',
  '\u2126',
  '\uf900',
  '\u1100\u1161',
  '한',
  '\u03a3',
  'ΟΔΟΣ',
  '\u0130',
  '\u{10400}',
  '\u{10428}',
  '\ud800',
  '\udc00',
  '٣',
  '中文',
];

function randomText(random: () => number): string {
  const n = Math.floor(random() * 14);
  let out = '';
  for (let i = 0; i < n; i++) out += PIECES[Math.floor(random() * PIECES.length)]!;
  return out;
}

const idsOf = (dictionary: WordRunDictionary, text: string): string[] => {
  const out = new WordRunIds();
  dictionary.tokenize(text, out);
  return Array.from(out.copy(), (id) => dictionary.words[id]!);
};

describe('word run ids', () => {
  it('give the runs of the NFC text, the fast path and the definition alike', () => {
    const random = seededRandom(11);
    const dictionary = new WordRunDictionary();
    const out = new WordRunIds();
    let plain = 0;
    for (let t = 0; t < 20_000; t++) {
      const text = randomText(random);
      const expected = wordsOf(text.normalize('NFC'));
      dictionary.tokenize(text, out);
      expect(Array.from(out.copy(), (id) => dictionary.words[id]!)).toEqual(expected);
      if (out.plain) {
        plain++;
        expect(text.normalize('NFC')).toBe(text);
        expect(wordsOf(text.toLowerCase())).toEqual(expected.map((w) => w.toLowerCase()));
      }
    }
    // Both paths were taken.
    expect(plain).toBeGreaterThan(1000);
    expect(plain).toBeLessThan(19_000);
  });

  it('give one id per distinct run, the same on every path', () => {
    const dictionary = new WordRunDictionary();
    const a = new WordRunIds();
    const b = new WordRunIds();
    dictionary.tokenize('Hồ Chí Minh, Hồ Chí Minh', a);
    dictionary.tokenize('Ho\u0302\u0300 Chí e\u0301 Minh', b);
    expect(a.plain).toBe(true);
    expect(b.plain).toBe(false);
    expect(Array.from(a.copy())).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(b.copy())).toEqual([0, 1, 3, 2]);
    expect(dictionary.size).toBe(4);
    expect(dictionary.intern('Minh')).toBe(2);
  });

  it('keep every run apart across table growth', () => {
    const dictionary = new WordRunDictionary();
    const words = Array.from({ length: 30_000 }, (_, i) => `w${i.toString(36)}`);
    const ids = words.map((w) => dictionary.intern(w));
    expect(new Set(ids).size).toBe(words.length);
    expect(idsOf(dictionary, words.slice(0, 50).join(' '))).toEqual(words.slice(0, 50));
    expect(dictionary.size).toBe(words.length);
  });

  it('work out per-word flags once per id and afresh for another dictionary', () => {
    let calls = 0;
    const flags = new WordFlags((word) => {
      calls++;
      return word.length;
    });
    const first = new WordRunDictionary();
    const id = first.intern('abc');
    expect(flags.of(first, id)).toBe(3);
    expect(flags.of(first, id)).toBe(3);
    expect(calls).toBe(1);
    const second = new WordRunDictionary();
    second.intern('zz');
    expect(flags.of(second, second.intern('abc'))).toBe(3);
    expect(calls).toBe(2);
    const far = first.intern('x'.repeat(5));
    for (let i = 0; i < 10_000; i++) first.intern(`y${i}`);
    expect(flags.of(first, first.intern('y9999'))).toBe(5);
    expect(flags.of(first, far)).toBe(5);
  });
});
