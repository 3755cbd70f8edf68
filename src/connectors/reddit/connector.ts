// Reddit through its OAuth Data API with an app's client credentials: a subreddit's new posts
// (paged forward with `before` from the newest post seen), search results, and a post with its
// comment tree (with `more` stubs expanded through /api/morechildren). The bearer token is
// fetched with the client-credentials grant, kept until shortly before it expires and fetched
// again when Reddit stops taking it. Requests are paced by Reddit's X-Ratelimit-* headers.
import type { CollectedMention, Source } from '../../model.js';
import { type ApiCall, ApiStatusError, callApi, readOrQuarantine } from '../api-call.js';
import { InvalidCredentialError, QuarantinedResponseError } from '../collect-errors.js';
import type { CollectContext, CollectResult, Connector } from '../connector.js';
import { array, isObject, parseJsonBody, path, text } from '../social/json-fields.js';
import { parseReddit } from './parse-reddit.js';
import { redditCredential } from './recognise-url.js';

const API_BASE_URL = 'https://oauth.reddit.com';
const TOKEN_URL = 'https://www.reddit.com/api/v1/access_token';
/** Listing pages one collection reads at most; the rest waits for the next collection. */
const MAX_PAGES = 5;
/** /api/morechildren calls one collection of a post makes at most (100 comments each). */
const MAX_MORE_CALLS = 3;
/** A token is renewed this long before Reddit says it expires. */
const TOKEN_MARGIN_MS = 60_000;

interface Token {
  value: string;
  expiresAt: number;
}

/** Tokens by credential and token endpoint, for the life of the process. */
const tokens = new Map<string, Token>();

interface Session {
  call: ApiCall;
  base: string;
  tokenUrl: string;
  userAgent: string;
}

interface Page {
  url: string;
  body: string;
  json: unknown;
}

/** Where a listing resumes: the newest post seen, by fullname and time. */
interface RedditCursor {
  newest: string | null;
  at: string | null;
}

function readCursor(source: Source): RedditCursor {
  try {
    const value = source.cursor ? (JSON.parse(source.cursor) as Partial<RedditCursor>) : {};
    return { newest: value.newest ?? null, at: value.at ?? null };
  } catch {
    return { newest: null, at: null };
  }
}

function refused(session: Session, why: string): InvalidCredentialError {
  const { lease } = session.call;
  lease.invalid(why);
  return new InvalidCredentialError(
    `Reddit refused credential #${lease.id} "${lease.label}": ${why}`,
  );
}

/** Tokens belong to one app (client id) of one credential at one token endpoint. */
function tokenKey(session: Session): string {
  const { lease } = session.call;
  return `${session.tokenUrl}|${lease.id}|${lease.secrets.clientId ?? ''}`;
}

async function fetchToken(session: Session): Promise<string> {
  const { lease } = session.call;
  const key = tokenKey(session);
  const now = session.call.context.now().getTime();
  const kept = tokens.get(key);
  if (kept && kept.expiresAt > now) return kept.value;
  const basic = Buffer.from(
    `${lease.secrets.clientId ?? ''}:${lease.secrets.clientSecret ?? ''}`,
  ).toString('base64');
  let body: string;
  try {
    const response = await callApi(session.call, {
      url: session.tokenUrl,
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'user-agent': session.userAgent },
      body: { form: { grant_type: 'client_credentials' } },
    });
    body = response.body.toString('utf8');
  } catch (error) {
    if (error instanceof ApiStatusError && [400, 401, 403].includes(error.status)) {
      throw refused(session, `token request answered HTTP ${error.status} ${oneLine(error.body)}`);
    }
    throw error;
  }
  const json = readOrQuarantine(session.tokenUrl, body, (b) => parseJsonBody('reddit', b));
  const value = text(path(json, 'access_token'));
  if (!value) {
    const error = text(path(json, 'error'));
    if (error) throw refused(session, `token request: ${error}`);
    throw new QuarantinedResponseError(
      'reddit: token answer without access_token',
      session.tokenUrl,
      body,
    );
  }
  const seconds = Number(path(json, 'expires_in'));
  const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 3600_000;
  tokens.set(key, { value, expiresAt: now + Math.max(lifetime - TOKEN_MARGIN_MS, lifetime / 2) });
  return value;
}

