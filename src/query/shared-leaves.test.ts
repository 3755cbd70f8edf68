import { describe, expect, it } from 'vitest';
import { compilePreparedMatcher } from './match.js';
import { parseQuery } from './parse.js';
import { prepareDocument } from './prepare.js';
import { SharedLeaves } from './shared-leaves.js';

const doc = (text: string, platform = 'web') =>
  prepareDocument({ title: null, text, platform, lang: 'vi', sentiment: null, url: null });

describe('SharedLeaves', () => {
  it('shares identical leaves between matchers and never reuses an answer across documents', () => {
    const shared = new SharedLeaves();
    const flood = compilePreparedMatcher(parseQuery('ngập "hà nội" platform:web'), shared);
    const floodOrRain = compilePreparedMatcher(
      parseQuery('(ngập OR mưa) "hà nội" platform:web'),
      shared,
    );
    const titleOnly = compilePreparedMatcher(parseQuery('title:ngập'), shared);
    // ngập, "hà nội", platform:web, mưa, and title-only ngập as a leaf of its own.
    expect(shared.size).toBe(5);

    const first = doc('Hà Nội ngập sau mưa');
    const second = doc('Hà Nội mưa');
    const third = doc('Hà Nội ngập', 'x');
    expect([flood(first), floodOrRain(first), titleOnly(first)]).toEqual([true, true, false]);
    expect([flood(second), floodOrRain(second)]).toEqual([false, true]);
    expect([flood(third), floodOrRain(third)]).toEqual([false, false]);
    // Back to an earlier document: answers are recomputed for it, not taken from the last one.
    expect([flood(first), floodOrRain(second)]).toEqual([true, true]);
  });
});
