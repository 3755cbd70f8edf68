// Sign-in with an API token. The token is checked against a cheap authorised route first.
import { useState } from 'preact/hooks';
import { tokenAccepted } from '../api/api-client.js';
import { useLocale } from '../i18n/locale.js';

export function SignInPage({
  onSignIn,
  expired,
}: {
  onSignIn: (token: string) => void;
  expired: boolean;
}) {
  const locale = useLocale();
  const [token, setToken] = useState('');
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
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
      <p>{locale.t('signInIntro')}</p>
      {expired && (
        <p class="notice" role="status">
          {locale.t('sessionExpired')}
        </p>
      )}
      <form onSubmit={submit}>
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
          {locale.t('signInButton')}
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