function oneLine(body: string): string {
  return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Reddit's error body: `{"message", "error", "reason"?}`. */
function errorWhy(body: string): string {
  try {
    const json = JSON.parse(body) as unknown;
    return [text(path(json, 'reason')), text(path(json, 'message'))].filter(Boolean).join(': ');
  } catch {
    return '';
  }
}

async function get(
  session: Session,
  pathname: string,
  params: Record<string, string>,
  what: string,
): Promise<Page> {
  const url = new URL(`${session.base}${pathname}`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  url.searchParams.set('raw_json', '1');
  for (let attempt = 0; ; attempt++) {
    const token = await fetchToken(session);
    session.call.lease.spend('requests', 1);
    try {
      const response = await callApi(session.call, {
        url: url.href,
        headers: { authorization: `bearer ${token}`, 'user-agent': session.userAgent },
      });
      const body = response.body.toString('utf8');
      return {
        url: url.href,
        body,
        json: readOrQuarantine(url.href, body, (b) => parseJsonBody('reddit', b)),
      };
    } catch (error) {
      if (!(error instanceof ApiStatusError)) throw error;
      if (error.status === 401) {
        // An expired or revoked token: one fresh token, then the credential is at fault.
        tokens.delete(tokenKey(session));
        if (attempt === 0) continue;
        throw refused(session, `HTTP 401 with a fresh token ${oneLine(error.body)}`);
      }
      const why = errorWhy(error.body);
      if (error.status === 403)
        throw new Error(`${what} is not readable: Reddit answered 403${why ? ` (${why})` : ''}`);
      if (error.status === 404) throw new Error(`Reddit has no ${what}`);
      throw new Error(`Reddit answered HTTP ${error.status} for ${what}${why ? ` (${why})` : ''}`);
    }
  }
}

function parsePage(page: Page): CollectedMention[] {
  return readOrQuarantine(page.url, page.body, parseReddit);
}

/** A listing's `data`, or a quarantine: listings always carry one. */
function listingData(page: Page): { after: string | null; before: string | null; size: number } {
  const data = path(page.json, 'data');
  if (path(page.json, 'kind') !== 'Listing' || !isObject(data) || !Array.isArray(data.children)) {
    throw new QuarantinedResponseError('reddit: expected a Listing of posts', page.url, page.body);
  }
  return { after: text(data.after), before: text(data.before), size: data.children.length };
}

const isPost = (m: CollectedMention) => m.externalId?.startsWith('t3_') === true;

function newestPost(posts: CollectedMention[], cursor: RedditCursor): RedditCursor {
  let best = cursor;
  for (const post of posts) {
    if (!post.publishedAt || !post.externalId) continue;
    if (!best.at || Date.parse(post.publishedAt) > Date.parse(best.at)) {
      best = { newest: post.externalId, at: post.publishedAt };
    }
  }
  return best;
}

async function collectListing(
  session: Session,
  pathname: string,
  params: Record<string, string>,
  what: string,
  cursor: RedditCursor,
  forward: boolean,
): Promise<{ mentions: CollectedMention[]; cursor: RedditCursor }> {
  const mentions: CollectedMention[] = [];
  const newerThanCursor = (m: CollectedMention) =>
    !cursor.at || (m.publishedAt !== null && Date.parse(m.publishedAt) > Date.parse(cursor.at));
  if (forward && cursor.newest) {
    // Newer than the newest post seen, oldest page first, each page continuing from its newest.
    let before: string | null = cursor.newest;
    for (let pages = 0; before && pages < MAX_PAGES; pages++) {
      const page = await get(session, pathname, { ...params, limit: '100', before }, what);
      const data = listingData(page);
      mentions.push(...parsePage(page));
      if (data.size < 100) break;
      before = data.before;
    }
    if (mentions.length > 0)
      return { mentions, cursor: newestPost(mentions.filter(isPost), cursor) };
    // Nothing after the cursor: the post may have been deleted, which empties `before` for good.
  }
  let after: string | null = null;
  for (let pages = 0; pages < (cursor.at ? MAX_PAGES : 1); pages++) {
    const page = await get(
      session,
      pathname,
      { ...params, limit: '100', ...(after ? { after } : {}) },
      what,
    );
    const data = listingData(page);
    const read = parsePage(page);
    const fresh = read.filter(newerThanCursor);
    mentions.push(...fresh);
    if (fresh.length < read.length || !data.after) break;
    after = data.after;
  }
  return { mentions, cursor: newestPost(mentions.filter(isPost), cursor) };
}

/** Ids of the comments `more` stubs stand for, in tree order. */
function moreIds(json: unknown): string[] {
  const ids: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (!isObject(node)) return;
    if (node.kind === 'more') {
      for (const id of array(path(node, 'data', 'children')))
        if (typeof id === 'string') ids.push(id);
      return;
    }
    walk(path(node, 'data', 'children'));
    walk(path(node, 'data', 'replies'));
  };
  walk(json);
  return ids;
}

async function collectPost(session: Session, postId: string): Promise<CollectedMention[]> {
  const what = `post ${postId}`;
  const page = await get(session, `/comments/${postId}`, { sort: 'new', limit: '500' }, what);
  if (!Array.isArray(page.json)) {
    throw new QuarantinedResponseError(
      'reddit: comments answer is not a pair of listings',
      page.url,
      page.body,
    );
  }
  const mentions = parsePage(page);
  const pending = moreIds(page.json);
  for (let calls = 0; calls < MAX_MORE_CALLS && pending.length > 0; calls++) {
    const children = pending.splice(0, 100);
    const more = await get(
      session,
      '/api/morechildren',
      { api_type: 'json', link_id: `t3_${postId}`, children: children.join(','), sort: 'new' },
      what,
    );
    mentions.push(...parsePage(more));
  }
  return mentions;
}

export const redditConnector: Connector = {
  kind: 'reddit',
  description: 'Reddit Data API (OAuth app): subreddit new posts, search, a post with its comments',
  endpoints: { apiBaseUrl: API_BASE_URL, tokenUrl: TOKEN_URL },
  credential: redditCredential,
  async collect(source: Source, context: CollectContext): Promise<CollectResult> {
    if (!context.credentials)
      throw new InvalidCredentialError('Reddit needs an OAuth app: nghe credentials add reddit');
    const lease = context.credentials.acquire({ bucket: 'requests', units: 2 });
    const username = lease.secrets.username?.trim();
    const session: Session = {
      call: { context, lease, platform: 'reddit' },
      base: (context.endpoints?.apiBaseUrl ?? API_BASE_URL).replace(/\/+$/, ''),
      tokenUrl: context.endpoints?.tokenUrl ?? TOKEN_URL,
      // Reddit asks for <platform>:<app id>:<version> (by /u/<owner>).
      userAgent: `server:nghe:0.1 (${username ? `by /u/${username}` : 'self-hosted social listening'})`,
    };
    const settings = source.settings;
    const subreddit = typeof settings.subreddit === 'string' ? settings.subreddit : null;
    const cursor = readCursor(source);
    let mentions: CollectedMention[];
    let next: RedditCursor | undefined;
    if (settings.follow === 'subreddit' && subreddit) {
      ({ mentions, cursor: next } = await collectListing(
        session,
        `/r/${subreddit}/new`,
        {},
        `r/${subreddit}`,
        cursor,
        true,
      ));
    } else if (settings.follow === 'search' && typeof settings.query === 'string') {
      const params = {
        q: settings.query,
        sort: 'new',
        t: 'all',
        ...(subreddit ? { restrict_sr: 'on' } : {}),
      };
      const pathname = subreddit ? `/r/${subreddit}/search` : '/search';
      ({ mentions, cursor: next } = await collectListing(
        session,
        pathname,
        params,
        `search "${settings.query}"`,
        cursor,
        false,
      ));
    } else if (settings.follow === 'post' && typeof settings.postId === 'string') {
      mentions = await collectPost(session, settings.postId);
    } else {
      throw new Error(
        `Reddit source #${source.id} follows nothing nghe reads (settings.follow "${String(settings.follow)}")`,
      );
    }
    const post = settings.follow === 'post' ? mentions.find(isPost) : undefined;
    return {
      title: post?.title ?? null,
      notModified: false,
      validators: source.validators,
      mentions,
      warnings: [],
      ...(next ? { cursor: JSON.stringify(next) } : {}),
    };
  },
};
