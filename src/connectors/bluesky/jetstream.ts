// Jetstream messages: v1 events from `/subscribe` ({did, time_us, kind, commit}) and v2 frames
// from `subscribeEvents` ({$type:"message", payload:{$type:"…#commit", did, time, …}}). Only
// commits to app.bsky.feed.post are posts: a create is a post, an update an edit, a delete a
// deleted post. Identity and account events and other collections (likes, follows) are not.
import type { CollectedMention } from '../../model.js';
import { isObject, isoDate, type JsonObject, text } from '../social/json-fields.js';
import { POST_COLLECTION, postUri } from './at-uri.js';
import { deletedPostMention, recordMention } from './bluesky-post.js';

export function isJetstreamMessage(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (value.$type === 'message' || value.$type === 'error') return true;
  return typeof value.kind === 'string' && typeof value.did === 'string';
}

/** A terminal error frame, e.g. {"$type":"error","error":"ConsumerTooSlow","message":"…"}. */
export function jetstreamError(message: JsonObject): string | null {
  if (message.$type !== 'error') return null;
  const error = text(message.error) ?? 'error';
  const said = text(message.message);
  return said === null ? error : `${error}: ${said}`;
}

interface Commit {
  did: string | null;
  time: string | null;
  fields: JsonObject;
}

function commitOf(message: JsonObject): Commit | null {
  if (message.$type === 'message') {
    const payload = message.payload;
    if (!isObject(payload) || typeof payload.$type !== 'string') return null;
    if (!payload.$type.endsWith('#commit')) return null;
    return { did: text(payload.did), time: isoDate(payload.time), fields: payload };
  }
  if (message.kind !== 'commit' || !isObject(message.commit)) return null;
  return { did: text(message.did), time: isoDate(message.time_us, 'us'), fields: message.commit };
}

/** The post a message carries, or null for every other kind of message. */
export function jetstreamMention(message: JsonObject): CollectedMention | null {
  const commit = commitOf(message);
  if (commit === null || commit.did === null) return null;
  const { fields } = commit;
  const rkey = text(fields.rkey);
  if (rkey === null || fields.collection !== POST_COLLECTION) return null;
  const uri = postUri(commit.did, rkey);
  switch (fields.operation) {
    case 'delete':
      return deletedPostMention(uri, commit.time, message);
    case 'create':
      return recordMention(uri, commit.did, fields.record, null, message);
    case 'update':
      return recordMention(uri, commit.did, fields.record, commit.time, message);
    default:
      return null;
  }
}
