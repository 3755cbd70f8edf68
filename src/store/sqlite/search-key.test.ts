import { describe, expect, it } from 'vitest';
import { firstKeyAt, lastKeyAt, nextSlot, SLOTS_PER_SECOND, searchKey } from './search-key.js';

describe('search keys', () => {
  const ms = Date.parse('2025-06-01T08:00:00.250Z');

  it('order by second first, then tiebreak, and stay exact integers', () => {
    expect(searchKey(ms, 2)).toBeGreaterThan(searchKey(ms, 1));
    expect(searchKey(ms + 1000, 0)).toBeGreaterThan(searchKey(ms, SLOTS_PER_SECOND - 1));
    expect(Number.isSafeInteger(searchKey(Date.parse('2200-01-01'), 5))).toBe(true);
    expect(Number.isSafeInteger(searchKey(Date.parse('1800-01-01'), 5))).toBe(true);
  });

  it('bound a second and wrap the next slot within it', () => {
    const key = searchKey(ms, 7);
    expect(key).toBeGreaterThanOrEqual(firstKeyAt(ms));
    expect(key).toBeLessThanOrEqual(lastKeyAt(ms));
    expect(nextSlot(key)).toBe(key + 1);
    expect(nextSlot(lastKeyAt(ms))).toBe(firstKeyAt(ms));
    const before1970 = Date.parse('1960-01-01T00:00:00Z');
    expect(nextSlot(lastKeyAt(before1970))).toBe(firstKeyAt(before1970));
  });
});
