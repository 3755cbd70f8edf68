import type { QueryNode } from '../../query/ast.js';
import { tokenize } from '../normalize/index.js';
import { loadDefaultSegmenter, segmentTokens, type WordSegmenter } from '../segment/index.js';
import { loadDefaultNewsSentiment, type NewsSentiment } from './news-sentiment.js';
import { sentimentTowards, type TowardsTopic } from './towards-topic.js';

// Sentiment towards a topic's query for raw texts: split, segmented and scored sentence by
// sentence as Vietnamese news is (news-sentiment.ts), then read where the query hits most.

export interface TowardsOptions {
  news?: NewsSentiment;
  segmenter?: WordSegmenter;
}

/** A scorer of texts towards `query`; null for a text that is not Vietnamese. */
export function createTowardsScorer(
  query: QueryNode,
  options: TowardsOptions = {},
): (text: string, lang: string | null) => TowardsTopic | null {
  const news = options.news ?? loadDefaultNewsSentiment();
  const segmenter = options.segmenter ?? loadDefaultSegmenter();
  const wordsOf = (sentence: string) => segmentTokens(tokenize(sentence, 'news'), segmenter);
  return (text, lang) => {
    if (lang !== 'vi') return null;
    return sentimentTowards(news.scoreText(text, wordsOf), query, (sentences, titleFirst) =>
      news.combine(sentences, titleFirst),
    );
  };
}
