// Keeps a long-lived Facebook or Instagram token alive. When the credential names its app (id and
// secret), nghe reads the token's expiry with `GET /debug_token` (at most once a day) and, within
// RENEW_BEFORE of it, exchanges the token for a fresh long-lived one with
// `GET /oauth/access_token?grant_type=fb_exchange_token`; the new token and its expiry are
// sealed and stored before any call uses them. Page tokens derived from a long-lived user token
// do not expire (`expires_at` 0) and are only checked. A token Meta calls invalid marks the
// credential invalid and pauses its sources; a renewal that fails while the old token still
// works is a warning, retried next collection.
import { FetchError } from '../../net/types.js';
import { CredentialNeedsReplacingError, QuotaPause } from '../collect-errors.js';
import { count, isObject, type JsonObject, path, str, text } from '../social/json-fields.js';
import { type GraphSession, graphFailure } from './connector-graph.js';

/** A token is exchanged once it expires within this long (long-lived ones last about 60 days). */
export const RENEW_BEFORE_MS = 7 * 86_400_000;
/** How often the token's expiry is read again when nothing is due. */
export const CHECK_EVERY_MS = 86_400_000;

/** Sealed beside the token: when it expires (ISO 8601, or `never`) and when that was read. */
export const TOKEN_EXPIRES_FIELD = 'tokenExpiresAt';
export const TOKEN_CHECKED_FIELD = 'tokenCheckedAt';

const NAMES = { facebook: 'Facebook', instagram: 'Instagram' } as const;

interface TokenInfo {
  valid: boolean;
  /** ms since the epoch; null when the token never expires. */
  expiresAt: number | null;
  /** When the app's access to the person's data ends (a new login is needed then). */
  dataAccessExpiresAt: number | null;
  reason: string | null;
}

/** An app call (app token or app id and secret as parameters), counted against the budget. */
async function appCall(
  session: GraphSession,
  nodePath: string,
  params: Record<string, string>,
): Promise<JsonObject> {
  const { context, lease } = session;
  lease.spend('calls', 1);
  session.calls++;
  const url = new URL(`${session.base}/${nodePath}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  let body: string;
  try {
    const response = await context.http.request({
      url: url.href,
      accept: 'application/json',
      signal: context.signal,
      api: { rateLimitKey: `${session.platform}:${lease.id}` },
    });
    body = response.body.toString('utf8');
  } catch (error) {
    throw graphFailure(session, error);
  }
  try {
    const json = JSON.parse(body) as unknown;
    if (isObject(json)) return json;
  } catch {
    // reported below
  }
  throw new Error(
    `${NAMES[session.platform]} answered ${nodePath} with something other than a JSON object`,
  );
}

function secondsToMs(value: unknown): number | null {
  const seconds = count(value);
  return seconds === null || seconds === 0 ? null : seconds * 1000;
}

async function debugToken(session: GraphSession, appId: string, appSecret: string) {
  const token = session.lease.secrets.accessToken ?? '';
  const json = await appCall(session, 'debug_token', {
    input_token: token,
    access_token: `${appId}|${appSecret}`,
  });
  const data = json.data;
  if (!isObject(data) || typeof data.is_valid !== 'boolean') {
    throw new Error(`${NAMES[session.platform]} answered debug_token without data.is_valid`);
  }
  const info: TokenInfo = {
    valid: data.is_valid,
    expiresAt: secondsToMs(data.expires_at),
    dataAccessExpiresAt: secondsToMs(data.data_access_expires_at),
    reason: text(path(data, 'error', 'message')),
  };
  return info;
}

async function exchange(session: GraphSession, appId: string, appSecret: string) {
  const json = await appCall(session, 'oauth/access_token', {
    grant_type: 'fb_exchange_token',
    client_id: appId,
    client_secret: appSecret,
    fb_exchange_token: session.lease.secrets.accessToken ?? '',
  });
  const token = str(json.access_token);
  if (token === null || token === '') {
    throw new Error(`${NAMES[session.platform]} answered the token exchange without access_token`);
  }
  return { token, expiresInMs: secondsToMs(json.expires_in) };
}

function refuse(session: GraphSession, reason: string): CredentialNeedsReplacingError {
  const { lease, platform } = session;
  lease.invalid(reason);
  return new CredentialNeedsReplacingError(
    `${NAMES[platform]} token of credential #${lease.id} "${lease.label}": ${reason}; its sources wait until a new token is added with \`nghe credentials add ${platform}\``,
  );
}

/**
 * Renews the session's token when it is due; the warnings to report with the collection.
 * Throws CredentialNeedsReplacingError when the token no longer works and cannot be renewed.
 */
export async function keepGraphTokenFresh(session: GraphSession): Promise<string[]> {
  const { lease, context } = session;
  const appId = lease.secrets.appId ?? '';
  const appSecret = lease.secrets.appSecret ?? '';
  // Without the app's id and secret nothing can be read or exchanged: an expired token is
  // noticed by the first call that Meta refuses (code 190).
  if (appId === '' || appSecret === '' || !lease.replaceSecrets) return [];
  const now = context.now().getTime();
  const expires = lease.secrets[TOKEN_EXPIRES_FIELD] ?? '';
  const checked = Date.parse(lease.secrets[TOKEN_CHECKED_FIELD] ?? '');
  const expiresAt = expires === 'never' ? Number.POSITIVE_INFINITY : Date.parse(expires);
  if (now - checked < CHECK_EVERY_MS && expiresAt - now > RENEW_BEFORE_MS) return [];

  const info = await debugToken(session, appId, appSecret);
  const stamp = new Date(now).toISOString();
  if (!info.valid) {
    throw refuse(session, `the token expired or was revoked (${info.reason ?? 'no reason given'})`);
  }
  const warnings: string[] = [];
  if (info.dataAccessExpiresAt !== null && info.dataAccessExpiresAt - now < RENEW_BEFORE_MS) {
    warnings.push(
      `${NAMES[session.platform]} data access of credential #${lease.id} "${lease.label}" ends at ${new Date(info.dataAccessExpiresAt).toISOString()}: the person who granted the token must log in to the app again`,
    );
  }
  if (info.expiresAt === null || info.expiresAt - now > RENEW_BEFORE_MS) {
    await lease.replaceSecrets({
      [TOKEN_EXPIRES_FIELD]:
        info.expiresAt === null ? 'never' : new Date(info.expiresAt).toISOString(),
      [TOKEN_CHECKED_FIELD]: stamp,
    });
    return warnings;
  }
  let fresh: { token: string; expiresInMs: number | null };
  try {
    fresh = await exchange(session, appId, appSecret);
  } catch (error) {
    if (
      error instanceof CredentialNeedsReplacingError ||
      error instanceof QuotaPause ||
      session.stop
    ) {
      throw error;
    }
    const why =
      error instanceof FetchError || error instanceof Error ? error.message : String(error);
    if (info.expiresAt <= now)
      throw refuse(session, `the token expired and renewing it failed (${why})`);
    warnings.push(
      `${NAMES[session.platform]} token of credential #${lease.id} "${lease.label}" expires at ${new Date(info.expiresAt).toISOString()} and could not be renewed (${why}); nghe tries again next collection`,
    );
    return warnings;
  }
  // Stored sealed first: only then is the new token used.
  await lease.replaceSecrets({
    accessToken: fresh.token,
    [TOKEN_EXPIRES_FIELD]:
      fresh.expiresInMs === null ? '' : new Date(now + fresh.expiresInMs).toISOString(),
    [TOKEN_CHECKED_FIELD]: fresh.expiresInMs === null ? '' : stamp,
  });
  return warnings;
}
