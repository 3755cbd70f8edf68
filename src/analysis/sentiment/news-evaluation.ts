import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sentiment } from '../../model.js';
import { packageRoot } from '../../package-root.js';
import { scoreClassification } from './metrics.js';
import type { NewsSentiment, ScoredSentence, SentenceWords } from './news-sentiment.js';
import { SENTIMENTS } from './sentence-aggregate.js';
import type { SentimentPrediction } from './sentiment-model.js';

// Reads the labelled news set (resources/eval/news-sentiment.jsonl) and scores it: what the
// evaluation script prints and what the reproduction test checks.

export const NEWS_EVAL_PATH = 'resources/eval/news-sentiment.jsonl';

export interface NewsEvalItem {
  id: string;
  title: string;
  summary: string;
  label: Sentiment;
  split: 'tune' | 'test';
  topics?: { query: string; label: Sentiment }[];
}

export function readNewsEvalSet(path = join(packageRoot(), NEWS_EVAL_PATH)): NewsEvalItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const item = JSON.parse(line) as NewsEvalItem;
      if (!SENTIMENTS.includes(item.label) || (item.split !== 'tune' && item.split !== 'test')) {
        throw new Error(`${path}:${i + 1}: expected a label and a split (tune or test)`);
      }
      return item;
    });
}

/** The text the pipeline analyses for a feed item: title, then summary on the next line. */
export function itemText(item: Pick<NewsEvalItem, 'title' | 'summary'>): string {
  return item.summary ? `${item.title}\n${item.summary}` : item.title;
}

export interface ScoredItem {
  item: NewsEvalItem;
  /** The whole text scored as one, as the pipeline did before sentence-level news sentiment. */
  whole: SentimentPrediction;
  sentences: ScoredSentence[];
}

export function scoreNewsItems(
  items: readonly NewsEvalItem[],
  news: NewsSentiment,
  wordsOf: SentenceWords,
): ScoredItem[] {
  return items.map((item) => {
    const text = itemText(item);
    const whole = news.model.predictTokens(
      news.model.tokens({ text, lang: 'vi', words: wordsOf(text) }),
    );
    return { item, whole, sentences: news.scoreText(text, wordsOf) };
  });
}

export interface NewsReport {
  n: number;
  macroF1: number;
  perClass: Record<Sentiment, number>;
  /** How many of each class were predicted and how many there are. */
  predicted: Record<Sentiment, number>;
  truth: Record<Sentiment, number>;
}

export function newsReport(
  gold: readonly Sentiment[],
  predicted: readonly Sentiment[],
): NewsReport {
  const scores = scoreClassification(gold, predicted, SENTIMENTS);
  const perClass = { positive: 0, neutral: 0, negative: 0 };
  const predictedMix = { positive: 0, neutral: 0, negative: 0 };
  const truth = { positive: 0, neutral: 0, negative: 0 };
  for (const c of scores.perClass) {
    const label = c.label as Sentiment;
    perClass[label] = c.f1;
    predictedMix[label] = c.predicted;
    truth[label] = c.support;
  }
  return { n: gold.length, macroF1: scores.macroF1, perClass, predicted: predictedMix, truth };
}
