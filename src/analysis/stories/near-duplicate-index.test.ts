import { describe, expect, it } from 'vitest';
import { NearDuplicateIndex } from './near-duplicate-index.js';

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
});
