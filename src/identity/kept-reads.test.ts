// The keep/expire part both identity stores share: freshness by age, the bound on entries, and
// dropping only the entry a caller saw.
import { describe, expect, it } from 'vitest';
import { copyOf, KeptEntries, MAX_KEPT_ENTRIES } from './kept-reads.js';

describe('KeptEntries', () => {
  it('answers an entry while it is younger than the bound and drops it once older', () => {
    let now = 100;
    const kept = new KeptEntries<string, number>(50, () => now);
    kept.put('a', 1);
    now = 149;
    expect(kept.fresh('a')?.value).toBe(1);
    now = 150;
    expect(kept.fresh('a')).toBeUndefined();
    expect(kept.entry('a')).toBeUndefined();
    expect(kept.size).toBe(0);
  });

  it('answers nothing as fresh with a bound of 0', () => {
    const kept = new KeptEntries<string, number>(0, () => 0);
    kept.put('a', 1);
    expect(kept.entry('a')?.value).toBe(1);
    expect(kept.fresh('a')).toBeUndefined();
  });

  it('drops the oldest kept entry beyond the bound on entries, counting a replaced one as new', () => {
    const kept = new KeptEntries<number, number>(1_000, () => 0);
    for (let i = 0; i < MAX_KEPT_ENTRIES; i++) kept.put(i, i);
    kept.put(0, -1); // replaced: now the newest
    kept.put(MAX_KEPT_ENTRIES, MAX_KEPT_ENTRIES);
    expect(kept.size).toBe(MAX_KEPT_ENTRIES);
    expect(kept.entry(0)?.value).toBe(-1);
    expect(kept.entry(1)).toBeUndefined();
    expect(kept.entry(2)?.value).toBe(2);
  });

  it('drops a given entry only while it is still the one kept', () => {
    const kept = new KeptEntries<string, number>(1_000, () => 0);
    const first = kept.put('a', 1);
    const second = kept.put('a', 2);
    kept.delete('a', first);
    expect(kept.entry('a')).toBe(second);
    for (const [key, entry] of kept.list()) kept.delete(key, entry);
    expect(kept.size).toBe(0);
    kept.put('b', 3);
    kept.delete('b');
    expect(kept.size).toBe(0);
  });
});

describe('copyOf', () => {
  it('gives a shallow copy of an object or array', () => {
    const row = { id: 1, tags: ['x'] };
    const copy = copyOf(row);
    copy.id = 2;
    expect(row.id).toBe(1);
    expect(copy.tags).toBe(row.tags);
    const list = [1, 2];
    const listCopy = copyOf(list);
    listCopy.push(3);
    expect(list).toEqual([1, 2]);
  });
});
