import { describe, expect, it } from 'vitest';
import { emShares } from './em-shares.js';

describe('emShares', () => {
  it('recovers a shifted prior from posteriors calibrated under the training prior', () => {
    // Two classes, likelihoods known: P(x=a | 0) = 0.8, P(x=a | 1) = 0.3; training prior 50/50.
    const posterior = (x: 'a' | 'b') => {
      const l0 = x === 'a' ? 0.8 : 0.2;
      const l1 = x === 'a' ? 0.3 : 0.7;
      return [l0 / (l0 + l1), l1 / (l0 + l1)];
    };
    // A set that is 80 % class 0: expected share of x=a is 0.8 * 0.8 + 0.2 * 0.3 = 0.7.
    const posts = [
      ...Array.from({ length: 700 }, () => posterior('a')),
      ...Array.from({ length: 300 }, () => posterior('b')),
    ];
    const q = emShares(posts, [0.5, 0.5]);
    expect(q[0]).toBeCloseTo(0.8, 3);
    expect(q[1]).toBeCloseTo(0.2, 3);
  });

  it('gives zeros for no posts', () => {
    expect(emShares([], [0.5, 0.5])).toEqual([0, 0]);
  });
});
