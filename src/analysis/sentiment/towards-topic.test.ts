import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../query/parse.js';
import type { ScoredSentence } from './news-sentiment.js';
import { mostProbable } from './sentence-aggregate.js';
import type { SentimentPrediction } from './sentiment-model.js';
import { positiveLeaves, queryHits, sentencesMatching, sentimentTowards } from './towards-topic.js';

const scored = (text: string, positive: number, negative: number): ScoredSentence => ({
  text,
  probabilities: { positive, neutral: 1 - positive - negative, negative },
  strongestWord: 10,
});

/** Mean of the sentences' probabilities; records what it was given. */
function meanOf(calls: { texts: string[]; titleFirst: boolean }[]) {
  return (sentences: readonly ScoredSentence[], titleFirst: boolean): SentimentPrediction => {
    calls.push({ texts: sentences.map((s) => s.text), titleFirst });
    const p = { positive: 0, neutral: 0, negative: 0 };
    for (const s of sentences) {
      for (const c of ['positive', 'neutral', 'negative'] as const) {
        p[c] += s.probabilities[c] / sentences.length;
      }
    }
    const label = mostProbable(p);
    return { label, confidence: p[label], probabilities: p };
  };
}

const article = [
  scored('Lũ quét cuốn trôi nhiều nhà ở Hà Giang', 0.05, 0.9),
  scored('Hai người mất tích, hàng chục ha lúa bị vùi lấp', 0.05, 0.9),
  scored('Lực lượng cứu hộ đã sơ tán an toàn hàng trăm người dân', 0.8, 0.1),
];

describe('positiveLeaves', () => {
  it('keeps the words a query looks for, not those under NOT or in meta fields', () => {
    const leaves = positiveLeaves(parseQuery('("cứu hộ" OR cứu*) -"thiệt hại" platform:web'));
    expect(leaves.map((l) => l.text)).toEqual(['cứu hộ', 'cứu']);
  });
});

describe('sentencesMatching', () => {
  it('counts distinct leaves hit, accent-insensitively, and picks the most hit sentences', () => {
    const leaves = positiveLeaves(parseQuery('"cuu ho" OR "nguoi dan"'));
    expect(queryHits(article[2]!.text, leaves)).toBe(2);
    expect(queryHits(article[0]!.text, leaves)).toBe(0);
    expect(
      sentencesMatching(
        article.map((s) => s.text),
        parseQuery('"cứu hộ" OR lũ OR "người dân"'),
      ),
    ).toEqual([2]);
    expect(sentencesMatching(['a b', 'c'], parseQuery('zzz'))).toEqual([]);
  });
});

describe('sentimentTowards', () => {
  it('reads the sentences that match the topic: a flood article is positive towards rescue', () => {
    const calls: { texts: string[]; titleFirst: boolean }[] = [];
    const towards = sentimentTowards(article, parseQuery('"cứu hộ"'), meanOf(calls));
    expect(towards.prediction?.label).toBe('positive');
    expect(towards.sentences).toEqual([article[2]!.text]);
    expect(calls[0]).toEqual({ texts: [article[2]!.text], titleFirst: false });
    const whole = meanOf([])(article, true);
    expect(whole.label).toBe('negative');
  });

  it('falls back to the whole text when no sentence matches', () => {
    const calls: { texts: string[]; titleFirst: boolean }[] = [];
    const towards = sentimentTowards(article, parseQuery('bão'), meanOf(calls));
    expect(towards.sentences).toBeNull();
    expect(towards.prediction?.label).toBe('negative');
    expect(calls[0]?.texts).toHaveLength(3);
    expect(calls[0]?.titleFirst).toBe(true);
  });
});
