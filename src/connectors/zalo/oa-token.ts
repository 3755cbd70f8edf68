// Keeps a Zalo OA access token alive. An OA access token lasts about 25 hours and its refresh
// token about 3 months; `POST https://oauth.zaloapp.com/v4/oa/access_token` with
// `grant_type=refresh_token` (the app's secret key in the `secret_key` header) answers a new
// access token AND a new refresh token, and the old refresh token no longer works. So the pair
// is sealed and stored before the new access token is used: a process stopped at any point
// holds a refresh token Zalo still accepts. A refused refresh token marks the credential invalid
// and pauses its sources until the OA is authorised again.
import { FetchError } from '../../net/types.js';
import { CredentialNeedsReplacingError } from '../collect-errors.js';
import type { CollectContext } from '../connector.js';
import type { CredentialLease } from '../credentials.js';
import { count, isObject, str, text } from '../social/json-fields.js';

export const ZALO_TOKEN_URL = 'https://oauth.zaloapp.com/v4/oa/access_token';
/** A token that ends within this long is renewed before use. */
export const RENEW_BEFORE_MS = 3600_000;
/** Zalo's refresh tokens last about 3 months from when they were issued. */
const REFRESH_TOKEN_LIFE_MS = 90 * 86_400_000;
/** A refresh token this close to its end is reported, so a user authorises the OA again. */
const WARN_REFRESH_BEFORE_MS = 14 * 86_400_000;
/** Access tokens last about 25 hours when the answer does not say. */
const DEFAULT_LIFE_S = 90_000;

/** Sealed beside the tokens: when each ends (ISO 8601). */
export const ACCESS_EXPIRES_FIELD = 'accessTokenExpiresAt';
export const REFRESH_EXPIRES_FIELD = 'refreshTokenExpiresAt';

/** Whether this credential can renew its own access token. */
export function canRenewZaloToken(lease: CredentialLease): boolean {
  return (
    (lease.secrets.refreshToken ?? '') !== '' &&
    (lease.secrets.appSecretKey ?? '') !== '' &&
    lease.replaceSecrets !== undefined
  );
}

function describe(lease: CredentialLease): string {
  return `Zalo credential #${lease.id} "${lease.label}"`;
}

function refuse(lease: CredentialLease, reason: string): CredentialNeedsReplacingError {
  lease.invalid(reason);
  return new CredentialNeedsReplacingError(
    `${describe(lease)}: ${reason}; its sources wait until the OA is authorised again and its new tokens are added with \`nghe credentials add zalo\``,
  );
}

/**
 * Renews the access token when it ends within RENEW_BEFORE_MS, or at once when `force` (Zalo
 * refused it as expired); the warnings to report with the collection.
 */
export async function keepZaloTokenFresh(
  context: CollectContext,
  lease: CredentialLease,
  tokenUrl: string,
  force = false,
): Promise<string[]> {
  if (!canRenewZaloToken(lease)) return [];
  const now = context.now().getTime();
  const warnings: string[] = [];
  const refreshEnds = Date.parse(lease.secrets[REFRESH_EXPIRES_FIELD] ?? '');
  if (refreshEnds - now < WARN_REFRESH_BEFORE_MS) {
    warnings.push(
      `${describe(lease)}: its refresh token ends at ${new Date(refreshEnds).toISOString()}; authorise the OA again before then`,
    );
  }
  const accessEnds = Date.parse(lease.secrets[ACCESS_EXPIRES_FIELD] ?? '');
  if (!force && accessEnds - now > RENEW_BEFORE_MS) return warnings;

  // Two collections of one credential at once renew once: Zalo would refuse the second use of
  // the refresh token. The other waits for the pair the first stored and takes it.
  const running = renewing.get(lease.id);
  if (running) {
    const fields = await running;
    if (fields) await lease.replaceSecrets!(fields);
    return warnings;
  }
  const renewal = renew(context, lease, tokenUrl, force, accessEnds, warnings);
  renewing.set(lease.id, renewal);
  let fields: Record<string, string> | null;
  try {
    fields = await renewal;
  } finally {
    renewing.delete(lease.id);
  }
  // A renewed refresh token starts a new 3 months: its old end is no longer news.
  return fields ? warnings.filter((w) => !w.includes('its refresh token ends')) : warnings;
}

/** Renewals in flight in this process, by credential id: the fields they stored. */
const renewing = new Map<number, Promise<Record<string, string> | null>>();

/** One renewal: the new pair, stored sealed before it resolves; null when it kept the old. */
async function renew(
  context: CollectContext,
  lease: CredentialLease,
  tokenUrl: string,
  force: boolean,
  accessEnds: number,
  warnings: string[],
): Promise<Record<string, string> | null> {
  const now = context.now().getTime();
  let body: string;
  try {
    const response = await context.http.request({
      url: tokenUrl,
      method: 'POST',
      headers: { secret_key: lease.secrets.appSecretKey ?? '' },
      body: {
        form: {
          refresh_token: lease.secrets.refreshToken ?? '',
          app_id: lease.secrets.appId ?? '',
          grant_type: 'refresh_token',
        },
      },
      accept: 'application/json',
      signal: context.signal,
      api: { rateLimitKey: `zalo:${lease.id}` },
    });
    body = response.body.toString('utf8');
  } catch (error) {
    const why = error instanceof FetchError ? error.message : String(error);
    // The token still works: collect with it and try again next time.
    if (!force && accessEnds > now) {
      warnings.push(
        `${describe(lease)}: renewing its access token failed (${why}); retried next collection`,
      );
      return null;
    }
    throw new Error(`${describe(lease)}: renewing its access token failed (${why})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`${describe(lease)}: the token endpoint answered something other than JSON`);
  }
  if (!isObject(json)) throw new Error(`${describe(lease)}: the token endpoint answered no object`);
  const accessToken = str(json.access_token);
  const refreshToken = str(json.refresh_token);
  const code = typeof json.error === 'number' ? json.error : 0;
  if (code !== 0 || !accessToken || !refreshToken) {
    const said =
      text(json.error_description) ?? text(json.error_name) ?? text(json.message) ?? 'no reason';
    throw refuse(lease, `Zalo refused its refresh token (error ${code}: ${said})`);
  }
  const life = count(json.expires_in) ?? DEFAULT_LIFE_S;
  const fields = {
    accessToken,
    refreshToken,
    [ACCESS_EXPIRES_FIELD]: new Date(now + life * 1000).toISOString(),
    [REFRESH_EXPIRES_FIELD]: new Date(now + REFRESH_TOKEN_LIFE_MS).toISOString(),
  };
  // Stored sealed first; only then is the new access token used.
  await lease.replaceSecrets!(fields);
  return fields;
}
