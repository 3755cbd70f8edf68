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

/** The minimiser over the simplex for one observed vector. */
export type SimplexSolver = (b: readonly number[]) => number[];

/**
 * A solver of argmin |M q - b|^2 over the simplex for a fixed M: M'M is computed once, so each
 * observed vector costs M'b and a few 2x2 to 4x4 systems. `m[j][k]` is what class k contributes
 * to observed component j (e.g. P(predicted j | true k)).
 */
export function simplexSolver(m: Matrix): SimplexSolver {
  const k = m[0]?.length ?? 0;
  const d = m.length;
  const gram = Array.from({ length: k }, (_, r) =>
    Array.from({ length: k }, (_, c) => {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += m[j]![r]! * m[j]![c]!;
      return dot;
    }),
  );
  // Per support S, the inverse of the KKT matrix of min |M_S q_S - b|^2 subject to
  // sum q_S = 1:  [2 M_S'M_S  1; 1'  0] [q; l] = [2 M_S'b; 1]. It does not depend on b, so each
  // observed vector costs M'b and a few small matrix-vector products. All classes first: the
  // problem is convex, so a feasible minimiser over the whole affine hull is the answer and the
  // other supports need not be tried (the common case). Singular systems are left out; a
  // single class always has one.
  const systems: { support: number[]; inverse: number[][] }[] = [];
  for (let mask = (1 << k) - 1; mask >= 1; mask--) {
    const support: number[] = [];
    for (let c = 0; c < k; c++) if (mask & (1 << c)) support.push(c);
    const s = support.length;
    const columns: number[][] = [];
    for (let e = 0; e <= s; e++) {
      const a = support.map((r) => [...support.map((c) => 2 * gram[r]![c]!), 1]);
      a.push([...new Array<number>(s).fill(1), 0]);
      const unit = new Array<number>(s + 1).fill(0);
      unit[e] = 1;
      const column = solveLinear(a, unit);
      if (!column) break;
      columns.push(column);
    }
    if (columns.length !== s + 1) continue;
    // inverse[r][e] = columns[e][r]
    systems.push({ support, inverse: support.map((_, r) => columns.map((col) => col[r]!)) });
  }
  return (b) => {
    if (k === 0) return [];
    const mb = new Array<number>(k).fill(0);
    for (let j = 0; j < d; j++) {
      const bj = b[j]!;
      const row = m[j]!;
      for (let c = 0; c < k; c++) mb[c]! += row[c]! * bj;
    }
    let best: number[] | null = null;
    let bestObjective = Number.POSITIVE_INFINITY;
    for (const { support, inverse } of systems) {
      const s = support.length;
      const q = new Array<number>(k).fill(0);
      let feasible = true;
      let interior = true;
      for (let r = 0; r < s; r++) {
        const row = inverse[r]!;
        let x = row[s]!;
        for (let e = 0; e < s; e++) x += row[e]! * 2 * mb[support[e]!]!;
        if (!(x >= -1e-12)) feasible = false;
        if (!(x > 1e-9)) interior = false;
        q[support[r]!] = Math.max(0, x);
      }
      if (!feasible) continue;
      if (s === k && interior) return normalised(q);
      // |Mq - b|^2 less the constant |b|^2.
      let objective = 0;
      for (let r = 0; r < k; r++) {
        let gq = 0;
        for (let c = 0; c < k; c++) gq += gram[r]![c]! * q[c]!;
        objective += q[r]! * gq - 2 * mb[r]! * q[r]!;
      }
      // Ties (a singular M admits many exact solutions) go to the larger support: it spreads
      // the share instead of handing it all to one class on an arbitrary choice.
      if (
        objective < bestObjective - 1e-13 ||
        (best && objective <= bestObjective + 1e-13 && s > count(best))
      ) {
        best = q;
        bestObjective = Math.min(objective, bestObjective);
      }
    }
    // A singleton support's system is never singular, so `best` is always set.
    return normalised(best!);
  };
}

/** argmin |M q - b|^2 over the simplex, for a single b (see simplexSolver). */
export function solveOnSimplex(m: Matrix, b: readonly number[]): number[] {
  return simplexSolver(m)(b);
}

function normalised(q: readonly number[]): number[] {
  const total = q.reduce((x, y) => x + y, 0);
  return q.map((v) => v / total);
}

function count(q: readonly number[]): number {
  return q.filter((v) => v > 0).length;
}
