import { describe, expect, it } from 'vitest';
import { highlightRanges, highlightTerms } from './highlight.js';

const marked = (text: string, query: string) =>
  highlightRanges(text, highlightTerms(query)).map(([a, b]) => text.slice(a, b));

describe('query highlighting', () => {
  it('marks words and phrases without regard to diacritics or case', () => {
    expect(marked('Đường Thành Phố ngập sâu', 'duong "thanh pho"')).toEqual(['Đường', 'Thành Phố']);
  });

  it('marks whole words only, and prefixes to the end of their word', () => {
    expect(marked('ngập ngập lụt ngậpx', 'ngập')).toEqual(['ngập', 'ngập']);
    expect(marked('ngập, ngậpúng', 'ngập*')).toEqual(['ngập', 'ngậpúng']);
  });

  it('leaves excluded words, operators and field filters unmarked', () => {
    expect(marked('metro and ngập or lang vi', 'ngập OR lang:vi -metro NOT and')).toEqual(['ngập']);
    expect(marked('kẹt xe ở Thủ Đức', '(kẹt NEAR/3 đức) AND title:xe')).toEqual([
      'kẹt',
      'xe',
      'Đức',
    ]);
  });
});
