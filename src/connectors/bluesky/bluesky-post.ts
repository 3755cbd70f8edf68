// Bluesky posts as collected mentions: from an AppView PostView (search, feeds, threads), from
// a Jetstream commit's record, or only an address (a post reported not found or deleted).
// The id is the post's at:// URI, the author the account's DID; handles are never used.
import type { CollectedMention, Engagement, RawAuthor } from '../../model.js';
import { count, isObject, isoDate, type JsonObject, path, text } from '../social/json-fields.js';
import { parseAtUri, postPermalink } from './at-uri.js';
import { scrubRaw } from './bluesky-privacy.js';
import { maskMentions } from './mention-facets.js';

/** What a post record (app.bsky.feed.post) says about itself. */
interface RecordFields {
  text: string;
  publishedAt: string | null;
  language: string | null;
  parentExternalId: string | null;
  /** Undefined when a reply does not name its root. */
  threadRootExternalId: string | null | undefined;
}

function readRecord(record: unknown): RecordFields {
  const body = isObject(record) ? record : {};
  const langs = Array.isArray(body.langs) ? body.langs : [];
  const parent = text(path(body, 'reply', 'parent', 'uri'));
  const root = text(path(body, 'reply', 'root', 'uri'));
  return {
    text: typeof body.text === 'string' ? maskMentions(body.text, body.facets).text : '',
    publishedAt: isoDate(body.createdAt),
    language: text(langs[0]),
    parentExternalId: parent,
    threadRootExternalId: parent === null ? null : (root ?? undefined),
  };
}

function personAuthor(did: string | null, name: string | null): RawAuthor | null {
  if (did === null) return null;
  return { nativeId: did, name: name?.trim().normalize('NFC') || null, kind: 'person' };
}

function engagement(post: JsonObject): Engagement {
  const result: Engagement = {};
  const likes = count(post.likeCount);
  const comments = count(post.replyCount);
  const reposts = count(post.repostCount);
  const quotes = count(post.quoteCount);
  if (likes !== null) result.likes = likes;
  if (comments !== null) result.comments = comments;
  if (reposts !== null || quotes !== null) result.shares = (reposts ?? 0) + (quotes ?? 0);
  return result;
}

function base(uri: string): Omit<CollectedMention, 'author' | 'text' | 'raw'> {
  return {
    platform: 'bluesky',
    externalId: uri,
    url: postPermalink(uri),
    publishedAt: null,
    updatedAt: null,
    language: null,
    title: null,
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
  };
}

/** An app.bsky.feed.defs#postView (or an embed's #viewRecord, whose record is `value`). */
export function postViewMention(post: JsonObject): CollectedMention | null {
  const uri = text(post.uri);
  if (uri === null) return null;
  const record = readRecord(post.record ?? post.value);
  const did = text(path(post, 'author', 'did')) ?? parseAtUri(uri)?.authority ?? null;
  return {
    ...base(uri),
    author: personAuthor(did, text(path(post, 'author', 'displayName'))),
    publishedAt: record.publishedAt ?? isoDate(post.indexedAt),
    language: record.language,
    text: record.text,
    engagement: engagement(post),
    parentExternalId: record.parentExternalId,
    threadRootExternalId: record.threadRootExternalId,
    raw: scrubRaw(post),
  };
}

/** A post record as a Jetstream commit carries it (create or update). */
export function recordMention(
  uri: string,
  did: string,
  record: unknown,
  updatedAt: string | null,
  raw: unknown,
): CollectedMention {
  const fields = readRecord(record);
  return {
    ...base(uri),
    author: personAuthor(did, null),
    publishedAt: fields.publishedAt,
    updatedAt,
    language: fields.language,
    text: fields.text,
    parentExternalId: fields.parentExternalId,
    threadRootExternalId: fields.threadRootExternalId,
    raw: scrubRaw(raw),
  };
}

/** A post the platform reports deleted or not found: its address and author stay, its text goes. */
export function deletedPostMention(
  uri: string,
  updatedAt: string | null,
  raw: unknown,
): CollectedMention {
  return {
    ...base(uri),
    author: personAuthor(parseAtUri(uri)?.authority ?? null, null),
    updatedAt,
    text: '',
    deleted: true,
    raw: scrubRaw(raw),
  };
}
