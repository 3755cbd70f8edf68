// X API v2 bodies to collected mentions: recent search and post lookup (`data` a list or one
// post, with `includes.users` and `includes.tweets`), filtered-stream lines (one or several),
// and lookups that report posts gone. A reply's parent is its `replied_to` post and its root the
// conversation; posts quoted, retweeted or answered that the body includes are items too.
import type { CollectedMention, Engagement, RawAuthor } from '../../model.js';
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
import { xPersonMasker } from './x-privacy.js';

const STATUS_URL = 'https://x.com/i/web/status/';

/** Verification that marks an organisation's or a government's account rather than a person's. */
const PAGE_VERIFICATIONS = new Set(['business', 'government']);

/** X's language codes for "no language": undefined, media, hashtags or mentions only, … */
const NOT_A_LANGUAGE = new Set(['und', 'zxx', 'art', 'qme', 'qam', 'qct', 'qht', 'qst', 'qtt']);

/** Post ids are "snowflakes": milliseconds since X's epoch in the bits above the 22nd. */
const SNOWFLAKE_EPOCH_MS = 1288834974657n;

export function parseX(body: string, _options?: ParseBodyOptions): CollectedMention[] {
  const masker = xPersonMasker();
  const mentions = documents(body).flatMap((doc) => readDocument(doc, masker));
  return masker.apply(mentions);
}

function unreadable(reason: string): UnreadableBodyError {
  return new UnreadableBodyError('x', reason);
}

/** One JSON document, or a filtered-stream capture: one object a line, blank keep-alives between. */
function documents(body: string): unknown[] {
  const lines = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length > 1 && lines.every((line) => line.startsWith('{') && line.endsWith('}'))) {
    try {
      return lines.map((line) => JSON.parse(line) as unknown);
    } catch {
      // Not one object a line after all: read it as one document.
    }
  }
  return [parseJsonBody('x', body)];
}

function readDocument(doc: unknown, masker: PersonMasker): CollectedMention[] {
  if (!isObject(doc)) throw unreadable('expected a JSON object');
  const errors = array(doc.errors).filter(isObject);
  const gone = goneFromErrors(errors);
  if (doc.data === undefined || doc.data === null) {
    const otherErrors = errors.filter((e) => !isGonePost(e));
    if (otherErrors.length > 0) throw unreadable(errorReason(doc, otherErrors[0]!));
    if (gone.length > 0) return gone;
    if (text(doc.title) && (doc.detail !== undefined || doc.status !== undefined)) {
      throw unreadable(errorReason(doc, null));
    }
    if (Array.isArray(doc.statuses)) throw unreadable('an API v1.1 body; this reads API v2');
    // An empty page: {"meta": {"result_count": 0}}.
    if (isObject(doc.meta)) return [];
    throw unreadable('not an X API v2 body');
  }
  const items = (Array.isArray(doc.data) ? doc.data : [doc.data]).filter(isObject);
  const posts = items.filter(isPost);
  if (posts.length === 0 && items.length > 0) {
    // Users (likers, followers, lookups), stream rules and post counts: bodies without posts.
    const noPost = (item: JsonObject): boolean =>
      'username' in item || 'tweet_count' in item || ('value' in item && !('text' in item));
    if (items.every(noPost)) return gone;
    throw unreadable('no posts in "data"');
  }
  const includes = doc.includes;
  const included = array(path(includes, 'tweets')).filter(isObject).filter(isPost);
  const context = bodyContext([...posts, ...included], array(path(includes, 'users')), masker);
  const seen = new Set<string>();
  const mentions: CollectedMention[] = [];
  for (const post of [...posts, ...included]) {
    const mention = fromPost(post, context, masker);
    if (!mention?.externalId || seen.has(mention.externalId)) continue;
    seen.add(mention.externalId);
    mentions.push(mention);
  }
  return [...mentions, ...gone.filter((m) => !seen.has(m.externalId as string))];
}

