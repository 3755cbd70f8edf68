import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import {
  calibratedProbabilities,
  expectedCalibrationError,
  fitCalibration,
  identityCalibration,
  logLoss,
} from './calibration.js';
import { loadVietnameseSentimentModel } from './sentiment-model.js';

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Scores three times too confident, with neutral (class 1) under-called by a bias. */
function overconfidentRows(n: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const label = Math.floor(random() * 3);
    const truth = [0, 1, 2].map((c) => (c === label ? 1 : 0) + 0.9 * gaussian(random));
    return { label, scores: truth.map((z, c) => 3 * z - (c === 1 ? 1 : 0)) };
  });
}

function topLabelEce(rows: { label: number; scores: number[] }[], cal = identityCalibration(3)) {
  const confidence: number[] = [];
  const correct: boolean[] = [];
  for (const r of rows) {
    const p = calibratedProbabilities(r.scores, cal);
    const best = p.indexOf(Math.max(...p));
    confidence.push(p[best]!);
    correct.push(best === r.label);
  }
  return expectedCalibrationError(confidence, correct);
}

describe('vector scaling', () => {
  it('undoes over-confidence and a class bias on held-out rows', () => {
    const fit = fitCalibration(overconfidentRows(4000, 1), 3);
    const test = overconfidentRows(4000, 2);
    expect(fit.scale.every((s) => s > 0.2 && s < 0.5)).toBe(true);
    expect(fit.shift[1]!).toBeGreaterThan(fit.shift[0]!);
    expect(logLoss(test, fit)).toBeLessThan(logLoss(test, identityCalibration(3)) - 0.1);
    expect(topLabelEce(test, fit)).toBeLessThan(0.03);
    expect(topLabelEce(test)).toBeGreaterThan(0.08);
  });

  it('temperature only keeps one scale for every class and no shift', () => {
    const fit = fitCalibration(overconfidentRows(2000, 3), 3, { temperatureOnly: true });
    expect(new Set(fit.scale.map((s) => s.toFixed(6))).size).toBe(1);
    expect(fit.shift).toEqual([0, 0, 0]);
  });

  it('measures ECE as the gap between stated confidence and accuracy', () => {
    // Ten rows stated at 0.9, half right: the gap is 0.4.
    const confidence = new Array(10).fill(0.9);
    const correct = Array.from({ length: 10 }, (_, i) => i < 5);
    expect(expectedCalibrationError(confidence, correct)).toBeCloseTo(0.4, 10);
  });
});

const dir = resolve(process.cwd(), '../shared/data/sentiment');
const hasData = existsSync(resolve(dir, 'uit-vsfc.dev.jsonl'));

describe.skipIf(!hasData)('the committed calibration on the dev splits', () => {
  it('lowers log loss on both dev splits and ECE on the two together', () => {
    const model = loadVietnameseSentimentModel();
    const plain = identityCalibration(3);
    const all = { plain: [] as number[], calibrated: [] as number[], correct: [] as boolean[] };
    for (const name of ['uit-vsfc.dev', 'vlsp2016.dev']) {
      const rows = readFileSync(resolve(dir, `${name}.jsonl`), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { text: string; label: string });
      let lossPlain = 0;
      let lossCalibrated = 0;
      for (const r of rows) {
        const prediction = model.predict({ text: r.text, lang: 'vi' })!;
        const scores = model.scores(model.tokens({ text: r.text, lang: 'vi' }));
        const raw = calibratedProbabilities(scores, plain);
        const gold = model.linear.labels.indexOf(r.label);
        const calibrated = model.linear.labels.map(
          (l) => prediction.probabilities[l as 'positive' | 'neutral' | 'negative'],
        );
        lossPlain -= Math.log(raw[gold]!) / rows.length;
        lossCalibrated -= Math.log(calibrated[gold]!) / rows.length;
        all.plain.push(Math.max(...raw));
        all.calibrated.push(prediction.confidence);
        all.correct.push(prediction.label === r.label);
      }
      console.log(`${name} log loss ${lossPlain.toFixed(4)} -> ${lossCalibrated.toFixed(4)}`);
      expect(lossCalibrated).toBeLessThan(lossPlain);
    }
    const before = expectedCalibrationError(all.plain, all.correct);
    const after = expectedCalibrationError(all.calibrated, all.correct);
    console.log(`dev ECE ${(before * 100).toFixed(2)} -> ${(after * 100).toFixed(2)}`);
    expect(after).toBeLessThan(before);
  });
});
