// A horizontal bar split into the estimated positive / neutral / negative shares, each with
// its interval in the tooltip; "too few posts" when there is no estimate, and the hidden-figure
// text when the set comes from fewer than k people.
import type { SentimentEstimate } from '../../../src/store/listening-store.js';
import { estimateNote, shareWithInterval } from '../format/share-estimate.js';
import { useLocale } from '../i18n/locale.js';

export function SentimentSplitBar({
  share,
  hidden = null,
}: {
  share: SentimentEstimate;
  /** Shown instead of any estimate: the set comes from fewer than k people. */
  hidden?: string | null;
}) {
  const locale = useLocale();
  const shares = share.shares;
  if (hidden !== null) return <p class="split-empty split-hidden muted">{hidden}</p>;
  if (!shares) {
    return <p class="split-empty muted">{estimateNote(locale, share)}</p>;
  }
  const parts = [
    ['positive', shares.positive],
    ['neutral', shares.neutral],
    ['negative', shares.negative],
  ] as const;
  const label = parts
    .map(([key]) => `${locale.t(key)} ${shareWithInterval(locale, share, key)}`)
    .join(', ');
  const note = estimateNote(locale, share);
  return (
    <div
      class={`split-bar${share.sufficient ? '' : ' split-insufficient'}`}
      role="img"
      aria-label={`${locale.t('sentimentSplit')}: ${label}. ${note}`}
      title={note}
    >
      {parts.map(([key, value]) =>
        value > 0 ? (
          <span
            key={key}
            class={`split-${key}`}
            style={{ width: `${value * 100}%` }}
            title={`${locale.t(key)} ${shareWithInterval(locale, share, key)}\n${note}`}
          />
        ) : null,
      )}
    </div>
  );
}
