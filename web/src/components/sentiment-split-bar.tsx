// A horizontal bar split into positive / neutral / negative shares.
import type { SentimentShare } from '../../../src/http/api-types.js';
import { useLocale } from '../i18n/locale.js';

export function SentimentSplitBar({ share }: { share: SentimentShare }) {
  const locale = useLocale();
  const parts = [
    ['positive', share.positiveShare],
    ['neutral', share.neutralShare],
    ['negative', share.negativeShare],
  ] as const;
  const label = parts.map(([key, value]) => `${locale.t(key)} ${locale.percent(value)}`).join(', ');
  return (
    <div class="split-bar" role="img" aria-label={`${locale.t('sentimentSplit')}: ${label}`}>
      {parts.map(([key, value]) =>
        value > 0 ? (
          <span
            key={key}
            class={`split-${key}`}
            style={{ width: `${value * 100}%` }}
            title={`${locale.t(key)} ${locale.percent(value)}`}
          />
        ) : null,
      )}
    </div>
  );
}
