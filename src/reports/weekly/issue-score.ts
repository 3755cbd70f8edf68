// The score that ranks a week's issues: distinct authors × negative share × growth.
//   authors  distinct authors of the issue in the week, near-duplicate copies (reprints) left
//            out; an issue needs MIN_DISTINCT_AUTHORS of them to be ranked at all.
//   negative the corrected negative share (the quantifier's estimate, as every share in nghe)
//            when the issue has enough posts with a sentiment for one; else the label share
//            smoothed towards one half, (negative + 1) / (rated + 2), so that 3 negative posts of
//            3 do not read as 100 %.
//   growth   (authors + 1) / (baseline + 1), the baseline being the issue's distinct authors in
//            the area's BASELINE_WEEKS weeks before, divided by that number of weeks; +1 on both
//            sides keeps a new issue from dividing by zero, and growth is capped at MAX_GROWTH,
//            so a new issue of 10 authors does not outrank a steady one of 200.

export const BASELINE_WEEKS = 4;
export const MAX_GROWTH = 10;

export interface ScoreFactors {
  authors: number;
  negativeShare: number;
  negativeShareMethod: 'corrected' | 'smoothed labels';
  baselineWeeklyAuthors: number;
  growth: number;
  score: number;
}

export function smoothedNegativeShare(negative: number, rated: number): number {
  return (negative + 1) / (rated + 2);
}

export function growthOf(authors: number, baselineAuthors: number, weeks = BASELINE_WEEKS): number {
  const baseline = baselineAuthors / weeks;
  return Math.min(MAX_GROWTH, (authors + 1) / (baseline + 1));
}

export function issueScore(input: {
  authors: number;
  baselineAuthors: number;
  negative: number;
  rated: number;
  /** The corrected negative share, when there is one. */
  correctedNegative: number | null;
}): ScoreFactors {
  const corrected = input.correctedNegative;
  const negativeShare = corrected ?? smoothedNegativeShare(input.negative, input.rated);
  const growth = growthOf(input.authors, input.baselineAuthors);
  return {
    authors: input.authors,
    negativeShare,
    negativeShareMethod: corrected === null ? 'smoothed labels' : 'corrected',
    baselineWeeklyAuthors: input.baselineAuthors / BASELINE_WEEKS,
    growth,
    score: input.authors * negativeShare * growth,
  };
}

export const SCORE_METHOD = `score = distinct authors × negative share × growth. Distinct authors of the week, reprints left out. Negative share: the corrected estimate when the issue has enough posts with a sentiment, else (negative + 1) / (rated + 2) of the labels. Growth: (authors + 1) / (weekly authors of the ${BASELINE_WEEKS} weeks before + 1), at most ${MAX_GROWTH}. Issues with fewer than 10 distinct authors are not ranked.`;
