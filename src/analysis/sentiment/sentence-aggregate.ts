import type { Sentiment } from '../../model.js';
import type { SentimentProbabilities } from './sentiment-model.js';

// A text's sentiment from its sentences' calibrated probabilities: a weighted mean in which the
// opening sentence (a news item's headline) may weigh more, and a sentence where no word
// leans clearly either way is pulled towards neutral. News reports facts in words the model
// holds neutral, but a whole-text linear score adds up many faint leanings into a polar label.

export const SENTIMENTS: readonly Sentiment[] = ['positive', 'neutral', 'negative'];

export interface SentenceScore {
  probabilities: SentimentProbabilities;
  /** Strength of the sentence's most polar word (0 when no word leans). */
  strongestWord: number;
}

export interface AggregationSettings {
  /** Weight of the first sentence; the others weigh 1. */
  titleWeight: number;
  /** A sentence whose strongest word is weaker than this has no sentiment-bearing word. */
  bearingThreshold: number;
  /** How far such a sentence is pulled to neutral: 0 not at all, 1 entirely. */
  neutralPull: number;
}

/** Weighted mean of the sentences' probabilities (sums to 1); null when there are none. */
export function aggregateSentences(
  sentences: readonly SentenceScore[],
  settings: AggregationSettings,
): SentimentProbabilities | null {
  if (sentences.length === 0) return null;
  const sum: SentimentProbabilities = { positive: 0, neutral: 0, negative: 0 };
  let total = 0;
  sentences.forEach((sentence, i) => {
    const weight = i === 0 ? settings.titleWeight : 1;
    const pull = sentence.strongestWord < settings.bearingThreshold ? settings.neutralPull : 0;
    for (const c of SENTIMENTS) {
      const p = (1 - pull) * sentence.probabilities[c] + (c === 'neutral' ? pull : 0);
      sum[c] += weight * p;
    }
    total += weight;
  });
  for (const c of SENTIMENTS) sum[c] /= total;
  return sum;
}

/**
 * Prior shift (Saerens, Latinne and Decaestecker 2002): probabilities calibrated on one class
 * mix, re-weighted by each class's ratio of new to old prior and renormalised.
 */
export function shiftPrior(
  probabilities: SentimentProbabilities,
  ratio: SentimentProbabilities,
): SentimentProbabilities {
  let total = 0;
  const out: SentimentProbabilities = { positive: 0, neutral: 0, negative: 0 };
  for (const c of SENTIMENTS) {
    out[c] = probabilities[c] * ratio[c];
    total += out[c];
  }
  if (!(total > 0)) return { ...probabilities };
  for (const c of SENTIMENTS) out[c] /= total;
  return out;
}

/** The most probable class (ties: neutral, then the order of SENTIMENTS). */
export function mostProbable(probabilities: SentimentProbabilities): Sentiment {
  let best: Sentiment = 'neutral';
  for (const c of SENTIMENTS) if (probabilities[c] > probabilities[best]) best = c;
  return best;
}
