import { describe, expect, it } from 'vitest';
import { trendRow } from './trend-change.js';

const number = (value: number) => String(value);

describe('trendRow', () => {
  it('sizes a trending term by its rise over the expected count and says both', () => {
    // 70 in the seven baseline windows: 10 expected in the current one.
    const row = trendRow({ term: 'ngập', current: 34, baseline: 70, score: 7 }, 'en', number);
    expect(row).toEqual({ key: 'ngập', label: 'ngập (34 mentions, usually 10)', count: 24 });
    const vi = trendRow({ term: 'ngập', current: 5, baseline: 0, score: 2 }, 'vi', number);
    expect(vi.label).toBe('ngập (5 đề cập, thường lệ 0)');
    expect(vi.count).toBe(5);
  });

  it('orders rows as the API ranks them when rises differ', () => {
    const terms = [
      { term: 'a', current: 40, baseline: 7, score: 9 },
      { term: 'b', current: 100, baseline: 630, score: 1 },
    ];
    const rows = terms.map((t) => trendRow(t, 'en', number));
    expect(rows[0]!.count).toBeGreaterThan(rows[1]!.count);
  });
});
