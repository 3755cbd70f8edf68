// TikTok through the Research API with a research project's client credentials: a video query
// for a hashtag or keyword (POST with the query JSON, paged with `search_id` and `cursor`, 100
// videos a page, windows of at most 30 days walked forward day by day) and a video's comments
// (POST with `video_id`, paged by `cursor`). The client token lasts 2 hours and is renewed
// before it expires, or at once when TikTok stops taking it. Each credential has 1,000 requests
// and 100,000 records a UTC day: every request is sized to what is left, and collection stops
// at the limit with its reason, keeping what it read.
import type { CollectedMention, Source } from '../../model.js';
import { FetchError, type FetchResponse, type RequestBody } from '../../net/types.js';
import { readOrQuarantine } from '../api-call.js';
import {
  InvalidCredentialError,
  MissingCredentialError,
  QuarantinedResponseError,
  QuotaPause,
} from '../collect-errors.js';
import type { CollectContext, CollectResult, Connector } from '../connector.js';
import type { CredentialLease } from '../credentials.js';
import { nextMidnight } from '../quota-window.js';
import { isObject, type JsonObject, path, str, text } from '../social/json-fields.js';
import { parseJsonKeepingLongIds } from './long-id-json.js';
import { parseTiktok } from './parse-tiktok.js';
import { tiktokCredential } from './recognise-url.js';

const API_BASE_URL = 'https://open.tiktokapis.com/v2';
const TOKEN_URL = 'https://open.tiktokapis.com/v2/oauth/token/';
const VIDEO_FIELDS =
  'id,video_description,create_time,region_code,share_count,view_count,like_count,comment_count,music_id,hashtag_names,username,voice_to_text';
const COMMENT_FIELDS = 'id,video_id,text,like_count,reply_count,parent_comment_id,create_time';
/** Records one request returns at most. */
const MAX_COUNT = 100;
/** Requests one collection makes at most; the rest waits for the next collection. */
const MAX_PAGES = 5;
/** The longest window a video query may span: start and end at most 30 days apart. */
const MAX_WINDOW_DAYS = 30;
/** New videos take up to 48 hours to appear, so each window starts again two days back. */
const LATE_DAYS = 2;
/** A first collection looks this far back. */
const FIRST_DAYS = 7;
/** A token is renewed this long before TikTok says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

interface Token {
  value: string;
  expiresAt: number;
}

/** Tokens by token endpoint, credential and client key, for the life of the process. */
const tokens = new Map<string, Token>();

interface Session {
  context: CollectContext;
  lease: CredentialLease;
  base: string;
  tokenUrl: string;
  warnings: string[];
}

/** Where a video query resumes: its window and, within it, the search's page. */
interface QueryCursor {
  /** First day (YYYYMMDD) of the window the next collection reads. */
  from: string;
  /** A window read in part: its days, search id and the cursor of its next page. */
  open: { start: string; end: string; searchId: string; cursor: number } | null;
}

const compactDay = (time: number) => new Date(time).toISOString().slice(0, 10).replaceAll('-', '');
const dayTime = (day: string) =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)));

function tokenKey(session: Session): string {
  const { lease } = session;
  return `${session.tokenUrl}|${lease.id}|${lease.secrets.clientKey ?? ''}`;
}

function refused(session: Session, why: string): InvalidCredentialError {
  const { lease } = session;
  lease.invalid(why);
  return new InvalidCredentialError(
    `TikTok refused credential #${lease.id} "${lease.label}": ${why}`,
  );
}

/** `{"error": {"code", "message"}}`, or the token endpoint's `error` and `error_description`. */
function errorOf(body: string): { code: string; message: string } {
  try {
    const json = JSON.parse(body) as unknown;
    const error = path(json, 'error');
    if (isObject(error)) {
      return { code: text(error.code) ?? '', message: text(error.message) ?? '' };
    }
    return { code: text(error) ?? '', message: text(path(json, 'error_description')) ?? '' };
  } catch {
    return { code: '', message: body.trim().split('\n')[0]?.slice(0, 200) ?? '' };
  }
}

const describe = (e: { code: string; message: string }) =>
  [e.code, e.message].filter(Boolean).join(': ') || 'no reason given';

async function send(
  session: Session,
  url: string,
  headers: Record<string, string>,
  body: RequestBody,
): Promise<FetchResponse> {
  const { context, lease } = session;
  const response = await context.http.request({
    url,
    method: 'POST',
    headers,
    body,
    signal: context.signal,
    api: { rateLimitKey: `tiktok:${lease.id}` },
  });
  if (response.rateLimit) lease.observeRateLimit(response.rateLimit);
  return response;
}

