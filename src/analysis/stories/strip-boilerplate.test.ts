import { describe, expect, it } from 'vitest';
import { stripBoilerplate } from './strip-boilerplate.js';

describe('stripBoilerplate', () => {
  it('removes datelines, photo credits, bylines, "Theo …" credits and footers', () => {
    const text =
      'Giá xăng giảm mạnh\nHÀ NỘI - Giá xăng RON 95 giảm hơn 500 đồng (Ảnh: Reuters) từ chiều nay.\n' +
      'Hoàng Nam - Thu Trang\nTheo Thanh Niên\nXem thêm: Một bài khác hoàn toàn\nChia sẻ';
    expect(stripBoilerplate(text)).toBe(
      'Giá xăng giảm mạnh\nGiá xăng RON 95 giảm hơn 500 đồng   từ chiều nay.',
    );
  });

  it('drops a trailing "Theo X." sentence and links, keeps short headlines with lower-case words', () => {
    expect(stripBoilerplate('Mắm tôm chưng\nCách làm mắm tôm chưng thịt. Theo VnExpress.')).toBe(
      'Mắm tôm chưng\nCách làm mắm tôm chưng thịt.',
    );
    expect(stripBoilerplate('Xem tại https://example.com/a?b=1 ngay')).toBe('Xem tại   ngay');
  });
});
