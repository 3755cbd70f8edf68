// A grey placeholder in the shape of what is loading, with the loading words for screen readers.
import { useUiText } from './ui-messages.js';

export function Skeleton({ lines = 3, block = 0 }: { lines?: number; block?: number }) {
  const t = useUiText();
  return (
    <div class="skeleton" role="status" aria-live="polite">
      <span class="visually-hidden">{t('loadingContent')}</span>
      {block > 0 && <div class="skeleton-block" style={{ height: `${block}px` }} />}
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} class="skeleton-line" style={{ width: `${92 - ((i * 17) % 40)}%` }} />
      ))}
    </div>
  );
}