async function fetchToken(session: Session): Promise<string> {
  const { lease, context } = session;
  const key = tokenKey(session);
  const now = context.now().getTime();
  const kept = tokens.get(key);
  if (kept && kept.expiresAt > now) return kept.value;
  let body: string;
  try {
    const response = await send(
      session,
      session.tokenUrl,
      { 'cache-control': 'no-cache' },
      {
        form: {
          client_key: lease.secrets.clientKey ?? '',
          client_secret: lease.secrets.clientSecret ?? '',
          grant_type: 'client_credentials',
        },
      },
    );
    body = response.body.toString('utf8');
  } catch (error) {
    if (error instanceof FetchError && error.code === 'http-status' && error.status !== null) {
      throw refused(
        session,
        `token request answered HTTP ${error.status} ${describe(errorOf(error.body ?? ''))}`,
      );
    }
    throw error;
  }
  const json = readOrQuarantine(session.tokenUrl, body, (b) =>
    parseJsonKeepingLongIds('tiktok', b),
  );
  const value = text(path(json, 'access_token'));
  if (!value) {
    const error = errorOf(body);
    if (error.code) throw refused(session, `token request: ${describe(error)}`);
    throw new QuarantinedResponseError(
      'tiktok: token answer without access_token',
      session.tokenUrl,
      body,
    );
  }
  const seconds = Number(path(json, 'expires_in'));
  const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 7_200_000;
  tokens.set(key, { value, expiresAt: now + Math.max(lifetime - TOKEN_MARGIN_MS, lifetime / 2) });
  return value;
}

/** What is left today of requests and records, or a stop with the reason. */
function allowance(session: Session): { records: number } | { stop: string } {
  const { lease } = session;
  const requests = lease.left?.('requests') ?? Number.POSITIVE_INFINITY;
  const records = lease.left?.('records') ?? Number.POSITIVE_INFINITY;
  if (requests < 1) return { stop: 'its requests for the day are spent' };
  if (records < 1) return { stop: 'its records for the day are spent' };
  return { records: Math.min(MAX_COUNT, records) };
}

function dailyLimit(session: Session, why: string): QuotaPause {
  const { lease, context } = session;
  const until = nextMidnight(context.now(), 'UTC');
  return new QuotaPause(
    `TikTok Research API credential #${lease.id} "${lease.label}": ${why}; collection resumes at ${until.toISOString()}`,
    until,
  );
}

/**
 * Records the next page may ask for. A spent daily allowance pauses a collection that read
 * nothing yet; after some pages it ends collection with a warning (null).
 */
function pageAllowance(session: Session, pagesRead: number): number | null {
  const left = allowance(session);
  if (!('stop' in left)) return left.records;
  if (pagesRead === 0) throw dailyLimit(session, left.stop);
  session.warnings.push(`TikTok daily limit reached: ${left.stop}; the rest waits for tomorrow`);
  return null;
}

interface Page {
  url: string;
  body: string;
  json: unknown;
  mentions: CollectedMention[];
}

/** One POST of the Research API, with a fresh token once when TikTok stops taking the old one. */
async function post(
  session: Session,
  pathname: string,
  fields: string,
  query: unknown,
): Promise<Page> {
  const url = `${session.base}${pathname}?fields=${fields}`;
  const { lease, context } = session;
  for (let attempt = 0; ; attempt++) {
    const token = await fetchToken(session);
    lease.spend('requests', 1);
    try {
      const response = await send(
        session,
        url,
        { authorization: `Bearer ${token}` },
        { json: query },
      );
      const body = response.body.toString('utf8');
      const json = readOrQuarantine(url, body, (b) => parseJsonKeepingLongIds('tiktok', b));
      const mentions = readOrQuarantine(url, body, parseTiktok);
      const records = mentions.length;
      if (records > 0) lease.spend('records', records);
      return { url, body, json, mentions };
    } catch (error) {
      if (!(error instanceof FetchError) || error.status === null) throw error;
      const said = errorOf(error.body ?? '');
      if (error.status === 429 || said.code === 'rate_limit_exceeded') {
        // TikTok counts the day's requests itself: its word ends the day for this credential.
        const until = nextMidnight(context.now(), 'UTC');
        lease.exhausted(describe(said), until);
        throw dailyLimit(session, `TikTok answered ${describe(said)}`);
      }
      if (error.status === 401 || said.code.startsWith('access_token')) {
        tokens.delete(tokenKey(session));
        if (attempt === 0) continue;
        throw refused(session, `HTTP ${error.status} with a fresh token: ${describe(said)}`);
      }
      if (error.status === 403 || said.code === 'scope_not_authorized') {
        throw refused(session, `not approved for the Research API (${describe(said)})`);
      }
      throw new Error(`TikTok answered HTTP ${error.status}: ${describe(said)}`);
    }
  }
}

function readQueryCursor(source: Source, now: Date): QueryCursor {
  const fallback = { from: compactDay(now.getTime() - FIRST_DAYS * DAY_MS), open: null };
  try {
    const value = source.cursor ? (JSON.parse(source.cursor) as Partial<QueryCursor>) : {};
    return /^\d{8}$/.test(value.from ?? '')
      ? { from: value.from!, open: value.open ?? null }
      : fallback;
  } catch {
    return fallback;
  }
}

