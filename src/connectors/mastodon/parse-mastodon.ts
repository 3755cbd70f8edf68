// `nghe social parse --platform mastodon`: one Mastodon API response body to mentions. Reads
// timelines (public, local, hashtag, account: a JSON array of Status), one Status, a status
// context ({ancestors, descendants}), search v2 ({accounts, statuses, hashtags}), and streaming
// messages (WebSocket JSON, one or one per line, or an SSE block). Boosts yield the boosted
// status once; `delete` events yield the id as a deleted item.
import type { CollectedMention } from '../../model.js';
import {
  array,
  isObject,
  type JsonObject,
  parseJsonBody,
  parseJsonLines,
  str,
  text,
} from '../social/json-fields.js';
import { type ParseBodyOptions, UnreadableBodyError } from '../social/platform-module.js';
import {
  deletedStatus,
  instanceOriginFrom,
  localOrigin,
  statusPage,
  statusToMention,
  unwrapBoost,
} from './mastodon-status.js';
import {
  looksLikeEventStream,
  parseEventStream,
  type StreamEvent,
  websocketEvent,
} from './mastodon-stream.js';
import { withThreadRoots } from './thread-roots.js';

const STATUS_KEYS = ['content', 'reblog', 'uri', 'in_reply_to_id', 'spoiler_text'];

/** A Status; an Account (which also has a `uri`) never has a top-level `acct`. */
function looksLikeStatus(value: unknown): value is JsonObject {
  return isObject(value) && !('acct' in value) && STATUS_KEYS.some((key) => key in value);
}

function unreadable(reason: string): never {
  throw new UnreadableBodyError('mastodon', reason);
}

/** `{"error": "...", "error_description"?: "...", "status"?: 400}` as one line. */
function errorReason(body: JsonObject): string {
  const status = str(body.status);
  const error = text(str(body.error)) ?? 'error';
  const description = text(body.error_description);
  return `${status !== null ? `${status} ` : ''}${error}${description !== null ? `: ${description}` : ''}`;
}

class Collector {
  readonly mentions: CollectedMention[] = [];
  private readonly seen = new Set<string>();
  constructor(private instanceOrigin: string | null) {}

  status(value: unknown, event = false): void {
    if (!isObject(value)) return;
    const status = unwrapBoost(value);
    // A local status shows which instance served the body, and so whose ids these are.
    this.instanceOrigin ??= localOrigin(status);
    const mention = statusToMention(status, this.instanceOrigin);
    if (mention !== null) this.add(mention, event);
  }

  /** Mentions, with the instance's links for remote persons' statuses read before it was known. */
  finish(): CollectedMention[] {
    const origin = this.instanceOrigin;
    if (origin === null) return this.mentions;
    for (const mention of this.mentions) {
      if (mention.url === null && !mention.deleted && mention.author?.kind === 'person') {
        mention.url = statusPage(origin, mention.externalId!);
      }
    }
    return this.mentions;
  }

  /**
   * A status once however often a page repeats it (boosted twice); every streaming event
   * counts, as an edit or a deletion follows the status it changes.
   */
  add(mention: CollectedMention, event = false): void {
    const id = mention.externalId!;
    if (!event && this.seen.has(id)) return;
    this.seen.add(id);
    this.mentions.push(mention);
  }

  /** A list of statuses: every object with an id is one, once the list is recognisably statuses. */
  statuses(list: unknown[], what: string): void {
    if (list.length > 0 && !list.some(looksLikeStatus)) {
      unreadable(`${what} that is not a list of statuses`);
    }
    for (const item of list) this.status(item);
  }

  streamEvent({ event, data }: StreamEvent): void {
    if (event === 'update' || event === 'status.update') {
      let status: unknown;
      try {
        status = JSON.parse(data);
      } catch {
        unreadable(`the payload of a streaming '${event}' event is not JSON`);
      }
      if (!looksLikeStatus(status)) unreadable(`a streaming '${event}' event without a status`);
      this.status(status, true);
    } else if (event === 'delete') {
      const id = text(data.trim().replace(/^"|"$/g, ''));
      if (id !== null) this.add(deletedStatus(id), true);
    }
    // Notifications, conversations, announcements and filter changes are not posts.
  }

  /** One WebSocket message, or a streaming error (`{"error":"Unknown stream type","status":400}`). */
  websocketMessage(message: unknown): void {
    if (!isObject(message)) unreadable('a streaming message that is not a JSON object');
    if ('error' in message && !('event' in message)) unreadable(errorReason(message));
    this.streamEvent(websocketEvent(message));
  }
}

function readDocument(collector: Collector, value: unknown): void {
  if (Array.isArray(value)) {
    collector.statuses(value, 'a JSON array');
    return;
  }
  if (!isObject(value)) unreadable('the body is JSON but not an object or an array');
  if (typeof value.error === 'string' && !looksLikeStatus(value)) unreadable(errorReason(value));
  if (typeof value.event === 'string') {
    collector.websocketMessage(value);
    return;
  }
  if (Array.isArray(value.ancestors) || Array.isArray(value.descendants)) {
    collector.statuses([...array(value.ancestors), ...array(value.descendants)], 'a context');
    return;
  }
  if (Array.isArray(value.statuses)) {
    collector.statuses(value.statuses, 'search results');
    return;
  }
  if (Array.isArray(value.accounts) || Array.isArray(value.hashtags)) return;
  if (looksLikeStatus(value)) {
    collector.status(value);
    return;
  }
  const keys = Object.keys(value).slice(0, 6).join(', ');
  unreadable(`a JSON object of an unknown shape (keys: ${keys || 'none'})`);
}

/** For a context: a thread's top status outside the body is the focal status when it has no ancestors. */
function contextRoot(value: unknown): ((missingId: string) => string | undefined) | undefined {
  if (!isObject(value) || !Array.isArray(value.descendants)) return undefined;
  const ancestors = array(value.ancestors);
  if (ancestors.length === 0) return (missingId) => missingId;
  const first = ancestors[0];
  const firstId = text(str(isObject(first) ? first.id : undefined));
  const firstIsTop = isObject(first) && text(str(first.in_reply_to_id)) === null;
  return () => (firstIsTop && firstId !== null ? firstId : undefined);
}

export function parseMastodon(body: string, options: ParseBodyOptions = {}): CollectedMention[] {
  const collector = new Collector(instanceOriginFrom(options.url));
  const trimmed = body.trim();
  if (trimmed !== '' && looksLikeEventStream(trimmed)) {
    for (const event of parseEventStream(trimmed)) collector.streamEvent(event);
    return withThreadRoots(collector.finish());
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    const messages = trimmed.startsWith('{') ? parseJsonLines(trimmed) : null;
    if (messages === null) value = parseJsonBody('mastodon', body);
    else {
      for (const message of messages) collector.websocketMessage(message);
      return withThreadRoots(collector.finish());
    }
  }
  readDocument(collector, value);
  return withThreadRoots(collector.finish(), contextRoot(value));
}
