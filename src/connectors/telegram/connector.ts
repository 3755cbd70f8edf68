// Telegram: a public channel through its web preview (t.me/s/<channel>: the newest page, then
// `?before=<id>` pages back to the last stored post id, which is the cursor), and a bot's
// updates through the Bot API (getUpdates long polling with `offset` as the cursor), which
// carry the posts of every channel where the bot is an administrator. The bot token travels in
// the URL path, so every error and address kept from a Bot API call has it masked.
import type { CollectedMention, Source } from '../../model.js';
import { FetchError } from '../../net/types.js';
import { readOrQuarantine } from '../api-call.js';
import { apiFailure } from '../api-failures.js';
import { MissingCredentialError } from '../collect-errors.js';
import type { CollectContext, CollectResult, Connector, RecognisedUrl } from '../connector.js';
import { isObject } from '../social/json-fields.js';
import { parseTelegram } from './parse-telegram.js';
import { recogniseTelegramUrl, telegramCredential } from './recognise-url.js';

const PREVIEW_BASE_URL = 'https://t.me';
const BOT_API_BASE_URL = 'https://api.telegram.org';
/** Older preview pages read in one collection when catching up to the cursor. */
const MAX_PREVIEW_PAGES = 10;
/** getUpdates pages (100 updates each) read in one collection. */
const MAX_UPDATE_PAGES = 10;
/** How long getUpdates waits for something new before answering empty (seconds). */
const DEFAULT_LONG_POLL_SECONDS = 20;
const BOT_NAME = /^[A-Za-z][A-Za-z0-9_]{2,29}bot$/i;

/**
 * t.me addresses as sources: a bot (its username ends in "bot", as Telegram requires) is
 * followed through the Bot API, any other name as a public channel's preview.
 */
export function recogniseTelegramSourceUrl(url: URL): RecognisedUrl | null {
  const found = recogniseTelegramUrl(url);
  const name = found?.settings.channel;
  if (!found || !name || !BOT_NAME.test(name) || url.pathname.startsWith('/s/')) return found;
  return { follow: 'bot', settings: { bot: name }, url: `https://t.me/${name}` };
}

function previewMessageId(mention: CollectedMention): number | null {
  const id = Number(mention.externalId?.split('/')[1]);
  return Number.isSafeInteger(id) ? id : null;
}

async function collectPreview(source: Source, context: CollectContext): Promise<CollectResult> {
  const channel = String(source.settings.channel ?? '');
  if (!/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(channel)) {
    throw new Error(`telegram: not a channel name: "${channel}"`);
  }
  const base = (context.endpoints?.previewUrl ?? PREVIEW_BASE_URL).replace(/\/+$/, '');
  const stored = source.cursor !== null ? Number(source.cursor) : null;
  const mentions: CollectedMention[] = [];
  const seen = new Set<string>();
  let newest = stored;
  let before: number | null = null;
  for (let page = 0; page < MAX_PREVIEW_PAGES; page++) {
    const url = `${base}/s/${channel}${before === null ? '' : `?before=${before}`}`;
    let body: string;
    let finalUrl: string;
    try {
      const response = await context.http.get({
        url,
        accept: 'text/html',
        signal: context.signal,
      });
      body = response.body.toString('utf8');
      finalUrl = response.url;
    } catch (error) {
      throw apiFailure(error, { platform: 'telegram', now: context.now() });
    }
    const posts = readOrQuarantine(finalUrl, body, (text) =>
      parseTelegram(text, { url: finalUrl }),
    );
    const ids = posts.map(previewMessageId).filter((id): id is number => id !== null);
    for (const post of posts) {
      const id = previewMessageId(post);
      if (stored !== null && id !== null && id <= stored) continue;
      if (seen.has(post.externalId!)) continue;
      seen.add(post.externalId!);
      mentions.push(post);
    }
    if (ids.length === 0) break;
    const oldest = Math.min(...ids);
    newest = Math.max(newest ?? 0, ...ids);
    // Without a cursor the newest page is where listening starts.
    if (stored === null || oldest <= stored + 1 || (before !== null && oldest >= before)) break;
    before = oldest;
  }
  return {
    title: source.title ?? `@${channel} on Telegram`,
    notModified: false,
    validators: source.validators,
    mentions,
    warnings: [],
    cursor: newest === null ? source.cursor : String(newest),
  };
}

