// A page whose module (and the chart library it draws with) loads when it is first opened, not
// with the app.
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocale } from '../i18n/locale.js';

export function lazyPage<P extends object>(
  load: () => Promise<FunctionComponent<P>>,
): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  return function LazyPage(props: P) {
    const locale = useLocale();
    const [Page, setPage] = useState<FunctionComponent<P> | null>(() => loaded);
    useEffect(() => {
      if (Page) return;
      void load().then((component) => {
        loaded = component;
        setPage(() => component);
      });
    }, [Page]);
    return Page ? (
      <Page {...props} />
    ) : (
      <p class="muted" role="status">
        {locale.t('loading')}
      </p>
    );
  };
}
