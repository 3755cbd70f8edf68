import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seeded-random.js';
import { foldDiacritics } from '../text/fold.js';
import { WordRunDictionary, WordRunIds } from '../text/word-ids.js';
import { defaultPlaceTagger } from './tag-places.js';

const tagger = defaultPlaceTagger();
const g = tagger.gazetteer;
const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)]!;

// Names of every level (in several spellings), type words and their abbreviations, glued unit
// numbers, aliases, heads that block a name, everyday words, punctuation.
const NAMES = [
  ...g.provinces.map((p) => p.name),
  ...g.formerProvinces.map((p) => p.name),
  ...g.formerDistricts.slice(0, 300).map((d) => d.name),
  ...g.wards.slice(0, 400).map((w) => w.name),
  ...g.formerWards.slice(0, 400).map((w) => w.name),
  'Sài Gòn',
  'SG',
  'HN',
  'TP.HCM',
  'tphcm',
  'Hue',
];
const TYPE_WORDS = [
  'quận',
  'Quận',
  'Q.',
  'q',
  'Q',
  'P.',
  'p',
  'phường',
  'f',
  'TP.',
  'tp',
  'thành phố',
];
const MORE_TYPE_WORDS = ['tỉnh', 'huyện', 'thị xã', 'TX', 'xã', 'thị trấn', 'TT', 'đặc khu'];
const OTHER = ['đi', 'ăn', 'ship', 'ra', 'về', 'ở', 'tại', 'đường', 'ông', 'chợ', 'Anh', 'Bình'];
const NUMBERS = ['1', '01', '7', '12', 'Q1', 'P10', 'f7', 'q9'];
const GAPS = [' ', ' ', ' ', ', ', '. ', ' - ', ' (', ') ', '-', '.'];

function spelling(random: () => number, name: string): string {
  const r = random();
  if (r < 0.4) return name;
  if (r < 0.6) return name.toLowerCase();
  if (r < 0.75) return foldDiacritics(name);
  if (r < 0.85) return name.toUpperCase();
  return name.normalize('NFD');
}

function randomText(random: () => number): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(random() * 8);
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.3) parts.push(spelling(random, pick(random, NAMES)));
    else if (r < 0.45) parts.push(pick(random, TYPE_WORDS), pick(random, NUMBERS));
    else if (r < 0.55) parts.push(pick(random, [...TYPE_WORDS, ...MORE_TYPE_WORDS]));
    else if (r < 0.65) parts.push(pick(random, NUMBERS));
    else parts.push(pick(random, OTHER));
    parts.push(pick(random, GAPS));
  }
  return parts.join('').trim();
}

describe('place span start filter', () => {
  it('turns down only texts the tagger finds no place in', () => {
    const random = seededRandom(7);
    const dictionary = new WordRunDictionary();
    const runs = new WordRunIds();
    const contexts = [
      {},
      { publishedAt: '2024-01-01', province: '79' },
      { publishedAt: '2026-01-01' },
    ];
    let turnedDown = 0;
    let tagged = 0;
    for (let t = 0; t < 6000; t++) {
      const text = randomText(random);
      dictionary.tokenize(text, runs);
      const may = tagger.mayName(dictionary, runs.copy());
      const context = contexts[t % contexts.length]!;
      const places = tagger.tag(text, context);
      if (places.length > 0) tagged++;
      if (!may) {
        turnedDown++;
        expect({ text, places }).toEqual({ text, places: [] });
      }
    }
    // Both outcomes are common in the sample.
    expect(turnedDown).toBeGreaterThan(300);
    expect(tagged).toBeGreaterThan(1000);
  });

  it('lets through what names a place and turns down everyday text', () => {
    const dictionary = new WordRunDictionary();
    const runs = new WordRunIds();
    const may = (text: string) => {
      dictionary.tokenize(text, runs);
      return tagger.mayName(dictionary, runs.copy());
    };
    for (const text of [
      'Cháy nhà ở Q1, TP.HCM',
      'mua lon o tphcm chieu nay',
      'ngap o huyen cu chi',
      'SG mưa quá trời',
    ]) {
      expect(tagger.tag(text).length).toBeGreaterThan(0);
      expect(may(text)).toBe(true);
    }
    for (const text of [
      'ko biet nói gì luôn, chán thật sự',
      'Sản phẩm dùng tốt, giao hàng nhanh',
    ]) {
      expect(may(text)).toBe(false);
    }
  });
});
