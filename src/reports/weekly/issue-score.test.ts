import { describe, expect, it } from 'vitest';
import { growthOf, issueScore, MAX_GROWTH, smoothedNegativeShare } from './issue-score.js';

describe('issue score', () => {
  it('multiplies distinct authors, negative share and growth', () => {
    const s = issueScore({
      authors: 40,
      baselineAuthors: 4 * 9,
      negative: 0,
      rated: 0,
      correctedNegative: 0.5,
    });
    expect(s.growth).toBeCloseTo(41 / 10, 10);
    expect(s.score).toBeCloseTo(40 * 0.5 * 4.1, 10);
    expect(s.negativeShareMethod).toBe('corrected');
  });

  it('smooths a label share from few posts towards one half', () => {
    expect(smoothedNegativeShare(3, 3)).toBeCloseTo(0.8, 10);
    const s = issueScore({
      authors: 12,
      baselineAuthors: 0,
      negative: 3,
      rated: 3,
      correctedNegative: null,
    });
    expect(s.negativeShare).toBeCloseTo(0.8, 10);
    expect(s.negativeShareMethod).toBe('smoothed labels');
  });

  it('caps the growth of a new issue, so it cannot outrank a large steady one on novelty alone', () => {
    expect(growthOf(10, 0)).toBe(MAX_GROWTH);
    const fresh = issueScore({
      authors: 10,
      baselineAuthors: 0,
      negative: 0,
      rated: 0,
      correctedNegative: 0.6,
    });
    const steady = issueScore({
      authors: 200,
      baselineAuthors: 800,
      negative: 0,
      rated: 0,
      correctedNegative: 0.6,
    });
    expect(steady.score).toBeGreaterThan(fresh.score);
  });
});
