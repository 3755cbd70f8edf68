import { describe, expect, it } from 'vitest';
import { rankHit } from './hit-rank.js';

describe('rankHit', () => {
  it('counts whole-word folded occurrences, title double, shorter text higher', () => {
    const once = rankHit({ title: null, text: 'Giá xăng tăng' }, ['xang']);
    const inTitle = rankHit({ title: 'Xăng', text: 'Giá xăng tăng' }, ['xang']);
    const longer = rankHit({ title: null, text: `Giá xăng tăng. ${'Tin khác. '.repeat(60)}` }, [
      'xang',
    ]);
    expect(once).toBeGreaterThan(0);
    expect(inTitle).toBeGreaterThan(once);
    expect(longer).toBeLessThan(once);
    expect(rankHit({ title: null, text: 'xăngdầu' }, ['xang'])).toBe(0);
  });
});
