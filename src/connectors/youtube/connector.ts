// YouTube through the Data API v3 with an API key: a channel's uploads (channels.list, then its
// uploads playlist through playlistItems.list, then videos.list for details and statistics)
// and a video's comment threads and replies (commentThreads.list, comments.list for replies a
// thread does not carry), paged by pageToken. Every call is accounted against the key's daily
// units before it is made; the cursor remembers the newest item seen and, for a long backlog,
// the page to continue from.
import type { CollectedMention, Source } from '../../model.js';
import { type ApiCall, ApiStatusError, callApi, readOrQuarantine } from '../api-call.js';
import { InvalidCredentialError, QuarantinedResponseError, QuotaPause } from '../collect-errors.js';
import type { CollectContext, CollectResult, Connector } from '../connector.js';
import type { CredentialLease } from '../credentials.js';
import { nextMidnight } from '../quota-window.js';
import { array, isObject, parseJsonBody, path, text } from '../social/json-fields.js';
import { parseYoutube } from './parse-youtube.js';
import { youtubeCredential } from './recognise-url.js';

const API_BASE_URL = 'https://www.googleapis.com/youtube/v3';
/** Pages one collection reads at most, per list; the rest waits for the next collection. */
const MAX_PAGES = 5;
/** Threads whose missing replies are fetched in one collection, at most. */
const MAX_REPLY_FETCHES = 20;
const PACIFIC = 'America/Los_Angeles';

/** Where a follow resumes: the newest item time seen, the page a backlog continues from. */
interface YoutubeCursor {
  seen: string | null;
  next: string | null;
  /** A channel's uploads playlist, looked up once. */
  uploads?: string;
}

function readCursor(source: Source): YoutubeCursor {
  if (!source.cursor) return { seen: null, next: null };
  try {
    const value = JSON.parse(source.cursor) as Partial<YoutubeCursor>;
    return { seen: value.seen ?? null, next: value.next ?? null, uploads: value.uploads };
  } catch {
    return { seen: null, next: null };
  }
}

interface Session {
  call: ApiCall;
  base: string;
  apiKey: string;
}

/** Reasons Google gives for a key it will not serve (400 or 403). */
const REFUSED_KEY_REASONS = new Set([
  'keyInvalid',
  'keyExpired',
  'API_KEY_INVALID',
  'API_KEY_SERVICE_BLOCKED',
  'API_KEY_HTTP_REFERRER_BLOCKED',
  'API_KEY_IP_ADDRESS_BLOCKED',
  'accessNotConfigured',
  'SERVICE_DISABLED',
  'forbidden',
  'ipRefererBlocked',
]);

/** `reason` of Google's error body: errors[0].reason, else details[].reason. */
function errorReasons(body: string): { reasons: string[]; message: string } {
  try {
    const error = path(JSON.parse(body), 'error');
    const reasons = [
      ...array(path(error, 'errors')).map((e) => text(path(e, 'reason'))),
      ...array(path(error, 'details')).map((d) => text(path(d, 'reason'))),
    ].filter((r): r is string => r !== null);
    const message = (text(path(error, 'message')) ?? '').replace(/<[^>]*>/g, '');
    return { reasons, message };
  } catch {
    return { reasons: [], message: '' };
  }
}

interface Page {
  /** The address without the key. */
  url: string;
  body: string;
  json: unknown;
}

