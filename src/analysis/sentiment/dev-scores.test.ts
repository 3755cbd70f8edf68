import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreClassification } from './metrics.js';
import { NaiveBayes } from './naive-bayes.js';
import { loadVietnameseSentimentModel } from './sentiment-model.js';

// The shipped model against the dev splits it was selected on, and against the bag-of-words
// baseline trained on the same UIT-VSFC rows.

const dir = resolve(process.cwd(), '../shared/data/sentiment');
const hasData = existsSync(resolve(dir, 'uit-vsfc.dev.jsonl'));
if (!hasData)
  console.log('skipping sentiment dev-score checks: ../shared/data/sentiment is absent');

const LABELS = ['negative', 'neutral', 'positive'];

function rows(name: string): { text: string; label: string }[] {
  return readFileSync(resolve(dir, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { text: string; label: string });
}

describe.skipIf(!hasData)('Vietnamese sentiment on the dev splits', () => {
  const model = loadVietnameseSentimentModel();

  it('scores well on UIT-VSFC dev, neutral included, and beats naive Bayes', () => {
    const dev = rows('uit-vsfc.dev');
    const predicted = dev.map((r) => model.predict({ text: r.text, lang: 'vi' })!.label);
    const scores = scoreClassification(
      dev.map((r) => r.label),
      predicted,
      LABELS,
    );
    const neutral = scores.perClass.find((c) => c.label === 'neutral')!;
    const nb = new NaiveBayes(LABELS);
    for (const r of rows('uit-vsfc.train'))
      nb.add(model.tokens({ text: r.text, lang: 'vi' }), r.label);
    const nbScores = scoreClassification(
      dev.map((r) => r.label),
      dev.map((r) => nb.predict(model.tokens({ text: r.text, lang: 'vi' }))),
      LABELS,
    );
    console.log(
      `UIT-VSFC dev macro-F1 ${(scores.macroF1 * 100).toFixed(2)} (naive Bayes ${(nbScores.macroF1 * 100).toFixed(2)}), neutral predicted ${neutral.predicted} / true ${neutral.support}`,
    );
    expect(scores.macroF1).toBeGreaterThan(0.79);
    expect(scores.macroF1).toBeGreaterThan(nbScores.macroF1 + 0.05);
    // Neutral is neither ignored nor over-used.
    expect(neutral.predicted).toBeGreaterThan(neutral.support * 0.4);
    expect(neutral.predicted).toBeLessThan(neutral.support * 2.5);
  });

  it('reports a VLSP 2016 dev score', () => {
    const dev = rows('vlsp2016.dev');
    const scores = scoreClassification(
      dev.map((r) => r.label),
      dev.map((r) => model.predict({ text: r.text, lang: 'vi' })!.label),
      LABELS,
    );
    console.log(`VLSP 2016 dev macro-F1 ${(scores.macroF1 * 100).toFixed(2)}`);
    expect(scores.accuracy).toBeGreaterThan(0.58);
    expect(scores.macroF1).toBeGreaterThan(0.55);
  });
});
