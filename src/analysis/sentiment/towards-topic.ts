import type { LeafNode, QueryNode } from '../../query/ast.js';
import { leafPatterns, phraseStarts } from '../../query/match.js';
import { FieldWords } from '../../query/prepare.js';
import { tokenize } from '../../query/tokenize.js';
import type { ScoredSentence } from './news-sentiment.js';
import type { SentimentPrediction } from './sentiment-model.js';

// A mention's sentiment towards a topic: read from the sentences where the topic's query hits
// most (an article on flooding that praises the rescue is positive towards "cứu hộ"), and from
// the whole text when no sentence holds a query word.

/** The words and phrases a query looks for, leaving out what is under NOT and meta fields. */
export function positiveLeaves(node: QueryNode): LeafNode[] {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return [node];
    case 'near':
      return [...node.operands];
    case 'field':
      return node.field === 'title' || node.field === 'text' ? positiveLeaves(node.child) : [];
    case 'not':
      return [];
    case 'and':
    case 'or':
      return node.children.flatMap(positiveLeaves);
  }
}

/** How many distinct leaves of `leaves` occur in `sentence` (matched as the query matcher does). */
export function queryHits(sentence: string, leaves: readonly LeafNode[]): number {
  const words = new FieldWords(tokenize(sentence));
  let hits = 0;
  for (const leaf of leaves) {
    if (leafPatterns(leaf).every((pattern) => phraseStarts(words, pattern).length > 0)) hits++;
  }
  return hits;
}

/** Indices of the sentences the query hits most; empty when it hits none. */
export function sentencesMatching(sentences: readonly string[], query: QueryNode): number[] {
  const leaves = positiveLeaves(query);
  const hits = sentences.map((s) => queryHits(s, leaves));
  const most = Math.max(0, ...hits);
  if (most === 0) return [];
  return hits.flatMap((h, i) => (h === most ? [i] : []));
}

export interface TowardsTopic {
  prediction: SentimentPrediction | null;
  /** The sentences read; null when none matched and the whole text was read. */
  sentences: string[] | null;
}

/**
 * Sentiment towards `query` of a text already scored sentence by sentence; `combine` turns
 * scored sentences into a prediction (NewsSentiment.combine), `titleFirst` telling it whether
 * the first of them is the text's title.
 */
export function sentimentTowards(
  scored: readonly ScoredSentence[],
  query: QueryNode,
  combine: (
    sentences: readonly ScoredSentence[],
    titleFirst: boolean,
  ) => SentimentPrediction | null,
): TowardsTopic {
  const chosen = sentencesMatching(
    scored.map((s) => s.text),
    query,
  );
  if (chosen.length === 0) return { prediction: combine(scored, true), sentences: null };
  const picked = chosen.map((i) => scored[i]!);
  return { prediction: combine(picked, chosen[0] === 0), sentences: picked.map((s) => s.text) };
}