async function get(
  session: Session,
  method: string,
  params: Record<string, string>,
): Promise<Page> {
  const { call } = session;
  call.lease.spend('units', 1);
  const url = new URL(`${session.base}/${method}`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  // The key is a query parameter, as YouTube takes it; it is added last and never shown.
  const shown = url.href;
  url.searchParams.set('key', session.apiKey);
  try {
    const response = await callApi(call, { url: url.href });
    const body = response.body.toString('utf8');
    return {
      url: shown,
      body,
      json: readOrQuarantine(shown, body, (b) => parseJsonBody('youtube', b)),
    };
  } catch (error) {
    if (!(error instanceof ApiStatusError)) throw error;
    const { reasons, message } = errorReasons(error.body);
    const why = `${reasons[0] ?? `HTTP ${error.status}`}${message ? `: ${message}` : ''}`;
    if (reasons.includes('quotaExceeded') || reasons.includes('dailyLimitExceeded')) {
      const until = nextMidnight(call.context.now(), PACIFIC);
      call.lease.exhausted(why, until);
      throw new QuotaPause(
        `YouTube quota of credential #${call.lease.id} "${call.lease.label}" is spent (${why}); it renews at ${until.toISOString()}`,
        until,
      );
    }
    if (reasons.some((r) => REFUSED_KEY_REASONS.has(r)) || error.status === 401) {
      call.lease.invalid(why);
      throw new InvalidCredentialError(
        `YouTube refused credential #${call.lease.id} "${call.lease.label}": ${why}`,
      );
    }
    throw new YoutubeApiError(method, why, reasons);
  }
}

class YoutubeApiError extends Error {
  constructor(
    readonly method: string,
    why: string,
    readonly reasons: string[],
  ) {
    super(`YouTube ${method}: ${why}`);
    this.name = 'YoutubeApiError';
  }
}

function parsePage(page: Page): CollectedMention[] {
  return readOrQuarantine(page.url, page.body, parseYoutube);
}

/** The body's list, or a quarantine: a list response always has `items`. */
function itemsOf(page: Page, what: string): unknown[] {
  const items = path(page.json, 'items');
  if (!Array.isArray(items)) {
    throw new QuarantinedResponseError(
      `youtube: ${what} without an items list`,
      page.url,
      page.body,
    );
  }
  return items;
}

/** Whether `time` is at or before `bound` (ISO 8601, any precision); false when unknown. */
const notAfter = (time: string | null, bound: string) =>
  time !== null && Date.parse(time) <= Date.parse(bound);

const newest = (times: (string | null)[], start: string | null) =>
  times.reduce<string | null>(
    (max, t) => (t !== null && (max === null || !notAfter(t, max)) ? t : max),
    start,
  );

async function collectVideo(
  session: Session,
  videoId: string,
  cursor: YoutubeCursor,
  warnings: string[],
): Promise<{ mentions: CollectedMention[]; cursor: YoutubeCursor }> {
  const video = await get(session, 'videos', {
    part: 'snippet,statistics,contentDetails',
    id: videoId,
  });
  const mentions = parsePage(video);
  if (mentions.length === 0)
    throw new Error(`YouTube video ${videoId} does not exist or is private`);

  const comments: CollectedMention[] = [];
  const backlog = cursor.next !== null;
  let pageToken = cursor.next;
  let caughtUp = false;
  let pages = 0;
  let replyFetches = 0;
  for (; pages < MAX_PAGES; pages++) {
    let page: Page;
    try {
      page = await get(session, 'commentThreads', {
        part: 'snippet,replies',
        videoId,
        maxResults: '100',
        order: 'time',
        textFormat: 'plainText',
        ...(pageToken ? { pageToken } : {}),
      });
    } catch (error) {
      if (error instanceof YoutubeApiError && error.reasons.includes('commentsDisabled')) {
        warnings.push('comments are turned off for this video');
        return { mentions, cursor: { seen: cursor.seen, next: null } };
      }
      throw error;
    }
    const threads = itemsOf(page, 'commentThreads.list');
    const read = parsePage(page);
    comments.push(...read);
    for (const thread of threads) {
      if (replyFetches >= MAX_REPLY_FETCHES) break;
      const total = Number(path(thread, 'snippet', 'totalReplyCount') ?? 0);
      const carried = array(path(thread, 'replies', 'comments')).length;
      const threadId = text(path(thread, 'id'));
      if (threadId && total > carried) {
        replyFetches++;
        const replies = await get(session, 'comments', {
          part: 'snippet',
          parentId: threadId,
          maxResults: '100',
          textFormat: 'plainText',
        });
        comments.push(...parsePage(replies));
      }
    }
    const topLevel = read.filter((m) => m.parentExternalId === videoId);
    if (!backlog && cursor.seen && topLevel.some((m) => notAfter(m.publishedAt, cursor.seen!))) {
      caughtUp = true;
      break;
    }
    pageToken = text(path(page.json, 'nextPageToken'));
    if (!pageToken) {
      caughtUp = true;
      break;
    }
  }
  const seen = newest(
    comments.filter((m) => m.parentExternalId === videoId).map((m) => m.publishedAt),
    cursor.seen,
  );
  // An unfinished read continues from its page next time; a finished one starts from the top.
  return {
    mentions: [...mentions, ...comments],
    cursor: { seen, next: caughtUp ? null : pageToken },
  };
}

async function collectChannel(
  session: Session,
  settings: Record<string, unknown>,
  cursor: YoutubeCursor,
): Promise<{ mentions: CollectedMention[]; cursor: YoutubeCursor; title: string | null }> {
  let uploads = cursor.uploads;
  let title: string | null = null;
  if (!uploads) {
    const lookup: Record<string, string> =
      typeof settings.channelId === 'string'
        ? { id: settings.channelId }
        : typeof settings.handle === 'string'
          ? { forHandle: `@${settings.handle}` }
          : { forUsername: String(settings.username ?? '') };
    const page = await get(session, 'channels', { part: 'snippet,contentDetails', ...lookup });
    const channel = array(path(page.json, 'items')).find(isObject);
    if (!channel) {
      if (
        !Array.isArray(path(page.json, 'items')) &&
        path(page.json, 'kind') !== 'youtube#channelListResponse'
      ) {
        throw new QuarantinedResponseError(
          'youtube: channels.list body without items',
          page.url,
          page.body,
        );
      }
      throw new Error(`YouTube has no channel ${Object.values(lookup)[0]}`);
    }
    uploads = text(path(channel, 'contentDetails', 'relatedPlaylists', 'uploads')) ?? undefined;
    title = text(path(channel, 'snippet', 'title'));
    if (!uploads) {
      throw new QuarantinedResponseError(
        'youtube: channel without an uploads playlist',
        page.url,
        page.body,
      );
    }
  }
  const ids: string[] = [];
  let pageToken = cursor.next;
  let caughtUp = false;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await get(session, 'playlistItems', {
      part: 'snippet,contentDetails',
      playlistId: uploads,
      maxResults: '50',
      ...(pageToken ? { pageToken } : {}),
    });
    itemsOf(page, 'playlistItems.list');
    const items = parsePage(page);
    const fresh = items.filter(
      (m) => !cursor.seen || cursor.next || !notAfter(m.publishedAt, cursor.seen),
    );
    ids.push(...fresh.map((m) => m.externalId).filter((id): id is string => id !== null));
    if (fresh.length < items.length) {
      caughtUp = true;
      break;
    }
    pageToken = text(path(page.json, 'nextPageToken'));
    if (!pageToken) {
      caughtUp = true;
      break;
    }
  }
  const mentions: CollectedMention[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    const page = await get(session, 'videos', {
      part: 'snippet,statistics,contentDetails',
      id: ids.slice(i, i + 50).join(','),
    });
    mentions.push(...parsePage(page));
  }
  return {
    mentions,
    title,
    cursor: {
      seen: newest(
        mentions.map((m) => m.publishedAt),
        cursor.seen,
      ),
      next: caughtUp ? null : pageToken,
      uploads,
    },
  };
}

