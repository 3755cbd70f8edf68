// Sign-in: username and password (the default), the organisation's identity provider when the
// server has one, or an API token for those who use the API. A token is checked against a cheap
// authorised route first; a password sign-in leaves an HttpOnly cookie the page never reads.
import { useEffect, useState } from 'preact/hooks';
import { tokenAccepted } from '../api/api-client.js';
import { authConfig, type SessionInfo, signInWithPassword } from '../api/session.js';
import { useLocale } from '../i18n/locale.js';

export function SignInPage({
  onSignIn,
  onSession,
  expired,
}: {
  onSignIn: (token: string) => void;
  onSession: (session: SessionInfo) => void;
  expired: boolean;
}) {
  const locale = useLocale();
  const [oidc, setOidc] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [token, setToken] = useState('');
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void authConfig().then((config) => setOidc(config.oidc));
  }, []);

  const submitPassword = async (event: Event) => {
    event.preventDefault();
    if (!username.trim() || !password) return;
    setBusy(true);
    setPasswordError(null);
    const result = await signInWithPassword(username.trim(), password);
    setBusy(false);
    if (result.ok) {
      setPassword('');
      onSession(result.session);
      return;
    }
    setPasswordError(
      result.reason === 'wrong'
        ? locale.t('passwordSignInFailed')
        : result.reason === 'tooMany'
          ? locale.t('signInTooMany', { minutes: Math.ceil((result.retryAfter ?? 60) / 60) })
          : locale.t('signInUnavailable'),
    );
  };

  const submitToken = async (event: Event) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) return;
    setBusy(true);
    setFailed(false);
    if (await tokenAccepted(value)) onSignIn(value);
    else setFailed(true);
    setBusy(false);
  };

  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{locale.t('signInTitle')}</h1>
      {expired && (
        <p class="notice" role="status">
          {locale.t('sessionExpired')}
        </p>
      )}
      <form id="password-form" onSubmit={submitPassword}>
        <label for="username-input">{locale.t('usernameLabel')}</label>
        <input
          id="username-input"
          autocomplete="username"
          spellcheck={false}
          value={username}
          onInput={(event) => setUsername(event.currentTarget.value)}
          required
        />
        <label for="password-input">{locale.t('passwordLabel')}</label>
        <input
          id="password-input"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
          aria-invalid={passwordError !== null}
          aria-describedby={passwordError ? 'password-error' : undefined}
          required
        />
        <button type="submit" disabled={busy}>
          {locale.t('signInButton')}
        </button>
        {passwordError && (
          <p id="password-error" class="error" role="alert">
            {passwordError}
          </p>
        )}
      </form>
      {oidc && (
        <p>
          <a id="oidc-sign-in" class="button" href="/api/auth/oidc/start">
            {locale.t('signInWithOidc')}
          </a>
        </p>
      )}
      <h2 id="token-sign-in-title">{locale.t('tokenSignInTitle')}</h2>
      <p>{locale.t('signInIntro')}</p>
      <form id="token-form" onSubmit={submitToken} aria-labelledby="token-sign-in-title">
        <label for="token-input">{locale.t('tokenLabel')}</label>
        <input
          id="token-input"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
          aria-invalid={failed}
          aria-describedby={failed ? 'sign-in-error' : undefined}
          required
        />
        <button type="submit" disabled={busy}>
          {locale.t('signInWithToken')}
        </button>
        {failed && (
          <p id="sign-in-error" class="error" role="alert">
            {locale.t('signInFailed')}
          </p>
        )}
      </form>
    </section>
  );
}
