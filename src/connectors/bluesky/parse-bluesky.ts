// `nghe social parse --platform bluesky`: one Bluesky body to mentions. Reads AppView XRPC
// responses — app.bsky.feed.searchPosts / getPosts / getQuotes ({posts}), getAuthorFeed /
// getFeed / getTimeline / getListFeed ({feed}), getPostThread ({thread} nested) and
// app.bsky.unspecced.getPostThreadV2 ({thread: [items]}), com.atproto.repo.getRecord /
// listRecords of posts — and Jetstream messages, one or one per line. Reply contexts in feeds
// are posts too; quoted posts inside embeds are not.
import type { CollectedMention } from '../../model.js';
import {
  array,
  isObject,
  type JsonObject,
  parseJsonBody,
  parseJsonLines,
  text,
} from '../social/json-fields.js';
import { type ParseBodyOptions, UnreadableBodyError } from '../social/platform-module.js';
import { POST_COLLECTION, parseAtUri } from './at-uri.js';
import { deletedPostMention, postViewMention, recordMention } from './bluesky-post.js';
import { isJetstreamMessage, jetstreamError, jetstreamMention } from './jetstream.js';

function unreadable(reason: string): never {
  throw new UnreadableBodyError('bluesky', reason);
}

function typeEndsWith(value: JsonObject, suffix: string): boolean {
  return typeof value.$type === 'string' && value.$type.endsWith(suffix);
}

function isPostView(value: unknown): value is JsonObject {
  if (!isObject(value) || typeof value.uri !== 'string') return false;
  if (!isObject(value.record) && !isObject(value.author)) return false;
  // Starter packs and lists also carry a record; a post's record is a feed post.
  const type = isObject(value.record) ? value.record.$type : undefined;
  return type === undefined || type === POST_COLLECTION;
}

/** A repository record as com.atproto.repo.getRecord / listRecords give it: {uri, cid, value}. */
function isPostRecord(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.uri === 'string' &&
    isObject(value.value) &&
    value.value.$type === POST_COLLECTION
  );
}

class Collector {
  readonly mentions: CollectedMention[] = [];
  private readonly seen = new Set<string>();

  /** A post once, however often the body repeats it (a root in several reply contexts). */
  add(mention: CollectedMention | null): void {
    if (mention === null) return;
    const id = mention.externalId!;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.mentions.push(mention);
  }

  /** A post, a not-found post (deleted) or a blocked post (nothing to read) of a thread or feed. */
  postLike(value: unknown): void {
    if (!isObject(value)) return;
    if (value.notFound === true || typeEndsWith(value, '#notFoundPost')) {
      const uri = text(value.uri);
      if (uri !== null) this.add(deletedPostMention(uri, null, value));
    } else if (value.blocked === true || typeEndsWith(value, '#blockedPost')) {
      return;
    } else if (isPostView(value)) {
      this.add(postViewMention(value));
    }
  }

  /** Records read straight from a repository: no counts, the author only by the URI's DID. */
  records(list: unknown[]): void {
    if (list.length > 0 && !list.some(isPostRecord)) {
      unreadable('repository records that are not posts');
    }
    for (const item of list) {
      if (!isObject(item) || !isPostRecord(item)) continue;
      const uri = item.uri as string;
      const did = parseAtUri(uri)?.authority;
      if (did !== undefined) this.add(recordMention(uri, did, item.value, null, item));
    }
  }

  posts(list: unknown[]): void {
    for (const post of list) if (isObject(post)) this.add(postViewMention(post));
  }

  /** app.bsky.feed.defs#feedViewPost items: the post, then its reply context. */
  feed(items: unknown[]): void {
    if (items.length > 0 && !items.some((item) => isObject(item) && isObject(item.post))) {
      unreadable('a feed of post addresses only (a feed skeleton), not of posts');
    }
    for (const item of items) {
      if (!isObject(item)) continue;
      this.postLike(item.post);
      if (isObject(item.reply)) {
        this.postLike(item.reply.root);
        this.postLike(item.reply.parent);
      }
    }
  }

