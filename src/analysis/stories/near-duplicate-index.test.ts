import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import {
  estimateJaccard,
  foldedWords,
  MinHasher,
  numbersAgreement,
  numbersIn,
  shingleHashes,
} from './minhash.js';
import { DEFAULT_DUPLICATE_OPTIONS, NearDuplicateIndex } from './near-duplicate-index.js';
import { stripBoilerplate } from './strip-boilerplate.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2022-11-21T18:00:00+07:00');

const ORIGINAL =
  'Bữa ăn khiến hơn 600 học sinh trường Ischool Nha Trang ngộ độc\n' +
  'Hơn 600 học sinh trường Ischool Nha Trang phải nhập viện sau bữa trưa có bánh mì, ' +
  'xôi và sữa; Sở Y tế Khánh Hòa cho biết nhiều em đau bụng, sốt, tiêu chảy.';

const WRAPPED =
  'Bữa ăn khiến hơn 600 học sinh trường Ischool Nha Trang ngộ độc\n' +
  'KHÁNH HÒA - Hơn 600 học sinh trường Ischool Nha Trang phải nhập viện sau bữa trưa có ' +
  'bánh mì, xôi và sữa (Ảnh: Facebook); Sở Y tế Khánh Hòa cho biết nhiều em đau bụng, sốt, ' +
  'tiêu chảy.\nMinh Anh\nTheo VnExpress\nXem thêm: Giá xăng giảm mạnh từ chiều nay';

const REWORDED =
  'Bữa ăn khiến trên 600 học sinh trường Ischool Nha Trang ngộ độc\n' +
  'Trên 600 học sinh trường Ischool Nha Trang phải nhập viện sau bữa trưa có bánh mì, ' +
  'xôi và sữa; Sở Y tế Khánh Hòa cho hay nhiều em đau bụng, sốt, tiêu chảy.';

const UNRELATED =
  'Giá xăng giảm mạnh từ chiều nay\nLiên bộ Công Thương - Tài chính quyết định giảm giá ' +
  'xăng RON 95 hơn 500 đồng mỗi lít, dầu diesel giữ nguyên trong kỳ điều hành này.';

const SAME_STORY_OTHER_TEXT =
  'Học sinh Trường Ischool Nha Trang nghi ngộ độc thực phẩm: Bộ GD-ĐT lên tiếng\n' +
  'Bộ Giáo dục có văn bản đề nghị các địa phương tăng cường kiểm tra vệ sinh an toàn thực ' +
  'phẩm trong bữa ăn bán trú sau vụ việc ở Khánh Hòa.';

const strip = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd');

