import { describe, expect, it } from 'vitest';
import { foldDiacritics } from '../../text/fold.js';
import { foldedWords, hashString, MinHasher, shingleHashes } from './minhash.js';
import { NAMED_WEIGHT, storyTokens, strippedStoryTerms } from './story-terms.js';
import { stripBoilerplate } from './strip-boilerplate.js';

const TEXTS = [
  'Mưa lớn gây ngập sâu nhiều tuyến đường ở Thủ Đức, xe máy chết máy hàng loạt',
  'Ông Cao Minh Quang chống gậy đến tòa - phiên xử vụ Dược Cửu Long tiếp tục!',
  'ngonnnn quáaaaa, giá xăng RON 95 giảm 500 đồng/lít (từ 15h)\nHÀ NỘI: trời rét',
  // Combining marks left after NFC, and a capital sigma, fold across word boundaries.
  'cafe\u0301 ab\u0301cd ở Đà Nẵng',
  'ΟΔΟΣ\u2019Α και ΣΟΦΙΑ',
  'a-b c - d…e “f” g|h i/j k\\l m—n',
  '',
  '   ...  ',
];

/** The text's accent-folded words as the whole text is folded. */
const wholeTextWords = (stripped: string) =>
  foldDiacritics(stripped).match(/[\p{L}\p{N}]+/gu) ?? [];

describe('storyTokens', () => {
  it('reads the words near-duplicate detection folds from the whole text', () => {
    for (const text of TEXTS) {
      const stripped = stripBoilerplate(text);
      expect(storyTokens(stripped).words, text).toEqual(wholeTextWords(stripped));
      expect(storyTokens(stripped).words, text).toEqual(foldedWords(stripped));
    }
  });

  it('counts a named phrase double and pairs no words across a clause boundary', () => {
    const terms = strippedStoryTerms('Hôm nay Minh Quang hầu. Phiên xử tiếp tục');
    expect(terms.get('minh quang')).toBe(NAMED_WEIGHT);
    expect(terms.get('minh')).toBe(NAMED_WEIGHT);
    expect(terms.get('quang hau')).toBe(1);
    expect(terms.has('hau phien')).toBe(false);
    // A clause's capitalised first word is named only when the name continues.
    expect(terms.get('phien')).toBe(1);
  });
});

describe('shingleHashes', () => {
  it('hashes each run of words joined by spaces', () => {
    const words = ['gia', 'xang', 'giam', 'gia', 'xang'];
    const joined = [
      ...new Set([0, 1, 2, 3].map((i) => hashString(words.slice(i, i + 2).join(' ')))),
    ];
    expect([...shingleHashes(words, 2)]).toEqual(joined);
    expect([...shingleHashes(['mot'], 2)]).toEqual([hashString('mot')]);
    expect([...shingleHashes(words, 3)]).toEqual(
      [0, 1, 2].map((i) => hashString(words.slice(i, i + 3).join(' '))),
    );
  });
});

describe('MinHasher', () => {
  it('keeps, per position, the least unsigned hash under that position’s mix', () => {
    const mix = (x: number) => {
      let h = x;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      return h >>> 0;
    };
    const shingles = shingleHashes(foldedWords('mưa lớn gây ngập sâu nhiều tuyến đường'), 2);
    const sig = new MinHasher(16).signature(shingles);
    for (let i = 0; i < 16; i++) {
      const seed = mix(0x9e3779b9 + i * 0x632be5ab);
      const least = Math.min(...[...shingles].map((x) => mix((x ^ seed) >>> 0)));
      expect(sig[i]).toBe(least);
    }
  });
});
