import { describe, expect, it } from 'vitest';
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
