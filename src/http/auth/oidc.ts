// Optional sign-in through the organisation's OpenID Connect provider: authorisation code flow
// with PKCE (S256), state and nonce, via openid-client. The provider proves who someone is; nghe
// decides what they may do: the identity must belong to a nghe user, linked by subject, or on
// first use by a username or e-mail address an administrator gave that user.
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { IdentityStore, User } from '../../identity/identity-store.js';

export interface OidcOptions {
  /** The provider's issuer URL (its discovery document is read from it). */
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /**
   * This server's callback as registered with the provider (…/api/auth/oidc/callback); by
   * default the one on the host the browser came to, which a proxy in front may hide.
   */
  redirectUri?: string;
  /** Allow plain http to the provider: only for a provider on loopback (tests, development). */
  allowHttp?: boolean;
}

interface Pending {
  verifier: string;
  nonce: string;
  expires: number;
}

/** An unfinished sign-in is kept this long. */
const PENDING_MS = 10 * 60_000;
const MAX_PENDING = 10_000;

export interface OidcSignIn {
  /** Where to send the browser, and the value binding the flow to it (a cookie). */
  start(requestUrl: string): Promise<{ url: string; binding: string }>;
  /** The nghe user for a provider callback, or a one-line reason. */
  finish(callbackUrl: URL, binding: string | undefined): Promise<User | string>;
}

export function createOidcSignIn(options: OidcOptions, identity: IdentityStore): OidcSignIn {
  let configuration: Promise<client.Configuration> | undefined;
  const config = () => {
    configuration ??= client
      .discovery(
        new URL(options.issuer),
        options.clientId,
        options.clientSecret,
        undefined,
        options.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      });
    return configuration;
  };
  const pending = new Map<string, Pending>();

  return {
    async start(requestUrl) {
      const now = Date.now();
      for (const [key, p] of pending) if (p.expires <= now) pending.delete(key);
      if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value as string);
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const binding = randomBytes(24).toString('base64url');
      pending.set(`${binding}.${state}`, { verifier, nonce, expires: now + PENDING_MS });
      const url = client.buildAuthorizationUrl(await config(), {
        redirect_uri: options.redirectUri ?? new URL('/api/auth/oidc/callback', requestUrl).href,
        scope: 'openid profile email',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, binding };
    },

    async finish(callbackUrl, binding) {
      const state = callbackUrl.searchParams.get('state') ?? '';
      const key = `${binding ?? ''}.${state}`;
      const flow = pending.get(key);
      pending.delete(key);
      if (!binding || !flow || flow.expires <= Date.now()) {
        return 'sign-in expired or was started in another browser; start again';
      }
      let claims: client.IDToken | undefined;
      let names: unknown[] = [];
      try {
        const tokens = await client.authorizationCodeGrant(await config(), callbackUrl, {
          pkceCodeVerifier: flow.verifier,
          expectedState: state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims();
        names = [claims?.preferred_username, claims?.email];
        // Many providers put names in the userinfo answer only, not in the ID token.
        if (claims && names.every((n) => typeof n !== 'string')) {
          const info = await client.fetchUserInfo(await config(), tokens.access_token, claims.sub);
          names = [info.preferred_username, info.email];
        }
      } catch (error) {
        return `the identity provider's answer was refused: ${(error as Error).message}`;
      }
      if (!claims) return 'the identity provider sent no ID token';
      const subject = `${claims.iss}#${claims.sub}`;
      const linked = await identity.findUserByOidcSubject(subject);
      if (linked) return linked;
      for (const name of names) {
        if (typeof name !== 'string' || name === '') continue;
        const user =
          (await identity.findUserByUsername(name)) ??
          (await identity.listUsers()).find(
            (u) => u.email !== null && u.email.toLowerCase() === name.toLowerCase(),
          ) ??
          null;
        if (user && !user.builtin && user.oidcSubject === null) {
          return (await identity.updateUser(user.id, { oidcSubject: subject })) ?? user;
        }
      }
      return 'no nghe account for this identity; ask an administrator to add you';
    },
  };
}

/**
 * The provider from NGHE_OIDC_ISSUER, NGHE_OIDC_CLIENT_ID, NGHE_OIDC_CLIENT_SECRET and
 * (optionally) NGHE_OIDC_REDIRECT_URI; null when no issuer is set.
 */
export function oidcFromEnv(env: NodeJS.ProcessEnv): OidcOptions | null {
  const issuer = env.NGHE_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const clientId = env.NGHE_OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new Error('NGHE_OIDC_ISSUER is set but NGHE_OIDC_CLIENT_ID is not');
  return {
    issuer,
    clientId,
    ...(env.NGHE_OIDC_CLIENT_SECRET ? { clientSecret: env.NGHE_OIDC_CLIENT_SECRET } : {}),
    ...(env.NGHE_OIDC_REDIRECT_URI ? { redirectUri: env.NGHE_OIDC_REDIRECT_URI } : {}),
  };
}
