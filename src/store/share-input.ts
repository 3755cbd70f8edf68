// What one stored mention adds to the sentiment share statistics (see
// src/analysis/quantify/share-statistics.ts): its group, normalised class probabilities,
// predicted label and probability cell. Every store keeps its roll-ups from this, and tests
// recompute the statistics from stored mentions with it.
import {
  addPost,
  type ClassProbabilities,
  probabilityCell,
  type ShareClass,
  type ShareStatistics,
  shareGroup,
} from '../analysis/quantify/index.js';
import type { MentionAnalysis } from '../model.js';

/**
 * The group of mentions analysed before class probabilities were kept. Their probabilities
 * are rebuilt from the label and its confidence (the label gets the confidence, the other two
 * classes half the rest each); no correction was measured for them, so their share is the
 * plain mean of those probabilities, close to counting labels.
 */
export const LABELS_ONLY_GROUP = 'labels-only';

export interface ShareInput {
  group: string;
  label: ShareClass;
  probabilities: ClassProbabilities;
  cell: number;
}

function fromLabel(label: ShareClass, confidence: number | null): ClassProbabilities {
  const c = confidence === null || !Number.isFinite(confidence) ? 1 : confidence;
  const own = Math.min(1, Math.max(1 / 3, c));
  const rest = (1 - own) / 2;
  return {
    negative: label === 'negative' ? own : rest,
    neutral: label === 'neutral' ? own : rest,
    positive: label === 'positive' ? own : rest,
  };
}

function normalised(p: ClassProbabilities): ClassProbabilities | null {
  const values = [p.negative, p.neutral, p.positive];
  const total = values.reduce((a, b) => a + b, 0);
  if (!(total > 0) || values.some((v) => !(v >= 0) || !Number.isFinite(v))) return null;
  return { negative: p.negative / total, neutral: p.neutral / total, positive: p.positive / total };
}

/** Null when the analysis has no sentiment: such a mention is in no share statistics. */
export function shareInputOf(analysis: MentionAnalysis | null): ShareInput | null {
  const label = analysis?.sentiment;
  if (!analysis || !label) return null;
  const given = analysis.sentimentProbabilities
    ? normalised(analysis.sentimentProbabilities)
    : null;
  const probabilities = given ?? fromLabel(label, analysis.sentimentConfidence);
  const group =
    given === null
      ? LABELS_ONLY_GROUP
      : (analysis.shareGroup ?? shareGroup(analysis.lang, null) ?? 'other');
  return {
    group,
    label,
    probabilities,
    cell: probabilityCell(probabilities.negative, probabilities.positive),
  };
}

/** Adds a mention's analysis to `stats` (nothing when it has no sentiment). Mutates `stats`. */
export function addAnalysis(stats: ShareStatistics, analysis: MentionAnalysis | null): void {
  const input = shareInputOf(analysis);
  if (input) addPost(stats, input);
}
