import { beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '../normalize/index.js';
import { createAnalysisPipeline } from '../pipeline.js';
import { loadDefaultSegmenter, segmentTokens } from '../segment/index.js';
import { itemText, newsReport, readNewsEvalSet, scoreNewsItems } from './news-evaluation.js';
import { loadDefaultNewsSentiment, type NewsSentiment } from './news-sentiment.js';

// The held-out figure reported in models/sentiment/MODEL_CARD.md ("Long texts and news"):
// macro-F1 of the shipped settings on the test split of resources/eval/news-sentiment.jsonl.
const REPORTED_TEST_MACRO_F1 = 0.489;

const segmenter = loadDefaultSegmenter();
const wordsOf = (s: string) => segmentTokens(tokenize(s, 'news'), segmenter);
let news: NewsSentiment;

beforeAll(() => {
  news = loadDefaultNewsSentiment();
});

describe('news sentiment on the labelled news set', () => {
  it('reproduces the reported held-out macro-F1 and beats whole-text scoring', () => {
    const test = readNewsEvalSet().filter((item) => item.split === 'test');
    expect(test.length).toBeGreaterThan(150);
    const scored = scoreNewsItems(test, news, wordsOf);
    const gold = scored.map((s) => s.item.label);
    const shipped = newsReport(
      gold,
      scored.map((s) => news.combine(s.sentences)!.label),
    );
    const whole = newsReport(
      gold,
      scored.map((s) => s.whole.label),
    );
    expect(Math.abs(shipped.macroF1 - REPORTED_TEST_MACRO_F1)).toBeLessThan(0.005);
    expect(shipped.macroF1).toBeGreaterThan(whole.macroF1);
    // The whole-text model calls most news negative; the sentence reading does not.
    expect(whole.predicted.negative).toBeGreaterThan(whole.truth.negative * 1.5);
    expect(shipped.predicted.negative).toBeLessThan(whole.predicted.negative);
  });
});

describe('pipeline', () => {
  it('reads Vietnamese news sentence by sentence and leaves social posts as before', () => {
    const item = readNewsEvalSet().find((i) => i.summary.includes('. '))!;
    const text = itemText(item);
    const pipeline = createAnalysisPipeline();
    const [asNews, asSocial] = pipeline.analyze([
      { id: 'n', text, platform: 'web' },
      { id: 's', text, platform: 'facebook' },
    ]);
    expect(asNews!.probabilities).toEqual(news.predict(text, wordsOf)!.probabilities);
    const words = segmentTokens(tokenize(text, 'social'), segmenter);
    expect(asSocial!.probabilities).toEqual(
      news.model.predictTokens(news.model.tokens({ text, lang: 'vi', words })).probabilities,
    );
  });
});