function videoQuery(settings: Record<string, unknown>): unknown {
  const and: unknown[] = [];
  if (typeof settings.hashtag === 'string') {
    and.push({ operation: 'EQ', field_name: 'hashtag_name', field_values: [settings.hashtag] });
  }
  if (typeof settings.keyword === 'string') {
    and.push({ operation: 'EQ', field_name: 'keyword', field_values: [settings.keyword] });
  }
  if (typeof settings.region === 'string') {
    and.push({
      operation: 'IN',
      field_name: 'region_code',
      field_values: settings.region.split(','),
    });
  }
  return { and };
}

/** A page's `data`, which must hold the `list` asked for; any other answer is quarantined. */
function pageData(page: Page, list: string, answer: string): JsonObject {
  const data = path(page.json, 'data');
  if (!isObject(data) || !Array.isArray(data[list])) {
    throw new QuarantinedResponseError(
      `tiktok: ${answer} answer without data.${list}`,
      page.url,
      page.body,
    );
  }
  return data;
}

async function collectQuery(
  session: Session,
  source: Source,
): Promise<{ mentions: CollectedMention[]; cursor: QueryCursor }> {
  const now = session.context.now();
  const today = compactDay(now.getTime());
  let cursor = readQueryCursor(source, now);
  const query = videoQuery(source.settings);
  const mentions: CollectedMention[] = [];
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const records = pageAllowance(session, pages);
    if (records === null) break;
    const window = cursor.open ?? {
      start: cursor.from,
      end: compactDay(
        Math.min(dayTime(cursor.from) + (MAX_WINDOW_DAYS - 1) * DAY_MS, dayTime(today)),
      ),
      searchId: '',
      cursor: 0,
    };
    const page = await post(session, '/research/video/query/', VIDEO_FIELDS, {
      query,
      start_date: window.start,
      end_date: window.end,
      max_count: records,
      ...(window.searchId ? { search_id: window.searchId, cursor: window.cursor } : {}),
    });
    const data = pageData(page, 'videos', 'video query');
    mentions.push(...page.mentions);
    const searchId = str(data.search_id);
    const next = Number(data.cursor);
    if (data.has_more === true && searchId && Number.isFinite(next)) {
      cursor = { from: cursor.from, open: { ...window, searchId, cursor: next } };
      continue;
    }
    // The window is read: the next starts two days before its end, or today when it reached it.
    const end = dayTime(window.end);
    cursor = {
      from: compactDay(Math.max(dayTime(window.start), end - LATE_DAYS * DAY_MS)),
      open: null,
    };
    if (window.end === today) break;
    cursor.from = compactDay(end + DAY_MS);
  }
  return { mentions, cursor };
}

async function collectVideo(
  session: Session,
  source: Source,
  videoId: string,
): Promise<{ mentions: CollectedMention[]; cursor: { cursor: number } }> {
  let position = 0;
  try {
    position = Number((JSON.parse(source.cursor ?? '{}') as { cursor?: number }).cursor ?? 0) || 0;
  } catch {
    position = 0;
  }
  const mentions: CollectedMention[] = [];
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const records = pageAllowance(session, pages);
    if (records === null) break;
    // The id goes as a JSON string: a double cannot carry TikTok's int64 ids exactly.
    const page = await post(session, '/research/video/comment/list/', COMMENT_FIELDS, {
      video_id: videoId,
      max_count: records,
      cursor: position,
    });
    const data = pageData(page, 'comments', 'comment list');
    mentions.push(...page.mentions);
    const next = Number(data.cursor);
    if (data.has_more !== true || !Number.isFinite(next)) {
      // Read to the end: the next collection reads the comments again for new ones and counts.
      position = 0;
      break;
    }
    position = next;
  }
  return { mentions, cursor: { cursor: position } };
}

export const tiktokConnector: Connector = {
  kind: 'tiktok',
  description:
    'TikTok Research API (approved researchers): video query by hashtag or keyword, a video’s comments',
  endpoints: { apiBaseUrl: API_BASE_URL, tokenUrl: TOKEN_URL },
  credential: tiktokCredential,
  async collect(source: Source, context: CollectContext): Promise<CollectResult> {
    if (!context.credentials) {
      throw new MissingCredentialError(
        'TikTok needs a Research API client: nghe credentials add tiktok',
      );
    }
    const lease = context.credentials.acquire({ bucket: 'requests', units: 1 });
    const session: Session = {
      context,
      lease,
      base: (context.endpoints?.apiBaseUrl ?? API_BASE_URL).replace(/\/+$/, ''),
      tokenUrl: context.endpoints?.tokenUrl ?? TOKEN_URL,
      warnings: [],
    };
    const { follow, videoId } = source.settings;
    let result: { mentions: CollectedMention[]; cursor: unknown };
    if (follow === 'query' && (source.settings.hashtag || source.settings.keyword)) {
      result = await collectQuery(session, source);
    } else if (follow === 'video' && typeof videoId === 'string' && /^\d+$/.test(videoId)) {
      result = await collectVideo(session, source, videoId);
    } else {
      throw new Error(
        `TikTok source #${source.id} follows nothing nghe reads (settings.follow "${String(follow)}")`,
      );
    }
    return {
      title: null,
      notModified: false,
      validators: source.validators,
      mentions: result.mentions,
      warnings: session.warnings,
      cursor: JSON.stringify(result.cursor),
    };
  },
};
