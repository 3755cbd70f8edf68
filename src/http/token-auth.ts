// Bearer tokens. Only SHA-256 hashes are stored, so a lookup by hash is the comparison (no
// timing leak from comparing secrets); the store records when a token was last used.
import { createHash } from 'node:crypto';
import type { ApiToken, ListeningStore } from '../store/listening-store.js';

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token from an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

export type Authenticator = (header: string | undefined) => Promise<ApiToken | null>;

export function createAuthenticator(store: ListeningStore): Authenticator {
  return async (header) => {
    const token = bearerToken(header);
    if (!token) return null;
    const found = await store.findApiTokenByHash(hashApiToken(token));
    return found && found.revokedAt === null ? found : null;
  };
}
