import { describe, expect, it } from 'vitest';
import { normalizeKeepCase, normalizeText, squeezeRepeats } from './normalize-text.js';
import { placeTone } from './tone.js';

describe('placeTone (traditional placement)', () => {
  it('moves the tone of open oa / oe / uy onto the first vowel', () => {
    expect(placeTone('hoà')).toBe('hòa');
    expect(placeTone('thuý')).toBe('thúy');
    expect(placeTone('khoẻ')).toBe('khỏe');
    expect(placeTone('loã')).toBe('lõa');
  });

  it('keeps the tone on the last vowel of closed syllables and on shaped vowels', () => {
    expect(placeTone('hòan')).toBe('hoàn');
    expect(placeTone('tóan')).toBe('toán');
    expect(placeTone('thùyền')).toBe('thùyền'); // two tone marks: left alone
    expect(placeTone('ngừơi')).toBe('người');
    expect(placeTone('qúa')).toBe('quá');
    expect(placeTone('gìa')).toBe('già');
    expect(placeTone('hóai')).toBe('hoái');
    expect(placeTone('khủyu')).toBe('khuỷu');
  });

  it('handles upper case and leaves non-Vietnamese words alone', () => {
    expect(placeTone('HOÀ')).toBe('HÒA');
    expect(placeTone('Thuý')).toBe('Thúy');
    expect(placeTone('queue')).toBe('queue');
    expect(placeTone('café')).toBe('café');
  });
});

describe('squeezeRepeats', () => {
  it('squeezes runs of three or more, keeping a toned copy', () => {
    expect(squeezeRepeats('điiiiii')).toBe('đi');
    expect(squeezeRepeats('quáaaaa')).toBe('quá');
    expect(squeezeRepeats('ngonnnnn')).toBe('ngon');
  });

  it('keeps doubled letters and digits', () => {
    expect(squeezeRepeats('xoong')).toBe('xoong');
    expect(squeezeRepeats('coffee')).toBe('coffee');
    expect(squeezeRepeats('1000')).toBe('1000');
  });
});

describe('normalizeText', () => {
  it('composes decomposed input and lower-cases đ', () => {
    const decomposed = 'ĐÀ NẴNG Hoà Bình'.normalize('NFD');
    expect(normalizeText(decomposed)).toBe('đà nẵng hòa bình');
  });

  it('reads the look-alike eth as đ', () => {
    expect(normalizeText('Ðặng Hải Lý')).toBe('đặng hải lý');
  });

  it('gives the same form for old- and new-style spellings', () => {
    expect(normalizeText('Thuỷ điện Hoà Bình')).toBe(normalizeText('Thủy điện Hòa Bình'));
  });

  it('collapses whitespace and keeps case when asked', () => {
    expect(normalizeText('  vui   quáaaa \n nhé ')).toBe('vui quá nhé');
    expect(normalizeKeepCase('Thuý  KIỀU')).toBe('Thúy KIỀU');
  });
});
