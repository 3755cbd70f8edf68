// A Zalo Official Account. Its followers' messages arrive by webhook (see connector-webhook.ts
// and the /api/hooks/zalo route), not by polling; what a collection reads is the OA's own
// articles, through the OA API with an OA access token (`GET /v2.0/article/getslice`, ten a
// page by offset), newest first, down to the newest one read before. Zalo answers errors with
// HTTP 200 and `{"error": <negative code>, "message"}`. With a refresh token and the app's
// secret key the access token is renewed before it ends, and once more when Zalo calls it
// expired (oa-token.ts); a token that cannot be renewed marks the credential invalid and pauses
// the source.
import type { CollectedMention, Source } from '../../model.js';
import { FetchError } from '../../net/types.js';
import {
  CredentialNeedsReplacingError,
  MissingCredentialError,
  QuarantinedResponseError,
  QuotaPause,
} from '../collect-errors.js';
import type { CollectContext, CollectResult, Connector } from '../connector.js';
import type { CredentialLease } from '../credentials.js';
import {
  array,
  count,
  isObject,
  isoDate,
  type JsonObject,
  str,
  text,
} from '../social/json-fields.js';
import { canRenewZaloToken, keepZaloTokenFresh, ZALO_TOKEN_URL } from './oa-token.js';
import { zaloCredential } from './recognise-url.js';

const API_BASE_URL = 'https://openapi.zalo.me/v2.0';
/** getslice answers at most ten articles a call. */
const PAGE = 10;
const MAX_PAGES = 3;
/** Token errors: invalid (-216), expired (-124), no permission granted (-230, -224). */
const TOKEN_ERRORS = new Set([-216, -124, -230, -224]);
/** Token errors a renewed access token may cure: invalid (-216) and expired (-124). */
const RENEWABLE_ERRORS = new Set([-216, -124]);

/** Zalo called the access token expired or invalid; a renewal may cure it. */
class ExpiredZaloToken extends Error {}
/** Quota and rate errors: the OA's call quota (-32), too many requests (-215). */
const QUOTA_ERRORS = new Set([-32, -215]);

interface ZaloCursor {
  /** The newest article's creation time read (ms since the epoch). */
  newest: number | null;
}

function readCursor(source: Source): ZaloCursor {
  try {
    const value = source.cursor ? (JSON.parse(source.cursor) as unknown) : null;
    return { newest: isObject(value) ? count(value.newest) : null };
  } catch {
    return { newest: null };
  }
}

function oaIdOf(source: Source): string {
  const oaId = source.settings.oaId;
  if (typeof oaId === 'string' && /^\d{10,20}$/.test(oaId)) return oaId;
  throw new Error(`Zalo source #${source.id} names no Official Account id (settings.oaId)`);
}

/** An article of `getslice` (the list is `data.medias`, `data.articles` in older answers). */
function articleMention(item: JsonObject, oaId: string): CollectedMention | null {
  const id = str(item.id);
  if (id === null) return null;
  const created = count(item.create_date);
  const updated = count(item.update_date);
  return {
    platform: 'zalo',
    externalId: `article:${id}`,
    url: text(item.link),
    title: text(item.title)?.normalize('NFC') ?? null,
    text: (text(item.description) ?? '').normalize('NFC'),
    html: null,
    publishedAt: created === null ? null : isoDate(created, 'ms'),
    updatedAt: updated === null ? null : isoDate(updated, 'ms'),
    language: null,
    categories: [],
    author: { nativeId: oaId, name: null, kind: 'page' },
    engagement: {
      ...(count(item.total_view) === null ? {} : { views: count(item.total_view)! }),
      ...(count(item.total_share) === null ? {} : { shares: count(item.total_share)! }),
    },
    parentExternalId: null,
    threadRootExternalId: null,
    // An article the OA hid is gone from its page.
    ...(item.status === 'hide' ? { deleted: true } : {}),
    raw: item,
  };
}

