// Bearer tokens. Only SHA-256 hashes are stored, so a lookup by hash is the comparison (no
// timing leak from comparing secrets). Last use is recorded at most once a minute per token.
import { createHash } from 'node:crypto';
import type { ApiToken, ListeningStore } from '../store/listening-store.js';

const TOUCH_EVERY_MS = 60_000;

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token from an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Stores may record when a token was last used; the API calls this if they do. */
interface TokenUseRecorder {
  touchApiToken?(id: number, at: string): Promise<void>;
}

export type Authenticator = (header: string | undefined) => Promise<ApiToken | null>;

export function createAuthenticator(
  store: ListeningStore & TokenUseRecorder,
  now: () => Date,
): Authenticator {
  const lastTouched = new Map<number, number>();
  return async (header) => {
    const token = bearerToken(header);
    if (!token) return null;
    const found = await store.findApiTokenByHash(hashApiToken(token));
    if (!found || found.revokedAt !== null) return null;
    const at = now();
    const previous = lastTouched.get(found.id) ?? 0;
    if (store.touchApiToken && at.getTime() - previous >= TOUCH_EVERY_MS) {
      lastTouched.set(found.id, at.getTime());
      await store.touchApiToken(found.id, at.toISOString());
    }
    return found;
  };
}
