// YouTube Data API v3 response bodies to collected mentions: videos (videos.list, search.list,
// playlistItems.list, videos:batchGetStats) by their channel, and comments (commentThreads.list,
// comments.list) by people or by the video's own channel. A video is the root of its comments;
// a top-level comment replies to the video, a reply to its top-level comment.
import type { CollectedMention, Engagement, RawAuthor } from '../../model.js';
import { htmlToText } from '../../text/html.js';
import {
  array,
  count,
  isObject,
  isoDate,
  type JsonObject,
  parseJsonBody,
  path,
  str,
  text,
} from '../social/json-fields.js';
import type { PersonMasker } from '../social/person-privacy.js';
import { type ParseBodyOptions, UnreadableBodyError } from '../social/platform-module.js';
import { handleFromChannelUrl, youtubePersonMasker } from './youtube-privacy.js';

const WATCH_URL = 'https://www.youtube.com/watch?v=';

type ItemShape =
  | 'video'
  | 'searchResult'
  | 'playlistItem'
  | 'videoStats'
  | 'commentThread'
  | 'comment'
  | 'notAPost'
  | 'unknown';

const SHAPE_OF_KIND: Record<string, ItemShape> = {
  'youtube#video': 'video',
  'youtube#searchResult': 'searchResult',
  'youtube#playlistItem': 'playlistItem',
  'youtube#videoStats': 'videoStats',
  'youtube#commentThread': 'commentThread',
  'youtube#comment': 'comment',
};

/** Languages YouTube uses for "no language" rather than a language. */
const NOT_A_LANGUAGE = new Set(['zxx', 'und', 'mul']);

/** Titles a playlist shows in place of a video that is gone or hidden from the public. */
const UNAVAILABLE_VIDEO_TITLES = new Set(['Deleted video', 'Private video']);

export function parseYoutube(body: string, _options?: ParseBodyOptions): CollectedMention[] {
  const json = parseJsonBody('youtube', body);
  if (!isObject(json)) throw unreadable('expected a JSON object');
  if (json.error !== undefined) throw unreadable(errorReason(json));
  const items = listItems(json);
  const masker = youtubePersonMasker();
  const shapes = items.map(shapeOf);
  if (items.length > 0 && shapes.every((s) => s === 'unknown')) {
    throw unreadable(`no video, comment or search result in a ${str(json.kind) ?? 'list'} body`);
  }
  const mentions = items.flatMap((item, i) => readItem(item as JsonObject, shapes[i]!, masker));
  return masker.apply(mentions);
}

function unreadable(reason: string): UnreadableBodyError {
  return new UnreadableBodyError('youtube', reason);
}

/** Google's error body: `{"error": {"code", "message", "errors": [{"reason"}], "status"}}`. */
function errorReason(json: JsonObject): string {
  const error = json.error;
  if (!isObject(error)) {
    // OAuth token errors: {"error": "invalid_grant", "error_description": "…"}
    const description = text(json.error_description);
    return [text(error) ?? 'error', description].filter(Boolean).join(': ');
  }
  const first = array(error.errors).find(isObject);
  const detailReason = array(error.details)
    .map((d) => text(path(d, 'reason')))
    .find(Boolean);
  const reason = text(first?.reason) ?? detailReason ?? text(error.status) ?? str(error.code);
  const rawMessage = text(error.message) ?? text(first?.message);
  const message = rawMessage ? htmlToText(rawMessage).replace(/\s+/g, ' ') : null;
  return [reason ?? 'error', message].filter(Boolean).join(': ');
}

/** The items of a list response, or a single resource as a list of one. */
function listItems(json: JsonObject): unknown[] {
  const kind = str(json.kind);
  if (json.items !== undefined) {
    if (!Array.isArray(json.items)) throw unreadable('"items" is not a list');
    return json.items.filter(isObject);
  }
  if (kind?.startsWith('youtube#') && kind.endsWith('ListResponse')) return [];
  if (kind === 'youtube#batchGetStatsResponse') return [];
  const single = shapeOf(json);
  if (single !== 'unknown' && single !== 'notAPost') return [json];
  throw unreadable(
    kind ? `not a body this reads (kind ${kind})` : 'not a YouTube Data API response',
  );
}

/** What an item is, by its `kind`, or by its fields when a `fields=` filter left `kind` out. */
function shapeOf(item: unknown): ItemShape {
  if (!isObject(item)) return 'unknown';
  const kind = str(item.kind);
  if (kind !== null && kind in SHAPE_OF_KIND) return SHAPE_OF_KIND[kind]!;
  if (kind?.startsWith('youtube#')) return 'notAPost';
  const snippet = item.snippet;
  if (isObject(path(snippet, 'topLevelComment'))) return 'commentThread';
  if (isObject(item.id)) return 'searchResult';
  if (isObject(path(snippet, 'resourceId')) || text(path(item, 'contentDetails', 'videoId'))) {
    return 'playlistItem';
  }
  if (
    isObject(snippet) &&
    ['textOriginal', 'textDisplay', 'authorChannelId', 'parentId'].some((k) => k in snippet)
  ) {
    return 'comment';
  }
  if (text(item.id) && (isObject(snippet) || isObject(item.statistics))) return 'video';
  return 'unknown';
}

