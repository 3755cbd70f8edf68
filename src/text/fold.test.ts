import { describe, expect, it } from 'vitest';
import { foldDiacritics, lowerNfc } from './fold.js';

describe('foldDiacritics', () => {
  it('removes tone and vowel marks and folds đ', () => {
    expect(foldDiacritics('Thành phố Đà Nẵng, đường Lê Lợi')).toBe(
      'thanh pho da nang, duong le loi',
    );
  });
  it('treats composed and decomposed input alike', () => {
    const composed = 'Hòa Bình';
    const decomposed = composed.normalize('NFD');
    expect(foldDiacritics(decomposed)).toBe(foldDiacritics(composed));
    expect(foldDiacritics(composed)).toBe('hoa binh');
  });
  it('leaves text without diacritics unchanged but lower-cased', () => {
    expect(foldDiacritics('Ha Noi 2026')).toBe('ha noi 2026');
  });
});

describe('lowerNfc', () => {
  it('keeps diacritics and composes', () => {
    expect(lowerNfc('ĐƯỜNG'.normalize('NFD'))).toBe('đường');
  });
});
