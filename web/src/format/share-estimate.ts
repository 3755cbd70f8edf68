// Wording of estimated sentiment shares: a share with its interval, and the line that says
// how the shares were estimated.
import type { SentimentEstimate } from '../../../src/store/listening-store.js';
import type { Locale } from '../i18n/locale.js';

type Key = 'positive' | 'neutral' | 'negative';

/** "62 % (55–68 %)"; '–' without shares. */
export function shareWithInterval(locale: Locale, estimate: SentimentEstimate, key: Key): string {
  if (!estimate.shares || !estimate.intervals) return '–';
  const [low, high] = estimate.intervals[key];
  return `${locale.percent(estimate.shares[key])} (${locale.percent(low)}–${locale.percent(high)})`;
}

/** Half the width of the net interval, in the points net sentiment is shown in: "±10". */
export function netPlusMinus(estimate: SentimentEstimate): string | null {
  if (!estimate.netInterval) return null;
  const [low, high] = estimate.netInterval;
  return `±${Math.round(((high - low) / 2) * 100)}`;
}

/** Whether a method string names a correction (acc, pacc or cells) for any group. */
export function isCorrected(method: string): boolean {
  return /\b(acc|pacc|cells)\b/.test(method);
}

/** How the shares were estimated, or that there are too few posts. */
export function estimateNote(locale: Locale, estimate: SentimentEstimate): string {
  if (!estimate.shares) return locale.t('tooFewPosts', { n: locale.number(estimate.n) });
  const values = { n: locale.number(estimate.n), level: locale.percent(estimate.level) };
  return isCorrected(estimate.method)
    ? locale.t('estimateNote', values)
    : locale.t('estimateNoteUncorrected', values);
}
