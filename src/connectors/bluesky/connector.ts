// Bluesky: keyword search (app.bsky.feed.searchPosts, newest first, 100 a page) signed in with
// an app password, polled from the newest post time stored (the cursor) with the search's own
// cursor paging back to it; and the Jetstream firehose, streamed for firehose sources (see
// connector-firehose.ts), which no poll collects.
import type { CollectedMention, Source } from '../../model.js';
import type { FetchResponse } from '../../net/types.js';
import { readOrQuarantine } from '../api-call.js';
import { apiFailure } from '../api-failures.js';
import { MissingCredentialError } from '../collect-errors.js';
import type { CollectContext, CollectResult, RecognisedUrl } from '../connector.js';
import { isObject } from '../social/json-fields.js';
import type { StreamingConnector } from '../stream-connector.js';
import {
  DEFAULT_JETSTREAM_URL,
  followFirehose,
  recogniseJetstreamUrl,
} from './connector-firehose.js';
import { blueskySession } from './connector-session.js';
import { parseBluesky } from './parse-bluesky.js';
import { blueskyCredential, recogniseBlueskyUrl } from './recognise-url.js';

const SERVICE_URL = 'https://bsky.social';
const PAGE_SIZE = 100;
/** Search pages read in one collection; the rest waits for the next. */
const MAX_PAGES = 5;

/** bsky.app pages, and Jetstream addresses as firehose sources. */
export function recogniseBlueskySourceUrl(url: URL): RecognisedUrl | null {
  return recogniseJetstreamUrl(url) ?? recogniseBlueskyUrl(url);
}

function emptyResult(source: Source): CollectResult {
  return {
    title: source.title,
    notModified: false,
    validators: source.validators,
    mentions: [],
    warnings: [],
  };
}

/** The newest `indexedAt` of a search page, the time the next poll starts from. */
function newestIndexedAt(body: string): string | null {
  try {
    const value: unknown = JSON.parse(body);
    const posts = isObject(value) && Array.isArray(value.posts) ? value.posts : [];
    let newest: string | null = null;
    for (const post of posts) {
      const at = isObject(post) && typeof post.indexedAt === 'string' ? post.indexedAt : null;
      if (at !== null && !Number.isNaN(Date.parse(at))) {
        const iso = new Date(at).toISOString();
        if (newest === null || iso > newest) newest = iso;
      }
    }
    return newest;
  } catch {
    return null;
  }
}

function searchCursorOf(body: string): string | null {
  try {
    const cursor = JSON.parse(body)?.cursor;
    return typeof cursor === 'string' && cursor !== '' ? cursor : null;
  } catch {
    return null;
  }
}

async function collectSearch(source: Source, context: CollectContext): Promise<CollectResult> {
  const query = typeof source.settings.query === 'string' ? source.settings.query.trim() : '';
  if (query === '') throw new Error('bluesky: a search source needs a query');
  if (!context.credentials)
    throw new MissingCredentialError('bluesky search needs an app password');
  const lease = context.credentials.acquire();
  const service = (context.endpoints?.serviceUrl ?? SERVICE_URL).replace(/\/+$/, '');
  const session = blueskySession(context.http, service, lease, context.signal);
  const since = source.cursor;
  const result: CollectResult = { ...emptyResult(source), cursor: since };
  result.title = source.title ?? `“${query}” on Bluesky`;
  const seen = new Set<string>();
  let pageCursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(`${service}/xrpc/app.bsky.feed.searchPosts`);
    url.searchParams.set('q', query);
    url.searchParams.set('sort', 'latest');
    url.searchParams.set('limit', String(PAGE_SIZE));
    if (since) url.searchParams.set('since', since);
    if (pageCursor) url.searchParams.set('cursor', pageCursor);
    let response: FetchResponse;
    try {
      response = await session.authorized((accessJwt) =>
        context.http.request({
          url: url.href,
          headers: { authorization: `Bearer ${accessJwt}` },
          signal: context.signal,
          api: { rateLimitKey: `bluesky:${lease.id}` },
        }),
      );
    } catch (error) {
      throw apiFailure(error, { platform: 'bluesky', now: context.now(), lease });
    }
    if (response.rateLimit) lease.observeRateLimit(response.rateLimit);
    const body = response.body.toString('utf8');
    const posts: CollectedMention[] = readOrQuarantine(response.url, body, (text) =>
      parseBluesky(text, { url: response.url }),
    );
    for (const post of posts) {
      if (seen.has(post.externalId!)) continue;
      seen.add(post.externalId!);
      result.mentions.push(post);
    }
    const newest = newestIndexedAt(body);
    if (newest !== null && (result.cursor == null || newest > result.cursor))
      result.cursor = newest;
    pageCursor = posts.length > 0 ? searchCursorOf(body) : null;
    // Without a stored time, the newest page is where listening starts.
    if (pageCursor === null || !since) break;
  }
  return result;
}

export const blueskyConnector: StreamingConnector = {
  kind: 'bluesky',
  description: 'Bluesky: keyword search with an app password, or the Jetstream firehose, filtered',
  endpoints: { serviceUrl: SERVICE_URL, jetstreamUrl: DEFAULT_JETSTREAM_URL },
  credential: blueskyCredential,
  async collect(source, context) {
    if (source.settings.follow === 'firehose') return emptyResult(source);
    if (source.settings.follow !== 'search') {
      throw new Error(
        `bluesky: following a ${String(source.settings.follow)} is not collected yet`,
      );
    }
    return collectSearch(source, context);
  },
  streams: (source) => source.settings.follow === 'firehose',
  stream: followFirehose,
};
