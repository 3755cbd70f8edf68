// Least squares over the probability simplex: the q >= 0, sum q = 1 that minimises
// |M q - b|^2. Adjusted counts solve M q = b, but a noisy b or a near-singular M puts the plain
// solution outside the simplex (negative shares); the constrained one never does. With few
// classes every support set is tried exactly (2^C - 1 small systems), which is exact, needs no
// step size and cannot fail: a single class is always a feasible answer.

/** Column-major would read better for M q, but rows match how the matrix is written down. */
export type Matrix = readonly (readonly number[])[];

/** Solves A x = y in place by Gaussian elimination with partial pivoting; null if singular. */
function solveLinear(a: number[][], y: number[]): number[] | null {
  const n = y.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    }
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [y[col], y[pivot]] = [y[pivot]!, y[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / a[col]![col]!;
      if (f === 0) continue;
      for (let c = col; c < n; c++) a[r]![c]! -= f * a[col]![c]!;
      y[r]! -= f * y[col]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = y[r]!;
    for (let c = r + 1; c < n; c++) s -= a[r]![c]! * x[c]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}

function residual(m: Matrix, q: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let j = 0; j < b.length; j++) {
    let v = -b[j]!;
    for (let k = 0; k < q.length; k++) v += m[j]![k]! * q[k]!;
    sum += v * v;
  }
  return sum;
}

/**
 * argmin |M q - b|^2 over the simplex. `m[j][k]` is what class k contributes to observed
 * component j (e.g. P(predicted j | true k)); `b` the observed components.
 */
export function solveOnSimplex(m: Matrix, b: readonly number[]): number[] {
  const k = m[0]?.length ?? 0;
  if (k === 0) return [];
  let best: number[] | null = null;
  let bestResidual = Number.POSITIVE_INFINITY;
  // All classes first: the problem is convex, so a feasible minimiser over the whole affine
  // hull is the answer and the other supports need not be tried (the common case).
  for (let mask = (1 << k) - 1; mask >= 1; mask--) {
    const support: number[] = [];
    for (let c = 0; c < k; c++) if (mask & (1 << c)) support.push(c);
    // KKT system of min |M_S q_S - b|^2 subject to sum q_S = 1:
    // [2 M_S'M_S  1] [q]   [2 M_S'b]
    // [1'         0] [l] = [1      ]
    const s = support.length;
    const a: number[][] = [];
    const y: number[] = [];
    for (let r = 0; r < s; r++) {
      const row: number[] = [];
      for (let c = 0; c < s; c++) {
        let dot = 0;
        for (let j = 0; j < b.length; j++) dot += m[j]![support[r]!]! * m[j]![support[c]!]!;
        row.push(2 * dot);
      }
      row.push(1);
      a.push(row);
      let rhs = 0;
      for (let j = 0; j < b.length; j++) rhs += m[j]![support[r]!]! * b[j]!;
      y.push(2 * rhs);
    }
    a.push([...new Array<number>(s).fill(1), 0]);
    y.push(1);
    const x = solveLinear(a, y);
    if (!x) continue;
    const q = new Array<number>(k).fill(0);
    let feasible = true;
    for (let r = 0; r < s; r++) {
      if (!(x[r]! >= -1e-12)) feasible = false;
      q[support[r]!] = Math.max(0, x[r]!);
    }
    if (!feasible) continue;
    if (s === k && x.every((v, i) => i === s || v > 1e-9)) return normalised(q);
    const res = residual(m, q, b);
    // Ties (a singular M admits many exact solutions) go to the larger support: it spreads the
    // share instead of handing it all to one class on an arbitrary choice.
    if (res < bestResidual - 1e-15 || (best && res <= bestResidual + 1e-15 && s > count(best))) {
      best = q;
      bestResidual = Math.min(res, bestResidual);
    }
  }
  // A singleton support has a 1x1 system that is never singular, so `best` is always set.
  return normalised(best!);
}

function normalised(q: readonly number[]): number[] {
  const total = q.reduce((x, y) => x + y, 0);
  return q.map((v) => v / total);
}

function count(q: readonly number[]): number {
  return q.filter((v) => v > 0).length;
}