/** The mentions one item stands for: a video, a comment, or a comment with its replies. */
function readItem(item: JsonObject, shape: ItemShape, masker: PersonMasker): CollectedMention[] {
  let mention: CollectedMention | null = null;
  switch (shape) {
    case 'video':
    case 'videoStats':
      mention = fromVideo(item);
      break;
    case 'searchResult':
      mention = fromSearchResult(item);
      break;
    case 'playlistItem':
      mention = fromPlaylistItem(item);
      break;
    case 'commentThread':
      return readThread(item, masker);
    case 'comment':
      mention = fromComment(item, {}, masker);
      break;
    default:
      break;
  }
  return mention ? [mention] : [];
}

// ------------------------------------------------------------------------------------- videos

interface VideoFields {
  id: string | null;
  title: string | null;
  description: string | null;
  publishedAt: unknown;
  channelId: string | null;
  channelTitle: string | null;
  statistics: unknown;
  language: string | null;
  deleted: boolean;
  raw: unknown;
}

function videoMention(v: VideoFields): CollectedMention | null {
  if (!v.id) return null;
  const author: RawAuthor | null = v.channelId
    ? { nativeId: v.channelId, name: v.channelTitle, kind: 'channel' }
    : null;
  return {
    platform: 'youtube',
    externalId: v.id,
    url: WATCH_URL + encodeURIComponent(v.id),
    title: v.deleted ? null : plain(v.title),
    text: v.deleted ? '' : (plain(v.description) ?? ''),
    html: null,
    publishedAt: isoDate(v.publishedAt),
    updatedAt: null,
    language: v.language && !NOT_A_LANGUAGE.has(v.language.toLowerCase()) ? v.language : null,
    categories: [],
    author,
    engagement: statistics(v.statistics),
    parentExternalId: null,
    threadRootExternalId: null,
    ...(v.deleted ? { deleted: true } : {}),
    raw: v.raw,
  };
}

function fromVideo(item: JsonObject): CollectedMention | null {
  const snippet = item.snippet;
  const uploadStatus = text(path(item, 'status', 'uploadStatus'));
  return videoMention({
    id: text(item.id),
    title: str(path(snippet, 'title')),
    description: str(path(snippet, 'description')),
    // videos:batchGetStats has only `publishTime`.
    publishedAt: path(snippet, 'publishedAt') ?? path(snippet, 'publishTime'),
    channelId: text(path(snippet, 'channelId')),
    channelTitle: text(path(snippet, 'channelTitle')),
    statistics: item.statistics,
    language: text(path(snippet, 'defaultLanguage')) ?? text(path(snippet, 'defaultAudioLanguage')),
    deleted: uploadStatus === 'deleted' || uploadStatus === 'rejected',
    raw: item,
  });
}

/** search.list escapes `&`, `'` and `"` in titles and descriptions as HTML entities. */
function fromSearchResult(item: JsonObject): CollectedMention | null {
  const idKind = text(path(item, 'id', 'kind'));
  if (idKind !== null && idKind !== 'youtube#video') return null;
  const snippet = item.snippet;
  const decoded = (value: unknown): string | null => {
    const s = str(value);
    return s === null ? null : htmlToText(s);
  };
  return videoMention({
    id: text(path(item, 'id', 'videoId')),
    title: decoded(path(snippet, 'title')),
    description: decoded(path(snippet, 'description')),
    publishedAt: path(snippet, 'publishedAt') ?? path(snippet, 'publishTime'),
    channelId: text(path(snippet, 'channelId')),
    channelTitle: decoded(path(snippet, 'channelTitle')),
    statistics: undefined,
    language: null,
    deleted: false,
    raw: item,
  });
}

/** A playlist entry stands for its video: the video's id, owner and publication time. */
function fromPlaylistItem(item: JsonObject): CollectedMention | null {
  const snippet = item.snippet;
  const details = item.contentDetails;
  const title = str(path(snippet, 'title'));
  const ownerId = text(path(snippet, 'videoOwnerChannelId'));
  const unavailable = title !== null && UNAVAILABLE_VIDEO_TITLES.has(title) && ownerId === null;
  return videoMention({
    id: text(path(snippet, 'resourceId', 'videoId')) ?? text(path(details, 'videoId')),
    title,
    description: str(path(snippet, 'description')),
    publishedAt: path(details, 'videoPublishedAt') ?? path(snippet, 'publishedAt'),
    channelId: unavailable ? null : (ownerId ?? text(path(snippet, 'channelId'))),
    channelTitle: ownerId
      ? text(path(snippet, 'videoOwnerChannelTitle'))
      : text(path(snippet, 'channelTitle')),
    statistics: undefined,
    language: null,
    deleted: unavailable,
    raw: item,
  });
}

