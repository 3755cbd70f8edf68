// Zeeschuimer captures, as the browser extension saves them and 4CAT imports them: one JSON
// line per item, `{nav_index, item_id, timestamp_collected, source_platform,
// source_platform_url, data}`, where `data` is the item exactly as the platform's web app
// received it. One reader per platform, keyed by `source_platform`; authors are persons,
// pseudonymised by their account id, and no handle is kept, not even inside a URL.
import type { CollectedMention, Platform } from '../../model.js';
import { array, count, field, isObject, isoDate, path, str, text } from '../social/json-fields.js';
import { mentionFrom, PLATFORM_NAMES, RowError, rawAuthor } from './import-row.js';

type ItemReader = (data: Record<string, unknown>) => CollectedMention;

const requireId = (value: unknown): string => {
  const id = str(value);
  if (!id) throw new RowError('the item has no id');
  return id;
};

const counts = (likes: unknown, replies: unknown, shares: unknown, views: unknown) => {
  const engagement: CollectedMention['engagement'] = {};
  const set = (key: keyof typeof engagement, value: unknown) => {
    const n = count(value);
    if (n !== null) engagement[key] = n;
  };
  set('likes', likes);
  set('comments', replies);
  set('shares', shares);
  set('views', views);
  return engagement;
};

const sum = (...values: unknown[]): number | null => {
  const numbers = values.map(count).filter((n): n is number => n !== null);
  return numbers.length > 0 ? numbers.reduce((a, b) => a + b, 0) : null;
};

const readTiktok: ItemReader = (data) => {
  const id = requireId(data.id);
  const author = data.author;
  const stats = isObject(data.stats) ? data.stats : {};
  return mentionFrom({
    platform: 'tiktok',
    externalId: id,
    text: text(data.desc),
    publishedAt: isoDate(data.createTime),
    // TikTok resolves a video address without the account handle, which must not be stored.
    url: `https://www.tiktok.com/@/video/${encodeURIComponent(id)}`,
    author: rawAuthor('person', str(field(author, 'id')) ?? str(data.authorId), null),
    engagement: counts(stats.diggCount, stats.commentCount, stats.shareCount, stats.playCount),
  });
};

/** Instagram's private API item, or the older GraphQL node. */
const readInstagram: ItemReader = (data) => {
  const code = str(data.code) ?? str(data.shortcode);
  const caption =
    text(path(data, 'caption', 'text')) ??
    text(path(array(path(data, 'edge_media_to_caption', 'edges'))[0], 'node', 'text'));
  const owner = isObject(data.user) ? data.user : data.owner;
  return mentionFrom({
    platform: 'instagram',
    externalId: requireId(data.pk ?? data.id),
    text: caption,
    publishedAt: isoDate(data.taken_at ?? data.taken_at_timestamp),
    url: code ? `https://www.instagram.com/p/${encodeURIComponent(code)}/` : null,
    author: rawAuthor('person', str(field(owner, 'pk')) ?? str(field(owner, 'id')), null),
    engagement: counts(
      data.like_count ?? path(data, 'edge_liked_by', 'count'),
      data.comment_count ?? path(data, 'edge_media_to_comment', 'count'),
      null,
      data.play_count ?? data.view_count ?? data.video_view_count,
    ),
  });
};

/** X's GraphQL tweet result (possibly wrapped for visibility). */
const readTweet: ItemReader = (item) => {
  const data = isObject(item.tweet) ? item.tweet : item;
  const legacy = isObject(data.legacy) ? data.legacy : {};
  const id = requireId(data.rest_id ?? legacy.id_str);
  const replyTo = str(legacy.in_reply_to_status_id_str);
  const long = text(path(data, 'note_tweet', 'note_tweet_results', 'result', 'text'));
  let body = long ?? text(legacy.full_text);
  // A reply's text starts with the handles it answers: persons' handles, not its content.
  if (body && replyTo) body = body.replace(/^(@\w+\s+)+/, '') || body;
  const lang = str(legacy.lang);
  return mentionFrom({
    platform: 'x',
    externalId: id,
    text: body,
    publishedAt: isoDate(legacy.created_at),
    url: `https://x.com/i/web/status/${encodeURIComponent(id)}`,
    parentExternalId: replyTo,
    threadRootExternalId: str(legacy.conversation_id_str),
    author: rawAuthor(
      'person',
      str(path(data, 'core', 'user_results', 'result', 'rest_id')) ?? str(legacy.user_id_str),
      null,
    ),
    engagement: counts(
      legacy.favorite_count,
      legacy.reply_count,
      sum(legacy.retweet_count, legacy.quote_count),
      path(data, 'views', 'count'),
    ),
    language: lang && /^[a-z]{2,3}$/.test(lang) && lang !== 'und' ? lang : null,
  });
};

// The model has no Threads platform yet; Threads accounts and posts are Instagram's, in one id
// space, so they are stored as Instagram's until it has.
const THREADS: Platform = PLATFORM_NAMES.has('threads') ? ('threads' as Platform) : 'instagram';

const readThreads: ItemReader = (item) => {
  const data = isObject(item.post) ? item.post : item;
  const info = isObject(data.text_post_app_info) ? data.text_post_app_info : {};
  const code = str(data.code);
  return mentionFrom({
    platform: THREADS,
    externalId: requireId(data.pk ?? data.id),
    text: text(path(data, 'caption', 'text')),
    publishedAt: isoDate(data.taken_at),
    // The short form without the account handle.
    url: code ? `https://www.threads.net/t/${encodeURIComponent(code)}` : null,
    author: rawAuthor(
      'person',
      str(path(data, 'user', 'pk')) ?? str(path(data, 'user', 'id')),
      null,
    ),
    engagement: counts(
      data.like_count,
      info.direct_reply_count,
      sum(info.repost_count, info.quote_count, info.reshare_count),
      null,
    ),
  });
};

/** Readers by `source_platform`, as Zeeschuimer names the sites it captures. */
export const ZEESCHUIMER_READERS: Readonly<Record<string, ItemReader>> = {
  'tiktok.com': readTiktok,
  'instagram.com': readInstagram,
  'twitter.com': readTweet,
  'x.com': readTweet,
  'threads.net': readThreads,
  'threads.com': readThreads,
};

/** True for a line that looks like a Zeeschuimer capture rather than a portable record. */
export function isZeeschuimerItem(value: unknown): boolean {
  return isObject(value) && typeof value.source_platform === 'string' && isObject(value.data);
}

export function zeeschuimerItem(value: unknown): CollectedMention {
  if (!isZeeschuimerItem(value)) {
    throw new RowError('not a Zeeschuimer item: expected "source_platform" and "data"');
  }
  const item = value as { source_platform: string; data: Record<string, unknown> };
  const site = item.source_platform.toLowerCase().replace(/^www\./, '');
  const read = ZEESCHUIMER_READERS[site];
  if (!read) {
    const known = Object.keys(ZEESCHUIMER_READERS).join(', ');
    throw new RowError(`unsupported platform "${site.slice(0, 40)}"; one of: ${known}`);
  }
  return read(item.data);
}
