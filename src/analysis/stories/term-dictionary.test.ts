import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import { WordRunDictionary, WordRunIds } from '../../text/word-ids.js';
import { strippedStoryTerms } from './story-terms.js';
import { TermDictionary } from './term-dictionary.js';

const TEXT = 'Hôm nay Minh Quang hầu tòa. Phiên xử vụ Dược Cửu Long tiếp tục, giá xăng giảm';

/** A read's counts spelt out, in the order the terms were met. */
const spelt = (dict: TermDictionary, text: string) => {
  const { terms } = dict.read(text);
  return [...terms.ids.subarray(0, terms.length)].map(
    (id, k) => [dict.name(id), terms.counts[k]!] as const,
  );
};

describe('TermDictionary', () => {
  it('reads the story terms storyTerms spells, in the same order', () => {
    const dict = new TermDictionary();
    expect(spelt(dict, TEXT)).toEqual([...strippedStoryTerms(TEXT)]);
    // Read again, the same ids come back and the counts start afresh.
    const first = [...dict.read(TEXT).terms.ids.subarray(0, 5)];
    expect([...dict.read(TEXT).terms.ids.subarray(0, 5)]).toEqual(first);
    expect(spelt(dict, 'giá xăng')).toEqual([...strippedStoryTerms('giá xăng')]);
  });

  it('gives a spelt pair the id its syllables read as', () => {
    const dict = new TermDictionary();
    const { terms } = dict.read('giá xăng tăng');
    const ids = [...terms.ids.subarray(0, terms.length)];
    expect(ids).toContain(dict.intern('gia xang'));
    expect(dict.isPair(dict.intern('gia xang'))).toBe(true);
    expect(dict.isPair(dict.intern('xang'))).toBe(false);
    expect(dict.name(dict.intern('xang tang'))).toBe('xang tang');
  });

  it('keeps held terms and the syllables of held pairs when compacted, renumbered', () => {
    const dict = new TermDictionary();
    const pair = dict.intern('mua lon');
    const lone = dict.intern('ngap');
    dict.intern('chay');
    const remap = dict.compact((id) => id === pair || id === lone);
    expect(dict.size).toBe(4);
    expect(dict.name(remap[pair]!)).toBe('mua lon');
    expect(dict.name(remap[lone]!)).toBe('ngap');
    expect(remap.filter((to) => to < 0)).toHaveLength(1);
    expect(dict.intern('mua lon')).toBe(remap[pair]);
    expect(dict.size).toBe(4);
    // The counts of the last read survive, renumbered.
    const read = dict.read('Mưa lớn gây ngập');
    const before = spelt(dict, 'Mưa lớn gây ngập');
    dict.compact(() => false);
    expect(
      [...read.terms.ids.subarray(0, read.terms.length)].map((id, k) => [
        dict.name(id),
        read.terms.counts[k]!,
      ]),
    ).toEqual(before);
  });
});

describe('TermDictionary by word runs', () => {
  // Names, stopwords, digits, words joined or ended by a variation selector (a mark that plain
  // text may hold), emoji, decomposed marks and capital sigma (texts read by the string path).
  const PIECES = [
    'Minh',
    'Quang',
    'hầu',
    'tòa',
    'Phiên',
    'xử',
    'và',
    'của',
    'là',
    'the',
    'giá',
    'XĂNG',
    'Đà',
    'Nẵng',
    '5',
    '95',
    '500k',
    'a\ufe0fb',
    'ok\ufe0f',
    '❤️',
    '\ufe0f',
    '😂',
    'русский',
    'cafe\u0301',
    'ΣΟΦΙΑ',
    'ω',
  ];
  const EDGES = [
    ' ',
    ' ',
    ' ',
    '  ',
    ', ',
    '.',
    '. ',
    ' - ',
    '-',
    ' -',
    '- ',
    '…',
    '\n',
    '“',
    '”',
    '/',
    '_',
    '',
  ];

  /** A read's counts spelt out in order, and its words. */
  const reading = (dict: TermDictionary, text: string) => {
    const { terms, words } = dict.read(text);
    const counts = [...terms.ids.subarray(0, terms.length)].map(
      (id, k) => [dict.name(id), terms.counts[k]!] as const,
    );
    return { counts, words: [...words] };
  };

  it('reads the terms and words the string path reads, across compactions', () => {
    const random = seededRandom(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const byRuns = new TermDictionary();
    const byWords = new TermDictionary();
    byWords.byWordRuns = false;
    const runs = new WordRunIds();
    const plainRuns = new WordRunDictionary();
    let plain = 0;
    for (let t = 0; t < 6000; t++) {
      const parts: string[] = [];
      for (let i = Math.floor(random() * 12); i > 0; i--) parts.push(pick(PIECES), pick(EDGES));
      const text = parts.join('').normalize('NFC');
      expect(reading(byRuns, text), text).toEqual(reading(byWords, text));
      plainRuns.tokenize(text, runs);
      if (runs.plain) plain++;
      if (t % 500 === 499) {
        byRuns.compact((id) => id % 3 === 0);
        byWords.compact((id) => id % 3 === 0);
      }
    }
    // Most texts take the path by runs.
    expect(plain).toBeGreaterThan(3000);
  });
});