/** A post, as opposed to a user, a stream rule, a DM event or a list. */
function isPost(item: JsonObject): boolean {
  if (!text(item.id) || 'username' in item || 'event_type' in item) return false;
  return ['text', 'note_tweet', 'edit_history_tweet_ids', 'author_id', 'conversation_id'].some(
    (key) => key in item,
  );
}

// ------------------------------------------------------------------------------------- errors

/** A looked-up post that no longer exists: the platform reports it deleted. */
function isGonePost(error: JsonObject): boolean {
  const type = str(error.type) ?? '';
  const parameter = str(error.parameter);
  return (
    type.endsWith('/resource-not-found') &&
    (str(error.resource_type) ?? 'tweet') === 'tweet' &&
    (parameter === null || parameter === 'id' || parameter === 'ids')
  );
}

function goneFromErrors(errors: JsonObject[]): CollectedMention[] {
  const mentions: CollectedMention[] = [];
  for (const error of errors) {
    if (!isGonePost(error)) continue;
    const id = text(error.resource_id) ?? text(error.value);
    if (id) mentions.push(goneMention(id, error));
  }
  return mentions;
}

function goneMention(id: string, raw: unknown): CollectedMention {
  return {
    platform: 'x',
    externalId: id,
    url: STATUS_URL + id,
    title: null,
    text: '',
    html: null,
    publishedAt: null,
    updatedAt: null,
    language: null,
    categories: [],
    author: null,
    engagement: {},
    parentExternalId: null,
    threadRootExternalId: null,
    deleted: true,
    raw,
  };
}

/**
 * Problem bodies: `{"title", "detail", "type", "status"}`, or `{"errors": [{"message", "code"}]}`
 * (a 429's "Rate limit exceeded"), or both, as an invalid request sends them.
 */
function errorReason(doc: JsonObject, firstError: JsonObject | null): string {
  const describe = (problem: JsonObject): string | null => {
    const title = text(problem.title);
    const detail = text(problem.detail) ?? text(problem.message);
    const code = str(problem.code);
    const head = title && detail && detail !== title ? `${title}: ${detail}` : (title ?? detail);
    if (head === null) return code ? `code ${code}` : null;
    return code && !title ? `${head} (code ${code})` : head;
  };
  const top = describe(doc);
  const inner = firstError ? describe(firstError) : null;
  if (top && inner && inner !== top) return `${top} (${inner})`;
  return top ?? inner ?? 'error body';
}

// -------------------------------------------------------------------------------------- posts

interface BodyContext {
  users: Map<string, JsonObject>;
  /** Every id a post has had (edits get new ids) to the id of its first version. */
  stableIds: Map<string, string>;
  conversations: Map<string, string>;
}

function bodyContext(posts: JsonObject[], users: unknown[], masker: PersonMasker): BodyContext {
  const context: BodyContext = { users: new Map(), stableIds: new Map(), conversations: new Map() };
  for (const user of users) {
    const id = isObject(user) ? text(user.id) : null;
    if (!id || !isObject(user)) continue;
    context.users.set(id, user);
    const handle = text(user.username);
    if (authorKind(user) === 'page') {
      if (handle) masker.keepPublic(handle);
    } else {
      masker.addPerson(handle, text(user.name));
    }
  }
  for (const post of posts) {
    const id = text(post.id)!;
    const versions = array(post.edit_history_tweet_ids)
      .map(text)
      .filter((v) => v !== null);
    const stable = versions[0] ?? id;
    for (const version of [id, ...versions]) context.stableIds.set(version, stable);
    const conversation = text(post.conversation_id);
    if (conversation) context.conversations.set(id, conversation);
    for (const mentioned of array(path(post, 'entities', 'mentions'))) {
      masker.addPerson(text(path(mentioned, 'username')), null);
    }
    for (const mentioned of array(path(post, 'note_tweet', 'entities', 'mentions'))) {
      masker.addPerson(text(path(mentioned, 'username')), null);
    }
  }
  return context;
}