export const youtubeConnector: Connector = {
  kind: 'youtube',
  description: 'YouTube Data API v3: channel uploads, and a video with its comments and replies',
  endpoints: { apiBaseUrl: API_BASE_URL },
  credential: youtubeCredential,
  async collect(source: Source, context: CollectContext): Promise<CollectResult> {
    const provider = context.credentials;
    if (!provider)
      throw new InvalidCredentialError('YouTube needs an API key: nghe credentials add youtube');
    const lease: CredentialLease = provider.acquire({ bucket: 'units', units: 1 });
    const session: Session = {
      call: { context, lease, platform: 'youtube' },
      base: (context.endpoints?.apiBaseUrl ?? API_BASE_URL).replace(/\/+$/, ''),
      apiKey: lease.secrets.apiKey ?? '',
    };
    const cursor = readCursor(source);
    const warnings: string[] = [];
    const follow = source.settings.follow;
    let result: { mentions: CollectedMention[]; cursor: YoutubeCursor; title?: string | null };
    if (follow === 'video' && typeof source.settings.videoId === 'string') {
      result = await collectVideo(session, source.settings.videoId, cursor, warnings);
    } else if (follow === 'channel') {
      result = await collectChannel(session, source.settings, cursor);
    } else {
      throw new Error(
        `YouTube source #${source.id} follows nothing nghe reads (settings.follow "${String(follow)}")`,
      );
    }
    const root = result.mentions.find((m) => m.parentExternalId === null);
    return {
      title: result.title ?? (follow === 'video' ? (root?.title ?? null) : null),
      notModified: false,
      validators: source.validators,
      mentions: result.mentions,
      warnings,
      cursor: JSON.stringify(result.cursor),
    };
  },
};