  /** A getPostThread tree: ancestors from the top, the anchor post, then replies depth first. */
  thread(node: JsonObject): void {
    const ancestors: unknown[] = [];
    for (let p = node.parent; isObject(p); p = p.parent) ancestors.unshift(p);
    for (const ancestor of ancestors) this.threadNode(ancestor);
    this.threadNode(node);
    this.replies(node);
  }

  private threadNode(node: unknown): void {
    if (!isObject(node)) return;
    if ('post' in node) this.postLike(node.post);
    else this.postLike(node);
  }

  private replies(node: JsonObject): void {
    for (const reply of array(node.replies)) {
      this.threadNode(reply);
      if (isObject(reply)) this.replies(reply);
    }
  }

  /** getPostThreadV2: a flat list of {uri, depth, value: threadItemPost | threadItemNotFound | …}. */
  threadItems(items: unknown[]): void {
    for (const item of items) {
      if (!isObject(item) || !isObject(item.value)) continue;
      const value = item.value;
      if (typeEndsWith(value, '#threadItemPost')) this.postLike(value.post);
      else if (typeEndsWith(value, '#threadItemNotFound')) {
        const uri = text(item.uri);
        if (uri !== null) this.add(deletedPostMention(uri, null, item));
      }
    }
  }

  jetstream(messages: unknown[]): void {
    for (const message of messages) {
      if (!isObject(message) || !isJetstreamMessage(message)) {
        unreadable('a message that is not a Jetstream event');
      }
      const error = jetstreamError(message);
      // A stream that ends on an error frame keeps the events before it.
      if (error !== null) {
        if (messages.length === 1) unreadable(error);
        continue;
      }
      // Every event counts: a create, then its edit, then its deletion.
      const mention = jetstreamMention(message);
      if (mention !== null) this.mentions.push(mention);
    }
  }
}

/**
 * An XRPC error body, {"error":"ExpiredToken","message":"Token has expired"}, or a proxy's
 * bare {"message":"Forbidden"}.
 */
function xrpcError(value: JsonObject): string | null {
  if (typeof value.error !== 'string') {
    const keys = Object.keys(value);
    return keys.length === 1 && typeof value.message === 'string' ? value.message : null;
  }
  const said = text(value.message);
  return said === null ? value.error : `${value.error}: ${said}`;
}

function readDocument(collector: Collector, value: unknown): void {
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    if (value.every(isJetstreamMessage)) collector.jetstream(value);
    else if (value.some(isPostView)) collector.posts(value);
    else unreadable('a JSON array of neither posts nor Jetstream events');
    return;
  }
  if (!isObject(value)) unreadable('the body is JSON but not an object or an array');
  const error = isJetstreamMessage(value) ? null : xrpcError(value);
  if (error !== null) unreadable(error);
  const thread = value.thread;
  if (isJetstreamMessage(value)) collector.jetstream([value]);
  else if (Array.isArray(value.posts)) collector.posts(value.posts);
  else if (Array.isArray(value.records)) collector.records(value.records);
  else if (isPostRecord(value)) collector.records([value]);
  else if (Array.isArray(value.feed)) collector.feed(value.feed);
  else if (Array.isArray(thread)) collector.threadItems(thread);
  else if (isObject(thread)) {
    const known = isObject(thread.post) || thread.notFound === true || thread.blocked === true;
    if (!known) unreadable('a thread of an unknown shape');
    collector.thread(thread);
  } else if (isPostView(value)) collector.add(postViewMention(value));
  else {
    const keys = Object.keys(value).slice(0, 6).join(', ');
    unreadable(`a JSON object of an unknown shape (keys: ${keys || 'none'})`);
  }
}

export function parseBluesky(body: string, _options: ParseBodyOptions = {}): CollectedMention[] {
  const collector = new Collector();
  const trimmed = body.trim();
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    const messages = trimmed.startsWith('{') ? parseJsonLines(trimmed) : null;
    if (messages === null) value = parseJsonBody('bluesky', body);
    else {
      collector.jetstream(messages);
      return collector.mentions;
    }
  }
  readDocument(collector, value);
  return collector.mentions;
}
