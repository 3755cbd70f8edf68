import { useLocale } from '../i18n/locale.js';
import type { AsyncState } from './use-async.js';

/** The loading line or the error with a retry button, for any async panel. */
export function LoadStatus({ state, retry }: { state: AsyncState<unknown>; retry: () => void }) {
  const locale = useLocale();
  if (state.status === 'loading' && state.data === null)
    return (
      <div class="skeleton" role="status">
        <p class="muted skeleton-caption">{locale.t('loading')}</p>
        <div class="skeleton-line" aria-hidden="true" />
        <div class="skeleton-line skeleton-short" aria-hidden="true" />
      </div>
    );
  if (state.status === 'error')
    return (
      <p class="error" role="alert">
        {locale.t('loadFailed', { message: state.error.message })}{' '}
        <button type="button" onClick={retry}>
          {locale.t('retry')}
        </button>
      </p>
    );
  return null;
}
