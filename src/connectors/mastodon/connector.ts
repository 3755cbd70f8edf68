// Mastodon, any instance: the public, local and hashtag timelines polled 40 statuses a page,
// newer pages followed through the `Link` header's `prev` relation from the stored `min_id`
// cursor, and, where a user access token for the instance is set up, its streaming API over a
// WebSocket feeding the same ingest path. Requests are paced by the instance's X-RateLimit-*
// headers (300 per 5 minutes); a token is only ever sent to the instance it belongs to.
import type { CollectedMention, Source } from '../../model.js';
import { readOrQuarantine } from '../api-call.js';
import { apiFailure } from '../api-failures.js';
import { InvalidCredentialError, MissingCredentialError } from '../collect-errors.js';
import type { CollectContext, CollectResult } from '../connector.js';
import type { CredentialLease } from '../credentials.js';
import { isObject } from '../social/json-fields.js';
import type { StreamContext, StreamingConnector } from '../stream-connector.js';
import { parseMastodon } from './parse-mastodon.js';
import { mastodonCredential } from './recognise-url.js';

const PAGE_SIZE = 40;
/** Newer pages read in one collection; the cursor moves on and the next poll continues. */
const MAX_PAGES = 10;

export type MastodonFollow = 'hashtag' | 'local' | 'public';

export interface MastodonTarget {
  follow: MastodonFollow;
  /** The instance's origin, e.g. https://mastodon.social. */
  instance: string;
  tag: string | null;
}

/** What a source follows, from its settings (as the URL recogniser wrote them) or its URL. */
export function mastodonTarget(source: Source): MastodonTarget {
  const settings = source.settings;
  const follow = typeof settings.follow === 'string' ? settings.follow : 'hashtag';
  const instance =
    typeof settings.instance === 'string' ? settings.instance : new URL(source.url).origin;
  const tag = typeof settings.tag === 'string' && settings.tag !== '' ? settings.tag : null;
  if (follow !== 'hashtag' && follow !== 'local' && follow !== 'public') {
    throw new Error(`mastodon: cannot follow "${follow}" (hashtag, local or public timelines)`);
  }
  if (follow === 'hashtag' && tag === null)
    throw new Error('mastodon: a hashtag source needs a tag');
  return { follow, instance: new URL(instance).origin, tag };
}

function timelinePath(target: MastodonTarget): string {
  if (target.follow === 'hashtag')
    return `/api/v1/timelines/tag/${encodeURIComponent(target.tag!)}`;
  return target.follow === 'local'
    ? '/api/v1/timelines/public?local=true'
    : '/api/v1/timelines/public';
}

/** RFC 8288 `Link` header: the target of `rel`, or null. */
export function linkRelation(header: string | undefined, rel: string): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels = /;\s*rel="?([^";]+)"?/i.exec(match[2]!)?.[1]?.split(/\s+/) ?? [];
    if (rels.includes(rel)) return match[1]!;
  }
  return null;
}

/** Snowflake-style ids compared as numbers of any length. */
export function newerId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.length !== b.length) return a.length > b.length ? a : b;
  return a > b ? a : b;
}

/** The newest status id of a timeline page (boosts by their own id, the timeline's order). */
function newestIdOf(body: string): string | null {
  let newest: string | null = null;
  try {
    const value: unknown = JSON.parse(body);
    if (!Array.isArray(value)) return null;
    for (const item of value) {
      const id = isObject(item) ? item.id : undefined;
      if (typeof id === 'string' && /^\d+$/.test(id)) newest = newerId(newest, id);
    }
  } catch {
    return null;
  }
  return newest;
}

/** The instance's token when one is set up for it; anonymous (null) otherwise. */
function leaseFor(
  context: Pick<CollectContext, 'credentials'>,
  instance: string,
): CredentialLease | null {
  if (!context.credentials) return null;
  let lease: CredentialLease;
  try {
    lease = context.credentials.acquire();
  } catch (error) {
    if (error instanceof MissingCredentialError || error instanceof InvalidCredentialError) {
      return null;
    }
    throw error;
  }
  const own = lease.secrets.instance;
  try {
    return own && new URL(own).origin === instance ? lease : null;
  } catch {
    return null;
  }
}

