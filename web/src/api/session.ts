// Signing in with a password or the organisation's identity provider: the server sets an
// HttpOnly session cookie the page never sees, and answers with the session's CSRF token, which
// the client sends back on every change it asks for.

export interface SessionInfo {
  user: { id: number; username: string; role: string; unitId: number };
  unit: { id: number; name: string };
  capabilities: string[];
  csrfToken: string | null;
}

export interface AuthConfig {
  password: boolean;
  oidc: boolean;
}

/** A signed-in browser session, as the API client uses it. */
export interface SessionCredential {
  csrf: string;
}

export async function authConfig(): Promise<AuthConfig> {
  try {
    const res = await fetch('/api/auth/config', { cache: 'no-store' });
    return res.ok ? ((await res.json()) as AuthConfig) : { password: true, oidc: false };
  } catch {
    return { password: true, oidc: false };
  }
}

/** The session the browser's cookie holds, or null. */
export async function currentSession(): Promise<SessionInfo | null> {
  try {
    const res = await fetch('/api/auth/session', { cache: 'no-store', credentials: 'same-origin' });
    return res.ok ? ((await res.json()) as SessionInfo) : null;
  } catch {
    return null;
  }
}

export type SignInResult =
  | { ok: true; session: SessionInfo }
  | { ok: false; reason: 'wrong' | 'tooMany' | 'unavailable'; retryAfter?: number };

export async function signInWithPassword(
  username: string,
  password: string,
): Promise<SignInResult> {
  try {
    const res = await fetch('/api/auth/sign-in', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.ok) return { ok: true, session: (await res.json()) as SessionInfo };
    if (res.status === 429) {
      return {
        ok: false,
        reason: 'tooMany',
        retryAfter: Number(res.headers.get('Retry-After')) || 60,
      };
    }
    return {
      ok: false,
      reason: res.status === 401 || res.status === 400 ? 'wrong' : 'unavailable',
    };
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
}

export async function signOutSession(credential: SessionCredential): Promise<void> {
  await fetch('/api/auth/sign-out', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRF-Token': credential.csrf },
  }).catch(() => {});
}
