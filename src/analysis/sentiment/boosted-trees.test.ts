import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import { BoostedTrees, DEFAULT_BOOSTING_OPTIONS, trainBoostedTrees } from './boosted-trees.js';

/** Three classes no straight line separates: inside a ring, left of it, right of it. */
function ringData(n: number, seed: number) {
  const next = seededRandom(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = next() * 2 - 1;
    const b = next() * 2 - 1;
    const noise = next() * 10;
    x.push([a, b, noise]);
    y.push(a * a + b * b < 0.35 ? 1 : a < 0 ? 0 : 2);
  }
  return { x, y };
}

function accuracy(model: BoostedTrees, x: number[][], y: number[]): number {
  const z = new Float64Array(3);
  let right = 0;
  x.forEach((row, i) => {
    model.scores(row, z);
    let best = 0;
    for (let c = 1; c < 3; c++) if (z[c]! > z[best]!) best = c;
    if (best === y[i]) right++;
  });
  return right / x.length;
}

describe('trainBoostedTrees', () => {
  const train = ringData(3000, 1);
  const test = ringData(1000, 2);
  const model = trainBoostedTrees(train.x, train.y, new Array(3000).fill(1), 3, {
    ...DEFAULT_BOOSTING_OPTIONS,
    rounds: 60,
    learningRate: 0.2,
  });

  it('learns a boundary a linear score cannot draw, on points it never saw', () => {
    expect(accuracy(model, test.x, test.y)).toBeGreaterThan(0.93);
  });

  it('rarely splits on a feature that carries no signal', () => {
    const roots = model.trees.map((t) => t.feature[0]);
    expect(roots.filter((f) => f === 2).length).toBeLessThan(roots.length / 10);
  });

  it('is deterministic', () => {
    const again = trainBoostedTrees(train.x, train.y, new Array(3000).fill(1), 3, {
      ...DEFAULT_BOOSTING_OPTIONS,
      rounds: 60,
      learningRate: 0.2,
    });
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(model.toJSON()));
  });

  it('treats a row of weight 2 as the same row twice', () => {
    // Few distinct values, so both runs get the same bins and only the weights differ.
    const x = train.x.slice(0, 400).map((row) => row.map((v) => Math.round(v * 10) / 10));
    const y = train.y.slice(0, 400);
    const weighted = trainBoostedTrees(
      x,
      y,
      x.map((_, i) => (i < 100 ? 2 : 1)),
      3,
      { ...DEFAULT_BOOSTING_OPTIONS, rounds: 10, bins: 255 },
    );
    const doubled = trainBoostedTrees(
      [...x, ...x.slice(0, 100)],
      [...y, ...y.slice(0, 100)],
      new Array(500).fill(1),
      3,
      { ...DEFAULT_BOOSTING_OPTIONS, rounds: 10, bins: 255 },
    );
    const a = new Float64Array(3);
    const b = new Float64Array(3);
    for (const row of test.x.slice(0, 200)) {
      weighted.scores(row, a);
      doubled.scores(row, b);
      for (let c = 0; c < 3; c++) expect(a[c]).toBeCloseTo(b[c]!, 6);
    }
  });

  it('round-trips through JSON and folds offsets into the base score', () => {
    const restored = BoostedTrees.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const shifted = restored.withOffsets([0, 1.5, -0.5]);
    const a = new Float64Array(3);
    const b = new Float64Array(3);
    const s = new Float64Array(3);
    for (const row of test.x.slice(0, 100)) {
      model.scores(row, a);
      restored.scores(row, b);
      shifted.scores(row, s);
      for (let c = 0; c < 3; c++) expect(b[c]).toBeCloseTo(a[c]!, 4);
      expect(s[1]! - b[1]!).toBeCloseTo(1.5, 6);
      expect(s[2]! - b[2]!).toBeCloseTo(-0.5, 6);
    }
  });

  it('rejects files that are not a well-formed model', () => {
    const good = model.toJSON();
    expect(() => BoostedTrees.fromJSON({ ...good, kind: 'linear' })).toThrow(/not a boosted/);
    expect(() => BoostedTrees.fromJSON(null)).toThrow(/not a boosted/);
    const loop = structuredClone(good);
    loop.trees[0]!.left[0] = 0;
    expect(() => BoostedTrees.fromJSON(loop)).toThrow(/malformed/);
    expect(() => BoostedTrees.fromJSON({ ...good, trees: [{}] })).toThrow(/malformed/);
    const short = structuredClone(good);
    short.trees[0]!.value.pop();
    expect(() => BoostedTrees.fromJSON(short)).toThrow(/malformed/);
    const far = structuredClone(good);
    far.trees[0]!.left[0] = 10_000;
    expect(() => BoostedTrees.fromJSON(far)).toThrow(/malformed/);
    expect(() => BoostedTrees.fromJSON({ ...good, base: [0] })).toThrow(/class count/);
    const wide = structuredClone(good);
    wide.trees[0]!.feature[0] = 9;
    expect(() => BoostedTrees.fromJSON(wide)).toThrow(/feature/);
  });

  it('refuses to train on nothing', () => {
    expect(() => trainBoostedTrees([], [], [], 3)).toThrow(/no rows/);
  });
});
