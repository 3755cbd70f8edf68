// A query-language error shown under the query itself: the text up to the offending character,
// then a caret, so the eye lands on the exact position.
import { queryProblemText } from '../i18n/error-text.js';
import { useLocale } from '../i18n/locale.js';

export function QueryErrorMarker({
  query,
  position,
  message,
  code,
  params,
}: {
  query: string;
  position: number;
  message: string;
  /** The refusal's code and values, when the server gave them: said in the reader's language. */
  code?: string | undefined;
  params?: Record<string, string | number> | undefined;
}) {
  const locale = useLocale();
  // The live check sends the position beside the values, not among them.
  const coded = queryProblemText(locale.lang, { message, code, params: { position, ...params } });
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
      <p class="error">{coded ?? locale.t('queryError', { position: at, message })}</p>
    </div>
  );
}
