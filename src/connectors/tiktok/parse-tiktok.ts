// TikTok Research API bodies to collected mentions: video query results and a user's liked,
// pinned and reposted videos (`data.videos`, `user_liked_videos`, `pinned_videos_list`,
// `reposted_videos`), and a video's comments or a comment's replies (`data.comments`). A
// video is the root of its comments; a comment whose `parent_comment_id` is its video's id
// answers the video. Creators are persons, known only by username, which never leaves here.
// User info, follower and following lists, playlists and shop data hold no posts.
import { createHash } from 'node:crypto';
import type { CollectedMention, Engagement, RawAuthor } from '../../model.js';
import {
  array,
  count,
  isObject,
  isoDate,
  type JsonObject,
  str,
  text,
} from '../social/json-fields.js';
import { PersonMasker } from '../social/person-privacy.js';
import { type ParseBodyOptions, UnreadableBodyError } from '../social/platform-module.js';
import { parseJsonKeepingLongIds } from './long-id-json.js';

/** TikTok's embed player address for a video; the page address would carry the creator's handle. */
const PLAYER_URL = 'https://www.tiktok.com/player/v1/';

const VIDEO_LISTS = [
  'videos',
  'user_liked_videos',
  'pinned_videos_list',
  'reposted_videos',
  'user_reposted_videos',
];
/** `data` of the endpoints that answer about accounts, playlists or shops, not posts. */
const NO_POST_FIELDS = [
  'display_name',
  'bio_description',
  'follower_count',
  'following_count',
  'likes_count',
  'video_count',
  'is_verified',
  'user_followers',
  'user_following',
  'playlist_id',
  'playlist_video_ids',
  'shop_data',
  'product_data',
  'review_data',
  'task_id',
  'task_status',
];

/** Keys that name, picture or link a person; dropped from `raw` at any depth. */
const PERSON_KEYS = new Set([
  'username',
  'display_name',
  'avatar_url',
  'avatar_url_100',
  'avatar_large_url',
  'bio_url',
  'bio_description',
  'profile_deep_link',
  'profile_web_link',
  'video_mention_list',
]);

/** Usernames: 2 to 24 letters, digits, `_` and `.`, not ending in a period. */
const HANDLE_MENTION =
  /(?<![\p{L}\p{N}_.@])@(?<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,22}[A-Za-z0-9_])?)/gu;

export function parseTiktok(body: string, _options?: ParseBodyOptions): CollectedMention[] {
  const json = parseJsonKeepingLongIds('tiktok', body);
  if (!isObject(json)) throw unreadable('expected a JSON object');
  const reason = errorReason(json);
  if (reason !== null) throw unreadable(reason);
  const data = json.data;
  if (!isObject(data)) {
    throw unreadable(data === undefined ? 'no "data" in the body' : '"data" is not an object');
  }
  const masker = new PersonMasker({
    dropKey: (key) => PERSON_KEYS.has(key),
    mentions: [{ pattern: HANDLE_MENTION, replacement: 'user' }],
  });
  const videoList = VIDEO_LISTS.find((key) => Array.isArray(data[key]));
  if (videoList !== undefined) {
    const videos = array(data[videoList]).filter(isObject);
    return masker.apply(videos.flatMap((v) => videoMention(v, masker) ?? []));
  }
  if (Array.isArray(data.comments)) {
    const comments = data.comments.filter(isObject);
    return masker.apply(comments.flatMap((c) => commentMention(c, masker) ?? []));
  }
  const keys = Object.keys(data);
  if (keys.length === 0 || NO_POST_FIELDS.some((k) => k in data)) return [];
  throw unreadable(`no videos or comments in "data" (fields: ${keys.slice(0, 8).join(', ')})`);
}

function unreadable(reason: string): UnreadableBodyError {
  return new UnreadableBodyError('tiktok', reason);
}

/**
 * `{"error": {"code", "message", "log_id"}}` with a code other than "ok", or the OAuth
 * endpoint's `{"error": "invalid_client", "error_description": "…"}`.
 */
function errorReason(json: JsonObject): string | null {
  const error = json.error;
  if (isObject(error)) {
    const code = text(error.code);
    if (code === null || code.toLowerCase() === 'ok') return null;
    return `${code}: ${text(error.message) ?? 'no message'}`;
  }
  if (typeof error === 'string' && error !== '') {
    return [error, text(json.error_description)].filter(Boolean).join(': ');
  }
  return null;
}

/**
 * A stable key for a creator known only by username, so that the handle itself never leaves
 * the parser; the pseudonymiser keys it again before anything is stored.
 */
function handleKey(username: string): string {
  const digest = createHash('sha256').update(username.toLowerCase()).digest('hex');
  return `username-sha256:${digest.slice(0, 32)}`;
}

function videoMention(video: JsonObject, masker: PersonMasker): CollectedMention | null {
  const username = text(video.username);
  masker.addPerson(username, null);
  for (const tagged of array(video.video_mention_list)) masker.addPerson(text(tagged), null);
  // The query's example answers `video_id` where its field list says `id`.
  const id = str(video.id) ?? str(video.video_id);
  if (id === null) return null;
  const author: RawAuthor | null = username
    ? { nativeId: handleKey(username), name: null, kind: 'person' }
    : null;
  return {
    platform: 'tiktok',
    externalId: id,
    url: PLAYER_URL + id,
    title: null,
    text: (str(video.video_description) ?? '').normalize('NFC'),
    html: null,
    publishedAt: isoDate(video.create_time, 's'),
    updatedAt: null,
    language: null,
    categories: [],
    author,
    engagement: engagementOf({
      likes: count(video.like_count),
      comments: count(video.comment_count),
      shares: count(video.share_count),
      views: count(video.view_count),
    }),
    parentExternalId: null,
    threadRootExternalId: null,
    raw: { ...video },
  };
}

/** Comments carry no author id; a reply list may name its author's display name only. */
function commentMention(comment: JsonObject, masker: PersonMasker): CollectedMention | null {
  masker.addPerson(null, text(comment.display_name));
  const id = str(comment.id);
  if (id === null) return null;
  const videoId = str(comment.video_id);
  const parentId = str(comment.parent_comment_id) ?? videoId;
  return {
    platform: 'tiktok',
    externalId: id,
    url: null,
    title: null,
    text: (str(comment.text) ?? '').normalize('NFC'),
    html: null,
    publishedAt: isoDate(comment.create_time, 's'),
    updatedAt: null,
    language: null,
    categories: [],
    author: null,
    engagement: engagementOf({
      likes: count(comment.like_count),
      comments: count(comment.reply_count),
      shares: null,
      views: null,
    }),
    parentExternalId: parentId,
    threadRootExternalId: videoId,
    raw: { ...comment },
  };
}

function engagementOf(counts: Record<keyof Engagement, number | null>): Engagement {
  const engagement: Engagement = {};
  for (const [key, value] of Object.entries(counts) as [keyof Engagement, number | null][]) {
    if (value !== null) engagement[key] = value;
  }
  return engagement;
}