function statistics(stats: unknown): Engagement {
  const engagement: Engagement = {};
  const views = count(path(stats, 'viewCount'));
  const likes = count(path(stats, 'likeCount'));
  const comments = count(path(stats, 'commentCount'));
  if (likes !== null) engagement.likes = likes;
  if (comments !== null) engagement.comments = comments;
  if (views !== null) engagement.views = views;
  return engagement;
}

// ----------------------------------------------------------------------------------- comments

interface CommentContext {
  /** The video the thread is under, when the body says. */
  videoId?: string | null;
  /** The channel that owns the video: its own comments are the channel's, not a person's. */
  videoChannelId?: string | null;
  /** The top-level comment a reply answers, when the reply does not name it. */
  parentId?: string | null;
  replyCount?: number | null;
  raw?: unknown;
}

function readThread(thread: JsonObject, masker: PersonMasker): CollectedMention[] {
  const snippet = thread.snippet;
  const top = path(snippet, 'topLevelComment');
  const videoId = text(path(snippet, 'videoId')) ?? text(path(top, 'snippet', 'videoId'));
  const videoChannelId = text(path(snippet, 'channelId'));
  const topId = isObject(top) ? (text(top.id) ?? text(thread.id)) : text(thread.id);
  const { replies: _replies, ...threadWithoutReplies } = thread;
  const mentions: (CollectedMention | null)[] = [];
  if (isObject(top)) {
    const context = {
      videoId,
      videoChannelId,
      replyCount: count(path(snippet, 'totalReplyCount')),
      raw: threadWithoutReplies,
    };
    mentions.push(fromComment({ ...top, id: topId }, context, masker));
  }
  for (const reply of array(path(thread, 'replies', 'comments'))) {
    if (!isObject(reply)) continue;
    mentions.push(fromComment(reply, { videoId, videoChannelId, parentId: topId }, masker));
  }
  return mentions.filter((m) => m !== null);
}

function fromComment(
  comment: JsonObject,
  context: CommentContext,
  masker: PersonMasker,
): CollectedMention | null {
  const id = text(comment.id);
  if (!id) return null;
  const snippet = comment.snippet;
  const videoId = context.videoId ?? text(path(snippet, 'videoId'));
  const parentId = text(path(snippet, 'parentId')) ?? context.parentId ?? null;
  const isReply = parentId !== null;
  const author = commentAuthor(
    snippet,
    context.videoChannelId ?? text(path(snippet, 'channelId')),
    masker,
  );
  const textOriginal = text(path(snippet, 'textOriginal'));
  const textDisplay = str(path(snippet, 'textDisplay'));
  const body = textOriginal ?? (textDisplay !== null ? htmlToText(textDisplay) : '');
  const deleted = text(path(snippet, 'moderationStatus')) === 'rejected';
  const engagement: Engagement = {};
  const likes = count(path(snippet, 'likeCount'));
  if (likes !== null) engagement.likes = likes;
  if (!isReply && context.replyCount != null) engagement.comments = context.replyCount;
  return {
    platform: 'youtube',
    externalId: id,
    url: videoId ? `${WATCH_URL}${encodeURIComponent(videoId)}&lc=${encodeURIComponent(id)}` : null,
    title: null,
    text: deleted ? '' : (plain(body) ?? ''),
    html: null,
    publishedAt: isoDate(path(snippet, 'publishedAt')),
    updatedAt: isoDate(path(snippet, 'updatedAt')),
    language: null,
    categories: [],
    author,
    engagement,
    // A top-level comment answers the video; without a video (a channel discussion) it is a root.
    parentExternalId: isReply ? parentId : videoId,
    threadRootExternalId: videoId ?? (isReply ? parentId : null),
    ...(deleted ? { deleted: true } : {}),
    raw: context.raw ?? comment,
  };
}

function commentAuthor(
  snippet: unknown,
  videoChannelId: string | null,
  masker: PersonMasker,
): RawAuthor | null {
  const authorChannelId = path(snippet, 'authorChannelId');
  // `{"value": "UC…"}`; very old bodies sent the id as a plain string.
  const channelId = text(path(authorChannelId, 'value')) ?? text(authorChannelId);
  const displayName = text(path(snippet, 'authorDisplayName'));
  const channelUrl = text(path(snippet, 'authorChannelUrl'));
  const handle =
    handleFromChannelUrl(channelUrl) ?? (displayName?.startsWith('@') ? displayName : null);
  const nativeId = channelId ?? handle;
  if (channelId !== null && channelId === videoChannelId) {
    masker.keepPublic(handle ?? channelId);
    return { nativeId: channelId, name: displayName, kind: 'channel' };
  }
  masker.addPerson(handle, displayName);
  return nativeId ? { nativeId, name: displayName, kind: 'person' } : null;
}

/** A plain-text field: Unicode NFC, line ends kept. */
function plain(value: string | null): string | null {
  return value === null ? null : value.replace(/\r\n?/g, '\n').trim().normalize('NFC');
}