/** Telegram's flood control says how long to wait in the body, not in a header. */
function retryAfterOf(body: string | null): number | null {
  try {
    const seconds = JSON.parse(body ?? '')?.parameters?.retry_after;
    return typeof seconds === 'number' && seconds > 0 ? seconds : null;
  } catch {
    return null;
  }
}

/** The highest update id of a getUpdates page and how many updates it held. */
function updatesOf(body: string): { highest: number | null; count: number } {
  try {
    const value: unknown = JSON.parse(body);
    if (!isObject(value) || !Array.isArray(value.result)) return { highest: null, count: 0 };
    let highest: number | null = null;
    for (const update of value.result) {
      const id = isObject(update) ? update.update_id : undefined;
      if (typeof id === 'number' && Number.isSafeInteger(id)) highest = Math.max(highest ?? id, id);
    }
    return { highest, count: value.result.length };
  } catch {
    return { highest: null, count: 0 };
  }
}

async function collectUpdates(source: Source, context: CollectContext): Promise<CollectResult> {
  if (!context.credentials) {
    throw new MissingCredentialError('telegram bot sources need a bot token');
  }
  const lease = context.credentials.acquire();
  const token = lease.secrets.botToken ?? '';
  const base = (context.endpoints?.botApiUrl ?? BOT_API_BASE_URL).replace(/\/+$/, '');
  const longPoll = Number(source.settings.longPollSeconds ?? DEFAULT_LONG_POLL_SECONDS);
  const masked = (text: string) => (token ? text.split(token).join('<token>') : text);
  const mentions: CollectedMention[] = [];
  let offset = source.cursor !== null ? Number(source.cursor) : null;
  for (let page = 0; page < MAX_UPDATE_PAGES; page++) {
    const url = new URL(`${base}/bot${token}/getUpdates`);
    if (offset !== null) url.searchParams.set('offset', String(offset));
    url.searchParams.set('limit', '100');
    // Long-poll only while nothing has come: once updates arrive, the rest are read at once.
    const wait = page === 0 && Number.isFinite(longPoll) ? Math.max(0, longPoll) : 0;
    url.searchParams.set('timeout', String(wait));
    url.searchParams.set(
      'allowed_updates',
      JSON.stringify(['channel_post', 'edited_channel_post']),
    );
    let body: string;
    try {
      const response = await context.http.request({
        url: url.href,
        signal: context.signal,
        timeoutMs: (wait + 15) * 1000,
        api: { rateLimitKey: `telegram:${lease.id}` },
      });
      body = response.body.toString('utf8');
    } catch (error) {
      const retryAfter = error instanceof FetchError ? retryAfterOf(error.body) : null;
      const cause =
        error instanceof FetchError
          ? new FetchError(
              error.code,
              masked(error.message),
              masked(error.url),
              error.status,
              retryAfter ?? error.retryAfterSeconds,
              error.body,
            )
          : error;
      throw apiFailure(cause, { platform: 'telegram', now: context.now(), lease });
    }
    const shown = masked(url.href);
    const found = readOrQuarantine(shown, body, (text) => parseTelegram(text, { url: shown }));
    mentions.push(...found);
    const { highest, count } = updatesOf(body);
    if (highest === null) break;
    // Asking with a higher offset confirms these updates; the cursor is that offset.
    offset = highest + 1;
    if (count < 100) break;
  }
  return {
    title: source.title ?? `${String(source.settings.bot ?? 'bot')} on Telegram`,
    notModified: false,
    validators: source.validators,
    mentions,
    warnings: [],
    cursor: offset === null ? source.cursor : String(offset),
  };
}

export const telegramConnector: Connector = {
  kind: 'telegram',
  description: "a public Telegram channel's web preview, or the posts a bot of yours receives",
  endpoints: { previewUrl: PREVIEW_BASE_URL, botApiUrl: BOT_API_BASE_URL },
  credential: telegramCredential,
  collect(source, context) {
    return source.settings.follow === 'bot'
      ? collectUpdates(source, context)
      : collectPreview(source, { ...context, credentials: undefined });
  },
};
