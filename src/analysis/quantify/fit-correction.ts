import { seededRandom } from '../../seeded-random.js';
import type { CorrectedMethod, CorrectionMatrix } from './estimate-shares.js';
import { CELL_COUNT, probabilityCell } from './share-statistics.js';

// Estimates the correction matrices of adjusted counting from labelled posts the classifier
// never trained on (out-of-fold predictions), with bootstrap replicates for their uncertainty.

export interface LabelledPrediction {
  /** Calibrated class probabilities (negative, neutral, positive). */
  probabilities: ArrayLike<number>;
  /** The label the classifier reports. */
  predicted: number;
  /** The gold label. */
  label: number;
}

export interface CorrectionFit {
  corrections: Record<CorrectedMethod, CorrectionMatrix>;
  /** Gold class mix of the rows. */
  trainingPrior: number[];
}

export interface FitOptions {
  classes: number;
  /** Bootstrap replicates of each matrix. */
  replicates: number;
  seed?: number;
}

type Columns = Record<CorrectedMethod, number[]>;

/**
 * Column k of each matrix from rows of class k: rate of each predicted label, mean probability,
 * rate of each probability cell.
 */
function columns(rows: readonly LabelledPrediction[], pick: readonly number[], k: number): Columns {
  const acc = new Array<number>(k).fill(0);
  const pacc = new Array<number>(k).fill(0);
  const cells = new Array<number>(CELL_COUNT).fill(0);
  const w = 1 / pick.length;
  for (const i of pick) {
    const p = rows[i]!.probabilities;
    acc[rows[i]!.predicted]! += w;
    for (let j = 0; j < k; j++) pacc[j]! += p[j]! * w;
    cells[probabilityCell(p[0]!, p[k - 1]!)]! += w;
  }
  return { acc, pacc, cells };
}

const round6 = (m: number[][]) => m.map((row) => row.map((v) => Math.round(v * 1e6) / 1e6));

export function fitCorrection(
  rows: readonly LabelledPrediction[],
  options: FitOptions,
): CorrectionFit {
  const k = options.classes;
  const pools = Array.from({ length: k }, (_, c) => {
    const out: number[] = [];
    rows.forEach((r, i) => {
      if (r.label === c) out.push(i);
    });
    if (out.length === 0) {
      throw new Error(`no labelled rows of class ${c}: the correction cannot be estimated`);
    }
    return out;
  });
  // Matrices whose column k is built from `sample(pool of class k)`.
  const matrices = (sample: (pool: readonly number[]) => number[]) => {
    const cols = pools.map((pool) => columns(rows, sample(pool), k));
    const matrix = (m: CorrectedMethod) => cols[0]![m].map((_, j) => cols.map((col) => col[m][j]!));
    return { acc: matrix('acc'), pacc: matrix('pacc'), cells: matrix('cells') };
  };
  const point = matrices((pool) => [...pool]);
  const random = seededRandom(options.seed ?? 2002);
  const replicates = Array.from({ length: options.replicates }, () =>
    matrices((pool) => pool.map(() => pool[Math.floor(random() * pool.length)]!)),
  );
  const matrix = (m: CorrectedMethod): CorrectionMatrix => ({
    point: round6(point[m]),
    replicates: replicates.map((r) => round6(r[m])),
  });
  return {
    corrections: { acc: matrix('acc'), pacc: matrix('pacc'), cells: matrix('cells') },
    trainingPrior: pools.map((pool) => pool.length / rows.length),
  };
}