function fromPost(
  post: JsonObject,
  context: BodyContext,
  masker: PersonMasker,
): CollectedMention | null {
  const id = text(post.id);
  if (!id) return null;
  const stable = (postId: string): string => context.stableIds.get(postId) ?? postId;
  const externalId = stable(id);
  const parentRaw = referenced(post, 'replied_to');
  const parent = parentRaw ? stable(parentRaw) : null;
  const conversation =
    text(post.conversation_id) ??
    (parentRaw ? (context.conversations.get(parentRaw) ?? null) : null);
  const root = conversation ? stable(conversation) : null;
  const { publishedAt, updatedAt } = dates(post, id);
  const lang = text(post.lang);
  return {
    platform: 'x',
    externalId,
    url: STATUS_URL + externalId,
    title: null,
    text: postText(post),
    html: null,
    publishedAt,
    updatedAt,
    language: lang && !NOT_A_LANGUAGE.has(lang) ? lang : null,
    categories: [],
    author: author(text(post.author_id), context, masker),
    engagement: engagement(post.public_metrics),
    parentExternalId: parent,
    threadRootExternalId: root === externalId ? null : root,
    raw: post,
  };
}

function referenced(post: JsonObject, type: string): string | null {
  const found = array(post.referenced_tweets).find((r) => path(r, 'type') === type);
  return text(path(found, 'id'));
}

/** Long posts carry their full text in `note_tweet`; `text` then holds the first 280 characters. */
function postText(post: JsonObject): string {
  const raw = str(path(post, 'note_tweet', 'text')) ?? str(post.text) ?? '';
  // The API escapes these three in post text.
  return raw
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\r\n?/g, '\n')
    .trim()
    .normalize('NFC');
}

/**
 * An edited post's versions each have an id; the first version's id dates the post, the body's
 * `created_at` dates the version it holds.
 */
function dates(
  post: JsonObject,
  id: string,
): { publishedAt: string | null; updatedAt: string | null } {
  const createdAt = isoDate(post.created_at);
  const versions = array(post.edit_history_tweet_ids)
    .map(text)
    .filter((v) => v !== null);
  const isLatestEdit = versions.length > 1 && versions.at(-1) === id && versions[0] !== id;
  if (!isLatestEdit) return { publishedAt: createdAt, updatedAt: null };
  return { publishedAt: snowflakeTime(versions[0]!) ?? createdAt, updatedAt: createdAt };
}

function snowflakeTime(id: string): string | null {
  if (!/^\d{15,20}$/.test(id)) return null;
  const ms = (BigInt(id) >> 22n) + SNOWFLAKE_EPOCH_MS;
  return new Date(Number(ms)).toISOString();
}

function authorKind(user: JsonObject): RawAuthor['kind'] {
  const verification = text(user.verified_type);
  return verification && PAGE_VERIFICATIONS.has(verification) ? 'page' : 'person';
}

function author(id: string | null, context: BodyContext, masker: PersonMasker): RawAuthor | null {
  if (!id) return null;
  const user = context.users.get(id);
  if (!user) return { nativeId: id, name: null, kind: 'person' };
  const kind = authorKind(user);
  if (kind === 'person') masker.addPerson(text(user.username), text(user.name));
  return { nativeId: id, name: text(user.name), kind };
}

function engagement(metrics: unknown): Engagement {
  const result: Engagement = {};
  const likes = count(path(metrics, 'like_count'));
  const replies = count(path(metrics, 'reply_count'));
  const retweets = count(path(metrics, 'retweet_count'));
  const quotes = count(path(metrics, 'quote_count'));
  const views = count(path(metrics, 'impression_count'));
  if (likes !== null) result.likes = likes;
  if (replies !== null) result.comments = replies;
  if (retweets !== null || quotes !== null) result.shares = (retweets ?? 0) + (quotes ?? 0);
  if (views !== null) result.views = views;
  return result;
}
