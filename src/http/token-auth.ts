// Who a request comes from: a bearer token (only SHA-256 hashes are stored, so a lookup by hash
// is the comparison, with no timing leak from comparing secrets) or a session cookie. Either
// names a user; a disabled user, a revoked or expired token, an ended session is nobody.
import { hash } from 'node:crypto';
import type { Context } from 'hono';
import type { IdentityStore } from '../identity/identity-store.js';
import { buildPrincipal, type Principal, userActive } from './auth/principal.js';
import { type OpenedSession, readSession } from './auth/sessions.js';
import { requestHeader } from './request-headers.js';

export function hashApiToken(token: string): string {
  // One call, no Hash object per request.
  return hash('sha256', token, 'hex');
}

/** The token from an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

export interface Authentication {
  principal: Principal;
  /** Set when the request was authenticated by its session cookie (CSRF applies). */
  session: OpenedSession | null;
}

/** Who a bearer token stands for now, or null. */
export async function principalOfToken(
  identity: IdentityStore,
  token: string,
  now: Date,
): Promise<Principal | null> {
  const found = await identity.findTokenByHash(hashApiToken(token));
  if (!found || found.revokedAt !== null) return null;
  if (found.expiresAt !== null && Date.parse(found.expiresAt) <= now.getTime()) return null;
  const user = await identity.getUser(found.userId);
  if (!user || !userActive(user)) return null;
  return buildPrincipal(identity, user, found);
}

export type Authenticator = (c: Context) => Promise<Authentication | null>;

/**
 * A request with an Authorization header is judged by it alone (a wrong token is not rescued by
 * a cookie); otherwise by its session cookie.
 */
export function createAuthenticator(identity: IdentityStore, now: () => Date): Authenticator {
  return async (c) => {
    const header = requestHeader(c, 'Authorization');
    if (header !== undefined) {
      const token = bearerToken(header);
      const principal = token ? await principalOfToken(identity, token, now()) : null;
      return principal ? { principal, session: null } : null;
    }
    const session = await readSession(identity, c, now());
    if (!session) return null;
    const user = await identity.getUser(session.session.userId);
    if (!user || !userActive(user)) return null;
    const principal = await buildPrincipal(identity, user, null);
    return principal ? { principal, session } : null;
  };
}