async function readPage(
  context: CollectContext,
  lease: CredentialLease,
  base: string,
  offset: number,
): Promise<JsonObject[]> {
  const url = new URL(`${base}/article/getslice`);
  url.searchParams.set('offset', String(offset));
  url.searchParams.set('limit', String(PAGE));
  url.searchParams.set('type', 'normal');
  let body: string;
  try {
    const response = await context.http.request({
      url: url.href,
      headers: { access_token: lease.secrets.accessToken ?? '' },
      accept: 'application/json',
      signal: context.signal,
      api: { rateLimitKey: `zalo:${lease.id}` },
    });
    body = response.body.toString('utf8');
  } catch (error) {
    if (error instanceof FetchError && error.code === 'rate-limited') {
      const until = new Date(context.now().getTime() + (error.retryAfterSeconds ?? 3600) * 1000);
      throw new QuotaPause(
        `Zalo rate limit reached (${error.message}); resumes at ${until.toISOString()}`,
        until,
      );
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new QuarantinedResponseError('zalo: an articles answer that is not JSON', url.href, body);
  }
  if (!isObject(json) || typeof json.error !== 'number') {
    throw new QuarantinedResponseError('zalo: an articles answer without "error"', url.href, body);
  }
  const code = json.error;
  const message = text(json.message) ?? 'no message';
  if (code !== 0) {
    if (RENEWABLE_ERRORS.has(code) && canRenewZaloToken(lease)) {
      throw new ExpiredZaloToken(`error ${code}: ${message}`);
    }
    if (TOKEN_ERRORS.has(code)) {
      const reason = `the OA access token expired or was revoked (error ${code}: ${message})`;
      lease.invalid(reason);
      throw new CredentialNeedsReplacingError(
        `Zalo credential #${lease.id} "${lease.label}": ${reason}; its sources wait until a new OA access token is added with \`nghe credentials add zalo\``,
      );
    }
    if (QUOTA_ERRORS.has(code)) {
      const until = new Date(context.now().getTime() + 3600_000);
      lease.exhausted(`error ${code}: ${message}`, until);
      throw new QuotaPause(
        `Zalo quota of credential #${lease.id} spent (error ${code}: ${message}); resumes at ${until.toISOString()}`,
        until,
      );
    }
    throw new Error(`Zalo answered error ${code}: ${message}`);
  }
  const data = isObject(json.data) ? json.data : null;
  const list = data?.medias ?? data?.articles;
  if (!Array.isArray(list)) {
    throw new QuarantinedResponseError('zalo: an articles answer without a list', url.href, body);
  }
  return array(list).filter(isObject);
}

/** A token error that a renewal did not cure: the credential is invalid, the source waits. */
function rejected(lease: CredentialLease, error: unknown): unknown {
  if (!(error instanceof ExpiredZaloToken)) return error;
  const reason = `the OA access token was refused even after renewal (${error.message})`;
  lease.invalid(reason);
  return new CredentialNeedsReplacingError(
    `Zalo credential #${lease.id} "${lease.label}": ${reason}; its sources wait until the OA is authorised again with \`nghe credentials add zalo\``,
  );
}

export const zaloConnector: Connector = {
  kind: 'zalo',
  description:
    'Zalo Official Account: followers’ messages by signed webhook, the OA’s articles by its API',
  endpoints: { apiBaseUrl: API_BASE_URL, tokenUrl: ZALO_TOKEN_URL },
  credential: zaloCredential,
  async collect(source: Source, context: CollectContext): Promise<CollectResult> {
    const oaId = oaIdOf(source);
    const result: CollectResult = {
      title: source.title,
      notModified: false,
      validators: source.validators,
      mentions: [],
      warnings: [],
    };
    if (!context.credentials) {
      throw new MissingCredentialError(
        'Zalo needs the OA’s app credential: nghe credentials add zalo',
      );
    }
    const lease = context.credentials.acquire();
    // Without an access token only the webhook brings anything: nothing to poll.
    if ((lease.secrets.accessToken ?? '') === '') return { ...result, notModified: true };
    const base = (context.endpoints?.apiBaseUrl ?? API_BASE_URL).replace(/\/+$/, '');
    const tokenUrl = context.endpoints?.tokenUrl ?? ZALO_TOKEN_URL;
    result.warnings.push(...(await keepZaloTokenFresh(context, lease, tokenUrl)));
    let renewed = false;
    const read = async (offset: number): Promise<JsonObject[]> => {
      try {
        return await readPage(context, lease, base, offset);
      } catch (error) {
        if (!(error instanceof ExpiredZaloToken) || renewed) throw rejected(lease, error);
        // Expired before its time (revoked, or the clock was off): renew once and read again.
        renewed = true;
        result.warnings.push(...(await keepZaloTokenFresh(context, lease, tokenUrl, true)));
        return read(offset);
      }
    };
    const cursor = readCursor(source);
    let newest = cursor.newest;
    for (let page = 0; page < MAX_PAGES; page++) {
      const items = await read(page * PAGE);
      let reachedRead = false;
      for (const item of items) {
        const created = count(item.create_date);
        if (cursor.newest !== null && created !== null && created <= cursor.newest) {
          reachedRead = true;
          continue;
        }
        const mention = articleMention(item, oaId);
        if (mention) result.mentions.push(mention);
        if (created !== null && (newest === null || created > newest)) newest = created;
      }
      if (reachedRead || items.length < PAGE) break;
    }
    return { ...result, cursor: JSON.stringify({ newest }) };
  },
};
