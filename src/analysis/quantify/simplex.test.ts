import { describe, expect, it } from 'vitest';
import { solveOnSimplex } from './simplex.js';

describe('solveOnSimplex', () => {
  const m = [
    [0.8, 0.3, 0.1],
    [0.15, 0.5, 0.1],
    [0.05, 0.2, 0.8],
  ];

  it('returns the exact solution when it lies on the simplex', () => {
    const q = [0.2, 0.5, 0.3];
    const b = m.map((row) => row.reduce((s, v, k) => s + v * q[k]!, 0));
    for (const [i, v] of solveOnSimplex(m, b).entries()) expect(v).toBeCloseTo(q[i]!, 9);
  });

  it('gives no negative share when the plain solution has one', () => {
    // b is what only class 0 and 2 could produce, nudged outside: the plain solve goes negative.
    const b = [0.75, 0.02, 0.23];
    const q = solveOnSimplex(m, b);
    expect(Math.min(...q)).toBeGreaterThanOrEqual(0);
    expect(q.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
    expect(q[1]).toBe(0);
  });

  it('handles more observed components than classes (least squares)', () => {
    const tall = [
      ...m.map((row) => row.map((v) => v / 2)),
      ...m.map((row) => row.map((v) => v / 2)),
    ];
    const q = [0.6, 0.1, 0.3];
    const b = tall.map((row) => row.reduce((s, v, k) => s + v * q[k]!, 0));
    for (const [i, v] of solveOnSimplex(tall, b).entries()) expect(v).toBeCloseTo(q[i]!, 9);
  });

  it('answers even for an all-zero matrix', () => {
    const q = solveOnSimplex(
      [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
      [0.3, 0.3, 0.4],
    );
    expect(q.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
    expect(q.every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});
