// Following the Jetstream firehose (every public Bluesky post as it is made) without storing the
// whole of Bluesky: a firehose source keeps only posts in its languages (Vietnamese unless it
// says otherwise) and, when it names keywords, only posts containing one of them (accents and
// case ignored). The cursor is Jetstream's `time_us` of the last event read; a reconnect resumes
// a few seconds before it, and the store's uniqueness absorbs the replayed events.
import type { Source } from '../../model.js';
import { foldDiacritics } from '../../text/fold.js';
import type { RecognisedUrl } from '../connector.js';
import { isObject, type JsonObject } from '../social/json-fields.js';
import type { StreamContext } from '../stream-connector.js';
import { POST_COLLECTION } from './at-uri.js';
import { isJetstreamMessage, jetstreamError, jetstreamMention } from './jetstream.js';

export const DEFAULT_JETSTREAM_URL = 'wss://jetstream2.us-east.bsky.network';
/** Replayed on every reconnect, so events in flight when a connection dropped are not lost. */
export const RESUME_MARGIN_US = 5_000_000;
const JETSTREAM_HOST = /^jetstream\d*\.[a-z0-9-]+\.bsky\.network$/i;

export interface FirehoseFilter {
  /** Language tags a post must declare one of (prefix match: `vi` takes `vi-VN`); null: any. */
  languages: string[] | null;
  /** Folded words or phrases a post must contain one of; empty: no keyword condition. */
  keywords: string[];
}

function list(value: unknown): string[] {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : [];
}

/** The filter a firehose source's settings ask for; refuses one that would keep everything. */
export function firehoseFilter(settings: Record<string, unknown>): FirehoseFilter {
  const languages = list(settings.languages ?? 'vi').map((l) => l.toLowerCase());
  const keywords = list(settings.keywords).map(foldDiacritics);
  const anyLanguage = languages.length === 0 || languages.includes('any');
  if (anyLanguage && keywords.length === 0) {
    throw new Error('bluesky: a firehose source needs languages or keywords to keep');
  }
  return { languages: anyLanguage ? null : languages, keywords };
}

function declaresLanguage(record: JsonObject, languages: string[]): boolean {
  const langs = Array.isArray(record.langs) ? record.langs : [];
  return langs.some(
    (lang) =>
      typeof lang === 'string' &&
      languages.some(
        (want) => lang.toLowerCase() === want || lang.toLowerCase().startsWith(`${want}-`),
      ),
  );
}

/** Whether a post record passes the filter; deletions (no record) are decided by the caller. */
export function keepsRecord(record: unknown, filter: FirehoseFilter): boolean {
  if (!isObject(record)) return false;
  if (filter.languages && !declaresLanguage(record, filter.languages)) return false;
  if (filter.keywords.length === 0) return true;
  const folded = foldDiacritics(typeof record.text === 'string' ? record.text : '');
  return filter.keywords.some((keyword) => folded.includes(keyword));
}

/** A Jetstream address (https://jetstreamN.<region>.bsky.network/subscribe?lang=vi&keywords=…). */
export function recogniseJetstreamUrl(url: URL): RecognisedUrl | null {
  if (!JETSTREAM_HOST.test(url.hostname) || !['/', '/subscribe'].includes(url.pathname)) {
    return null;
  }
  const languages = url.searchParams.get('lang') ?? url.searchParams.get('languages') ?? 'vi';
  const keywords = url.searchParams.get('keywords') ?? url.searchParams.get('q') ?? '';
  const settings = { host: url.hostname.toLowerCase(), languages, keywords };
  try {
    firehoseFilter(settings);
  } catch {
    return null;
  }
  const query = new URLSearchParams({ lang: languages, ...(keywords ? { keywords } : {}) });
  return { follow: 'firehose', settings, url: `https://${settings.host}/subscribe?${query}` };
}

/** Where a source's firehose connects: the configured Jetstream, else the host it names. */
function jetstreamBase(source: Source, context: StreamContext): string {
  const configured = context.endpoints?.jetstreamUrl;
  const host = typeof source.settings.host === 'string' ? source.settings.host : null;
  const base = configured ?? (host ? `wss://${host}` : DEFAULT_JETSTREAM_URL);
  return base.replace(/^http/, 'ws').replace(/\/+$/, '');
}

/** The cursor a reconnect asks for: the stored one less the safety margin. */
export function resumeCursor(stored: string | null): string | null {
  const value = stored === null ? Number.NaN : Number(stored);
  return Number.isSafeInteger(value) && value > RESUME_MARGIN_US
    ? String(value - RESUME_MARGIN_US)
    : null;
}

export async function followFirehose(source: Source, context: StreamContext): Promise<void> {
  const filter = firehoseFilter(source.settings);
  const url = new URL(`${jetstreamBase(source, context)}/subscribe`);
  url.searchParams.set('wantedCollections', POST_COLLECTION);
  const resume = resumeCursor(context.cursor);
  if (resume !== null) url.searchParams.set('cursor', resume);
  const socket = await context.openWebSocket(url.href, { signal: context.signal });
  try {
    context.connected();
    for await (const text of socket) {
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        throw new Error(`bluesky: a Jetstream message that is not JSON: ${text.slice(0, 80)}`);
      }
      if (!isObject(message) || !isJetstreamMessage(message)) {
        throw new Error('bluesky: a message that is not a Jetstream event');
      }
      const error = jetstreamError(message);
      if (error !== null) throw new Error(`bluesky: Jetstream ended the stream: ${error}`);
      const timeUs = message.time_us;
      const cursor = typeof timeUs === 'number' ? String(timeUs) : undefined;
      const commit = isObject(message.commit) ? message.commit : null;
      const kept =
        commit !== null &&
        commit.collection === POST_COLLECTION &&
        (commit.operation === 'delete' || keepsRecord(commit.record, filter));
      const mention = kept ? jetstreamMention(message) : null;
      await context.emit({ mentions: mention ? [mention] : [], cursor });
    }
  } finally {
    socket.close();
  }
}
