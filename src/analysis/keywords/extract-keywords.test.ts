import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import { extractKeywords, vietnameseCandidates } from './extract-keywords.js';
import { vietnameseStopwords } from './stopwords.js';

describe('extractKeywords (Vietnamese)', () => {
  const words = [
    'thành_phố',
    'hồ_chí_minh',
    'ngập',
    'nặng',
    'sau',
    'cơn',
    'mưa',
    '.',
    'nhiều',
    'tuyến',
    'đường',
    'ở',
    'thành_phố',
    'hồ_chí_minh',
    'ngập',
    'sâu',
    ',',
    'giá',
    'xăng',
    'tăng',
    ',',
    'giá',
    'xăng',
    'lại',
    'tăng',
    '.',
    'người_dân',
    'xem',
    'https://vnexpress.net',
    '0912345678',
    '@abc',
    'EMO_POS',
    '2024',
  ];

  it('returns multi-syllable terms and recurring pairs, best first, with spaces', () => {
    const keywords = extractKeywords(words, 'vi');
    expect(keywords[0]).toBe('thành phố hồ chí minh');
    expect(keywords).toContain('giá xăng');
    expect(keywords).toContain('người dân');
    // Contained in the top term and never seen apart from it.
    expect(keywords).not.toContain('thành phố');
    expect(keywords).not.toContain('hồ chí minh');
  });

  it('drops URLs, numbers, handles, features and stopwords', () => {
    const all = extractKeywords(words, 'vi', 50);
    for (const k of all) {
      expect(k).not.toMatch(/https|0912|@|emo_|2024/i);
    }
    expect(extractKeywords(['nhưng_mà', 'vì_vậy', 'bởi_vì'], 'vi')).toEqual([]);
  });

  it('treats segmented text of unknown language like Vietnamese', () => {
    expect(extractKeywords(['ô_nhiễm', 'không_khí', 'hà_nội', '500k', '9h'], null)).toEqual([
      'ô nhiễm',
      'không khí',
      'hà nội',
    ]);
  });

  it('normalises case and tone placement of its input', () => {
    expect(extractKeywords(['Thuỷ_Điện', 'thủy_điện', 'HOÀ_BÌNH'], 'vi')).toEqual([
      'thủy điện',
      'hòa bình',
    ]);
  });

  it('honours the limit and is deterministic', () => {
    expect(extractKeywords(words, 'vi', 1)).toEqual(['thành phố hồ chí minh']);
    expect(extractKeywords([...words], 'vi')).toEqual(extractKeywords(words, 'vi'));
  });
});

describe('extractKeywords (English)', () => {
  const text =
    'The city of Hanoi suffered heavy flooding on Monday. Heavy flooding closed many roads, and the city council met to discuss flood defences.';
  const words = text.split(/\s+/);

  it('builds stopword-bounded phrases of up to three words', () => {
    const keywords = extractKeywords(words, 'en', 5);
    expect(keywords[0]).toBe('heavy flooding');
    expect(keywords).toContain('city council met');
    expect(keywords).toContain('discuss flood defences');
    expect(keywords.every((k) => !/\b(the|of|on|and|to)\b/.test(k))).toBe(true);
  });

  it('handles empty input and unknown languages', () => {
    expect(extractKeywords([], 'en')).toEqual([]);
    expect(extractKeywords(['Hanoi', 'flooding', 'hanoi', 'flooding'], null, 3)).toEqual([
      'hanoi flooding',
    ]);
  });
});

describe('Vietnamese candidates', () => {
  it('count word pairs alike whether compared one by one or keyed by their text', () => {
    // Seeded: the same word lists every run.
    const next = seededRandom(5);
    // "giá_rẻ đẹp" and "giá rẻ_đẹp" make the same pair text from different words.
    const vocabulary = ['giá', 'rẻ', 'đẹp', 'giá_rẻ', 'rẻ_đẹp', 'thành_phố', 'và', '!', 'Giá'];
    const stop = vietnameseStopwords();
    let recurring = 0;
    for (let doc = 0; doc < 400; doc++) {
      const words = Array.from(
        { length: Math.floor(next() * 40) },
        () => vocabulary[Math.floor(next() * vocabulary.length)]!,
      );
      const compared = vietnameseCandidates(words, stop, Number.POSITIVE_INFINITY);
      const keyed = vietnameseCandidates(words, stop, 0);
      expect([...compared.entries()], words.join(' ')).toEqual([...keyed.entries()]);
      for (const c of keyed.values()) if (c.words === 2) recurring++;
    }
    expect(recurring).toBeGreaterThan(100);
  });
});