describe('NearDuplicateIndex', () => {
  it('links a copy with boilerplate added to the first publisher, with its delay', () => {
    const index = new NearDuplicateIndex();
    expect(
      index.add({ id: 'a', text: ORIGINAL, publishedAt: T0, source: 'vnexpress' }).matches,
    ).toEqual([]);
    const copy = index.add({ id: 'b', text: WRAPPED, publishedAt: T0 + 2 * HOUR, source: 'x' });
    expect(copy.matches.map((m) => m.id)).toEqual(['a']);
    expect(copy.matches[0]!.similarity).toBeGreaterThanOrEqual(0.6);
    expect(copy.firstPublisher).toEqual({ id: 'a', source: 'vnexpress', publishedAt: T0 });
    expect(copy.delayMs).toBe(2 * HOUR);
  });

  it('finds reworded and accent-stripped copies, and the copy chain in publication order', () => {
    const index = new NearDuplicateIndex();
    index.add({ id: 'a', text: ORIGINAL, publishedAt: T0, source: 'first' });
    index.add({ id: 'b', text: REWORDED, publishedAt: T0 + HOUR, source: 'second' });
    const c = index.add({ id: 'c', text: strip(REWORDED), publishedAt: T0 + 3 * HOUR });
    expect(c.matches.map((m) => m.id)).toContain('b');
    expect(c.firstPublisher?.id).toBe('a');
    const chain = index.chain('c');
    expect(chain.map((l) => [l.id, l.delayMs, l.copiedFrom])).toEqual([
      ['a', 0, null],
      ['b', HOUR, 'a'],
      ['c', 3 * HOUR, 'b'],
    ]);
  });

  it('makes an original collected late the first publisher of its copies', () => {
    const index = new NearDuplicateIndex();
    index.add({ id: 'copy', text: WRAPPED, publishedAt: T0 + HOUR });
    const late = index.add({ id: 'orig', text: ORIGINAL, publishedAt: T0 });
    expect(late.firstPublisher?.id).toBe('orig');
    expect(late.delayMs).toBe(0);
    expect(index.chain('copy').map((l) => [l.id, l.delayMs])).toEqual([
      ['orig', 0],
      ['copy', HOUR],
    ]);
  });

  it('does not match unrelated texts, other texts of the same story, or one template on two dates', () => {
    const index = new NearDuplicateIndex();
    index.add({ id: 'a', text: ORIGINAL, publishedAt: T0 });
    expect(index.add({ id: 'b', text: UNRELATED, publishedAt: T0 }).matches).toEqual([]);
    expect(index.add({ id: 'c', text: SAME_STORY_OTHER_TEXT, publishedAt: T0 }).matches).toEqual(
      [],
    );
    const lottery = (d: string) => `Kết quả xổ số hôm nay - KQXS - Xổ số trực tiếp ngày ${d}`;
    index.add({ id: 'd1', text: lottery('19.11.2022'), publishedAt: T0 });
    expect(index.add({ id: 'd2', text: lottery('20.11.2022'), publishedAt: T0 }).matches).toEqual(
      [],
    );
    expect(index.chain('b').map((l) => l.id)).toEqual(['b']);
  });

  it('forgets texts older than its window', () => {
    const index = new NearDuplicateIndex({ windowMs: 24 * HOUR });
    index.add({ id: 'a', text: ORIGINAL, publishedAt: T0 });
    index.add({ id: 'x', text: UNRELATED, publishedAt: T0 + 30 * HOUR });
    expect(index.size).toBe(1);
    expect(index.add({ id: 'b', text: WRAPPED, publishedAt: T0 + 31 * HOUR }).matches).toEqual([]);
  });

  it('refuses a text it already holds and a time that is not one, with the id', () => {
    const index = new NearDuplicateIndex();
    index.add({ id: 'a', text: ORIGINAL, publishedAt: T0 });
    expect(() => index.add({ id: 'a', text: ORIGINAL, publishedAt: T0 })).toThrow(/text a/);
    expect(() => index.add({ id: 'z', text: ORIGINAL, publishedAt: Number.NaN })).toThrow(
      /text z: publishedAt/,
    );
    expect(index.size).toBe(1);
  });

  it('matches what comparing every held text by its band keys finds, through expiry and forgetting', () => {
    // Texts from a few templates over a small vocabulary, so many share bands; a short window
    // and random forgetting take texts out while the index grows its tables.
    const { bands, rowsPerBand, threshold, numbersThreshold, minWords } = DEFAULT_DUPLICATE_OPTIONS;
    const windowMs = 40 * HOUR;
    const random = seededRandom(11);
    const vocabulary =
      'mưa ngập đường phố hà nội sáng nay xe cộ kẹt giá xăng tăng mạnh học phí'.split(' ');
    const templates = Array.from({ length: 12 }, () =>
      Array.from({ length: 8 + Math.floor(random() * 10) }, () =>
        random() < 0.1 ? String(Math.floor(random() * 5)) : vocabulary[Math.floor(random() * 16)]!,
      ),
    );
    const hasher = new MinHasher(bands * rowsPerBand);
    const bandKeys = (sig: Uint32Array) =>
      Array.from({ length: bands }, (_, band) => {
        let h = 0x811c9dc5 ^ band;
        for (let i = band * rowsPerBand; i < (band + 1) * rowsPerBand; i++) {
          h = Math.imul(h ^ sig[i]!, 0x01000193);
        }
        return (h >>> 0) & 0x3fffffff;
      });
    interface Held {
      id: string;
      at: number;
      sig: Uint32Array;
      keys: number[];
      numbers: string[];
    }
    let held: Held[] = [];
    const index = new NearDuplicateIndex({ windowMs });
    let newest = Number.NEGATIVE_INFINITY;
    let compared = 0;
    for (let n = 0; n < 1500; n++) {
      const words = [...templates[Math.floor(random() * templates.length)]!];
      for (let k = Math.floor(random() * 3); k > 0; k--) {
        words[Math.floor(random() * words.length)] = vocabulary[Math.floor(random() * 16)]!;
      }
      const text = words.join(' ');
      const id = `t${n}`;
      const at = T0 + Math.floor(random() * 3 * HOUR) + n * 0.1 * HOUR;
      const got = index.add({ id, text, publishedAt: at });

      if (at > newest) {
        newest = at;
        // Expiry goes in arrival order and stops at the first text still inside the window.
        const stop = held.findIndex((h) => h.at >= newest - windowMs);
        held = stop < 0 ? [] : held.slice(stop);
      }
      const stripped = stripBoilerplate(text);
      const folded = foldedWords(stripped);
      let expected: { id: string; similarity: number }[] = [];
      if (folded.length >= minWords) {
        const sig = hasher.signature(shingleHashes(folded, 2));
        const keys = bandKeys(sig);
        const numbers = numbersIn(stripped);
        // Candidates in band order, then arrival order within a band.
        const candidates: Held[] = [];
        for (let band = 0; band < bands; band++) {
          for (const h of held) {
            if (h.keys[band] === keys[band] && !candidates.includes(h)) candidates.push(h);
          }
        }
        expected = candidates
          .map((h) => ({ h, similarity: estimateJaccard(sig, h.sig) }))
          .filter(
            (m) =>
              m.similarity >= threshold &&
              numbersAgreement(numbers, m.h.numbers) >= numbersThreshold,
          )
          .sort((a, b) => b.similarity - a.similarity || a.h.at - b.h.at)
          .map((m) => ({ id: m.h.id, similarity: m.similarity }));
        held.push({ id, at, sig, keys, numbers });
      }
      expect(got.matches).toEqual(expected);
      compared += expected.length;
      if (random() < 0.05 && held.length > 0) {
        const gone = held.splice(Math.floor(random() * held.length), 1)[0]!;
        index.forget(gone.id);
      }
      expect(index.size).toBe(held.length);
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
