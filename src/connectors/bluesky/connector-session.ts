// A signed-in Bluesky session from a handle and an app password: createSession once, the access
// token reused while it lasts, refreshSession when the server answers ExpiredToken, and a new
// sign-in when the refresh token is spent too. Sessions live in memory per credential, so the
// tight sign-in limit (about 30 per 5 minutes) is not spent on every poll.
import { FetchError, type FetchResponse, type HttpClient } from '../../net/types.js';
import { InvalidCredentialError } from '../collect-errors.js';
import type { CredentialLease } from '../credentials.js';

interface Tokens {
  accessJwt: string;
  refreshJwt: string;
}

const sessions = new Map<string, Tokens>();

function xrpcErrorName(error: unknown): string | null {
  if (!(error instanceof FetchError) || error.body === null) return null;
  try {
    const name = JSON.parse(error.body)?.error;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

export function isExpiredToken(error: unknown): boolean {
  const name = xrpcErrorName(error);
  return name === 'ExpiredToken' || name === 'InvalidToken';
}

function tokensOf(response: FetchResponse): Tokens {
  const value = JSON.parse(response.body.toString('utf8')) as Partial<Tokens>;
  if (typeof value.accessJwt !== 'string' || typeof value.refreshJwt !== 'string') {
    throw new Error('bluesky: the session answer has no access token');
  }
  return { accessJwt: value.accessJwt, refreshJwt: value.refreshJwt };
}

export interface BlueskySession {
  /** Calls `request` with a valid access token, refreshing or signing in again once if needed. */
  authorized<T>(request: (accessJwt: string) => Promise<T>): Promise<T>;
}

export function blueskySession(
  http: HttpClient,
  serviceUrl: string,
  lease: CredentialLease,
  signal?: AbortSignal,
): BlueskySession {
  const key = `${lease.id} ${serviceUrl}`;
  const api = { rateLimitKey: `bluesky-session:${lease.id}` };

  const signIn = async (): Promise<Tokens> => {
    try {
      const response = await http.request({
        url: `${serviceUrl}/xrpc/com.atproto.server.createSession`,
        method: 'POST',
        body: { json: { identifier: lease.secrets.handle, password: lease.secrets.appPassword } },
        signal,
        api,
      });
      return tokensOf(response);
    } catch (error) {
      if (error instanceof FetchError && (error.status === 401 || error.status === 400)) {
        const said = xrpcErrorName(error) ?? error.message;
        lease.invalid(`sign-in refused: ${said}`);
        throw new InvalidCredentialError(
          `bluesky refused the app password of "${lease.label}" (${said})`,
        );
      }
      throw error;
    }
  };

  const refresh = async (tokens: Tokens): Promise<Tokens> => {
    try {
      const response = await http.request({
        url: `${serviceUrl}/xrpc/com.atproto.server.refreshSession`,
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.refreshJwt}` },
        signal,
        api,
      });
      return tokensOf(response);
    } catch (error) {
      if (error instanceof FetchError && error.code === 'http-status') return signIn();
      throw error;
    }
  };

  return {
    async authorized(request) {
      let tokens = sessions.get(key);
      if (!tokens) {
        tokens = await signIn();
        sessions.set(key, tokens);
      }
      try {
        return await request(tokens.accessJwt);
      } catch (error) {
        if (!isExpiredToken(error)) throw error;
        tokens = await refresh(tokens);
        sessions.set(key, tokens);
        return request(tokens.accessJwt);
      }
    },
  };
}

/** Forgets every session (tests, or a credential replaced). */
export function forgetBlueskySessions(): void {
  sessions.clear();
}