async function collect(source: Source, context: CollectContext): Promise<CollectResult> {
  const target = mastodonTarget(source);
  const base = context.endpoints?.apiBaseUrl?.replace(/\/+$/, '') ?? target.instance;
  const lease = leaseFor(context, target.instance);
  const headers: Record<string, string> = lease
    ? { authorization: `Bearer ${lease.secrets.accessToken}` }
    : {};
  const first = new URL(`${base}${timelinePath(target)}`);
  first.searchParams.set('limit', String(PAGE_SIZE));
  if (source.cursor) first.searchParams.set('min_id', source.cursor);

  const result: CollectResult = {
    title: source.title ?? (target.tag ? `#${target.tag} on ${target.instance}` : target.instance),
    notModified: false,
    validators: source.validators,
    mentions: [],
    warnings: [],
    cursor: source.cursor,
  };
  const seen = new Set<string>();
  let url: string | null = first.href;
  for (let page = 0; url !== null && page < MAX_PAGES; page++) {
    lease?.spend('requests', 1);
    let response: Awaited<ReturnType<typeof context.http.request>>;
    try {
      response = await context.http.request({
        url,
        headers,
        signal: context.signal,
        api: { rateLimitKey: `mastodon ${target.instance}` },
      });
    } catch (error) {
      throw apiFailure(error, {
        platform: 'mastodon',
        now: context.now(),
        lease: lease ?? undefined,
      });
    }
    if (response.rateLimit) lease?.observeRateLimit(response.rateLimit);
    const body = response.body.toString('utf8');
    const mentions = onInstance(
      target.instance,
      readOrQuarantine(response.url, body, (text) => parseMastodon(text, { url: response.url })),
    );
    for (const mention of mentions) {
      if (seen.has(mention.externalId!)) continue;
      seen.add(mention.externalId!);
      result.mentions.push(mention);
    }
    const newest = newestIdOf(body);
    result.cursor = newerId(result.cursor ?? null, newest);
    // Without a cursor the newest page is where listening starts; with one, newer pages follow.
    const fullPage = newest !== null && mentions.length > 0 && source.cursor !== null;
    const prev = fullPage ? linkRelation(response.headers.link, 'prev') : null;
    url = prev !== null && new URL(prev, base).origin === new URL(base).origin ? prev : null;
  }
  return result;
}

/**
 * Status ids are only unique within the instance that gave them, so stored ids carry its host
 * ("mastodon.social/1133…"); parents and roots named by the same instance get the same prefix.
 */
export function onInstance(instance: string, mentions: CollectedMention[]): CollectedMention[] {
  const host = new URL(instance).host;
  const scoped = (id: string | null | undefined) => (id ? `${host}/${id}` : (id ?? null));
  for (const mention of mentions) {
    mention.externalId = scoped(mention.externalId);
    mention.parentExternalId = scoped(mention.parentExternalId);
    if (mention.threadRootExternalId !== undefined) {
      mention.threadRootExternalId = scoped(mention.threadRootExternalId);
    }
  }
  return mentions;
}

function streamName(target: MastodonTarget): Record<string, string> {
  if (target.follow === 'hashtag')
    return { type: 'subscribe', stream: 'hashtag', tag: target.tag! };
  return { type: 'subscribe', stream: target.follow === 'local' ? 'public:local' : 'public' };
}

/** The streaming server: configured, announced by the instance, or the instance itself. */
async function streamingBase(target: MastodonTarget, context: StreamContext): Promise<string> {
  const configured = context.endpoints?.streamingUrl;
  if (configured) return configured.replace(/\/+$/, '');
  try {
    const response = await context.http.request({
      url: `${target.instance}/api/v2/instance`,
      signal: context.signal,
      api: { rateLimitKey: `mastodon ${target.instance}` },
    });
    const announced: unknown = JSON.parse(response.body.toString('utf8'))?.configuration?.urls
      ?.streaming;
    if (typeof announced === 'string' && /^wss?:\/\//.test(announced)) {
      return announced.replace(/\/+$/, '');
    }
  } catch {
    // older instances answer 404 here; they stream on their own host
  }
  return target.instance.replace(/^http/, 'ws');
}

async function stream(source: Source, context: StreamContext): Promise<void> {
  const target = mastodonTarget(source);
  const lease = leaseFor(context, target.instance);
  if (!lease) {
    throw new MissingCredentialError(
      `mastodon streaming needs a user access token for ${target.instance} (nghe credentials add mastodon)`,
    );
  }
  const base = (await streamingBase(target, context)).replace(/^http/, 'ws');
  const socket = await context.openWebSocket(`${base}/api/v1/streaming`, {
    headers: { authorization: `Bearer ${lease.secrets.accessToken}` },
    signal: context.signal,
  });
  try {
    socket.send(JSON.stringify(streamName(target)));
    context.connected();
    for await (const message of socket) {
      const mentions = onInstance(
        target.instance,
        parseMastodon(message, { url: target.instance }),
      );
      if (mentions.length > 0) await context.emit({ mentions });
    }
  } finally {
    socket.close();
  }
}

export const mastodonConnector: StreamingConnector = {
  kind: 'mastodon',
  description:
    'a Mastodon instance: hashtag, local or public timeline (streamed with a user token)',
  credential: mastodonCredential,
  collect,
  streams: (source) => source.settings.stream !== false && source.settings.stream !== 'false',
  stream,
};
