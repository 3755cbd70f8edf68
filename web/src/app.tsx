// The shell: sign-in gate, header with navigation, language and time zone, and the pages.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { NotificationBell } from './alerts/notification-bell.js';
import { type ApiClient, createApiClient } from './api/api-client.js';
import {
  currentSession,
  type SessionCredential,
  type SessionInfo,
  signOutSession,
} from './api/session.js';
import { clearToken, readToken, writeToken } from './api/token-store.js';
import { useCapabilities } from './api/use-capabilities.js';
import { ApiContext } from './app-context.js';
import { lazyPage } from './components/lazy-page.js';
import { ThemeToggle } from './components/theme-toggle.js';
import { useUiText } from './components/ui-messages.js';
import {
  createLocale,
  LANGS,
  type Lang,
  LocaleContext,
  storedLang,
  storedTimeZone,
  storeLang,
  storeTimeZone,
  TIME_ZONES,
  useLocale,
} from './i18n/locale.js';
import type { MessageKey } from './i18n/vi.js';
import { OverviewPage } from './pages/overview-page.js';
import { SearchPage } from './pages/search-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { SourcesPage } from './pages/sources-page.js';
import { hrefFor, type Route, useRoute } from './router.js';

export function App() {
  const [lang, setLang] = useState<Lang>(storedLang);
  const [timeZone, setTimeZone] = useState(storedTimeZone);
  const [token, setToken] = useState<string | null>(readToken);
  // Signed in with a password or the identity provider: the cookie is the credential.
  const [session, setSession] = useState<SessionCredential | null>(null);
  const [expired, setExpired] = useState(false);
  const route = useRoute();
  const locale = useMemo(() => createLocale(lang, timeZone), [lang, timeZone]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // After a page change, screen readers and the Tab key start from the new page's content.
  const firstRoute = useRef(true);
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    if (route) document.getElementById('main')?.focus();
  }, [route]);

  useEffect(() => {
    if (token) return;
    void currentSession().then((found) => {
      if (found?.csrfToken) setSession({ csrf: found.csrfToken });
    });
  }, [token]);

  const api = useMemo(() => {
    const credential = token ?? session;
    return credential
      ? createApiClient(credential, () => {
          clearToken();
          setExpired(true);
          setToken(null);
          setSession(null);
        })
      : null;
  }, [token, session]);

  const signIn = (value: string) => {
    writeToken(value);
    setExpired(false);
    setToken(value);
  };
  const startSession = (found: SessionInfo) => {
    setExpired(false);
    if (found.csrfToken) setSession({ csrf: found.csrfToken });
  };
  const signOut = () => {
    if (session) void signOutSession(session);
    setSession(null);
    clearToken();
    setExpired(false);
    setToken(null);
  };

  return (
    <LocaleContext.Provider value={locale}>
      <a class="skip-link" href="#main">
        {locale.t('skipToContent')}
      </a>
      <header class="app-header">
        <a class="brand" href="#/">
          {locale.t('appName')}
        </a>
        {api && <MainNav route={route} api={api} />}
        <div class="header-controls">
          <label>
            <span class="visually-hidden">{locale.t('language')}</span>
            <select
              id="lang-select"
              value={lang}
              aria-label={locale.t('language')}
              onChange={(event) => {
                const next = event.currentTarget.value as Lang;
                storeLang(next);
                setLang(next);
              }}
            >
              {LANGS.map((code) => (
                <option key={code} value={code}>
                  {code === 'vi' ? 'Tiếng Việt' : 'English'}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span class="visually-hidden">{locale.t('timeZone')}</span>
            <select
              id="zone-select"
              value={timeZone}
              aria-label={locale.t('timeZone')}
              onChange={(event) => {
                const next = event.currentTarget.value;
                storeTimeZone(next);
                setTimeZone(next);
              }}
            >
              {TIME_ZONES.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </label>
          <ThemeToggle />
          {api && <NotificationBell api={api} />}
          {api && (
            <button type="button" id="sign-out" onClick={signOut}>
              {locale.t('signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {api ? (
          <ApiContext.Provider value={api}>
            <Page route={route} />
          </ApiContext.Provider>
        ) : (
          <SignInPage onSignIn={signIn} onSession={startSession} expired={expired} />
        )}
      </main>
    </LocaleContext.Provider>
  );
}

/** Menu links, each shown when the principal has the capability its page needs. */
const NAV_ITEMS: {
  route: Route;
  label: MessageKey | 'navMap' | 'navUsage';
  needs: string | null;
}[] = [
  { route: { page: 'overview' }, label: 'navOverview', needs: 'read' },
  { route: { page: 'search' }, label: 'navSearch', needs: 'search' },
  { route: { page: 'sources' }, label: 'navSources', needs: 'read' },
  { route: { page: 'reports' }, label: 'navReports', needs: 'search' },
  { route: { page: 'map' }, label: 'navMap', needs: 'read' },
  { route: { page: 'usage' }, label: 'navUsage', needs: 'audit' },
  // Everyone's own API tokens; the users and units on it are for administrators.
  { route: { page: 'access' }, label: 'navAccess', needs: null },
];

function MainNav({ route, api }: { route: Route; api: ApiClient }) {
  const locale = useLocale();
  const ui = useUiText();
  const capabilities = useCapabilities(api);
  const shown = NAV_ITEMS.filter(
    (item) => item.needs === null || (capabilities?.has(item.needs) ?? false),
  );
  return (
    <nav
      aria-label={locale.t('mainNav')}
      data-capabilities={capabilities ? [...capabilities].join(' ') : undefined}
    >
      <ul class="nav-list">
        {shown.map((item) => {
          const current =
            item.route.page === route.page ||
            (item.route.page === 'overview' && route.page === 'topic') ||
            (item.route.page === 'reports' && (route.page === 'report' || route.page === 'policy'));
          return (
            <li key={item.route.page}>
              <a href={hrefFor(item.route)} aria-current={current ? 'page' : undefined}>
                {item.label === 'navMap' || item.label === 'navUsage'
                  ? ui(item.label)
                  : locale.t(item.label)}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'topic':
      return <LazyTopicPage key={route.topicId} topicId={route.topicId} />;
    case 'search':
      return <SearchPage />;
    case 'sources':
      return <SourcesPage />;
    case 'thread':
      return <LazyThreadPage key={route.mentionId} mentionId={route.mentionId} />;
    case 'reports':
      return <LazyReportsPage />;
    case 'report':
      return <LazyWeeklyReportPage key={route.reportId} reportId={route.reportId} />;
    case 'policy':
      return <LazyPolicyPage key={route.policyId} policyId={route.policyId} />;
    case 'usage':
      return <LazyUsagePage />;
    case 'access':
      return <LazyAccessPage />;
    case 'map':
      return <LazyPlacesMapPage />;
    default:
      return <OverviewPage />;
  }
}

const LazyTopicPage = lazyPage(() => import('./pages/topic-page.js').then((m) => m.TopicPage));
const LazyThreadPage = lazyPage(() => import('./pages/thread-page.js').then((m) => m.ThreadPage));
const LazyReportsPage = lazyPage(() =>
  import('./pages/reports-page.js').then((m) => m.ReportsPage),
);
const LazyWeeklyReportPage = lazyPage(() =>
  import('./pages/weekly-report-page.js').then((m) => m.WeeklyReportPage),
);
const LazyPolicyPage = lazyPage(() => import('./pages/policy-page.js').then((m) => m.PolicyPage));
const LazyUsagePage = lazyPage(() => import('./pages/usage-page.js').then((m) => m.UsagePage));
const LazyAccessPage = lazyPage(() => import('./pages/access-page.js').then((m) => m.AccessPage));
const LazyPlacesMapPage = lazyPage(() =>
  import('./components/places-map/places-map-page.js').then((m) => m.PlacesMapPage),
);
