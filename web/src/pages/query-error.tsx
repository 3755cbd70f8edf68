// A query-language error shown under the query itself: the text up to the offending character,
// then a caret, so the eye lands on the exact position.
import { useLocale } from '../i18n/locale.js';

export function QueryErrorMarker({
  query,
  position,
  message,
}: {
  query: string;
  position: number;
  message: string;
}) {
  const locale = useLocale();
  const at = Math.max(0, Math.min(position, query.length));
  const offending = query.slice(at, at + 1) || ' ';
  return (
    <div class="query-error" role="alert" id="query-error" data-position={at}>
      <pre class="query-echo" aria-hidden="true">
        <span>{query.slice(0, at)}</span>
        <mark class="query-offending">{offending}</mark>
        <span>{query.slice(at + 1)}</span>
        {'\n'}
        <span class="caret-pad">{' '.repeat(at)}</span>
        <span class="caret">^</span>
      </pre>
      <p class="error">{locale.t('queryError', { position: at, message })}</p>
    </div>
  );
}
