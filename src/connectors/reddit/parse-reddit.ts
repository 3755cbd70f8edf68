// Reddit Data API bodies to collected mentions: listings of posts (t3) and comments (t1), the
// comments endpoint's [post listing, comment listing] pair with nested `replies`, search results
// and /api/morechildren. Ids are fullnames (t3_…, t1_…); a comment's parent is `parent_id` and
// its thread root the post (`link_id`). "more" stubs are links to further pages, not items.
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
import { isProfilePermalink, redditPersonMasker } from './reddit-privacy.js';

const SITE = 'https://www.reddit.com';

/** Authors of deleted accounts and texts of deleted or removed items. */
const GONE_AUTHORS = new Set(['[deleted]', '[removed]']);
const GONE_TEXT = /^\[\s*(?:deleted|removed|removed by reddit|unavailable)\s*\]$/i;

/** Thing kinds that are not posts or comments: accounts, messages, subreddits, awards. */
const NOT_POSTS = new Set(['t2', 't4', 't5', 't6', 'more']);

/** Bodies Reddit sends that hold no posts or comments: multireddits, user and trophy lists. */
const NO_POSTS_BODIES = new Set([
  'LabeledMulti',
  'UserList',
  'KarmaList',
  'TrophyList',
  'wikipage',
]);

export function parseReddit(body: string, _options?: ParseBodyOptions): CollectedMention[] {
  const json = parseJsonBody('reddit', body);
  const things = topLevelThings(json);
  const masker = redditPersonMasker();
  const mentions: CollectedMention[] = [];
  for (const thing of things) readThing(thing, mentions, masker);
  return masker.apply(mentions);
}

function unreadable(reason: string): UnreadableBodyError {
  return new UnreadableBodyError('reddit', reason);
}

/** The things of a body, in body order; error bodies and unknown shapes throw. */
function topLevelThings(json: unknown): unknown[] {
  if (Array.isArray(json)) {
    // The comments endpoint: [listing of the post, listing of its comments].
    if (json.length > 0 && json.every((part) => isObject(part) && part.kind === 'Listing')) {
      return json;
    }
    throw unreadable('a JSON list that is not a pair of listings');
  }
  if (!isObject(json)) throw unreadable('expected a JSON object');
  const kind = str(json.kind);
  if (kind === 'Listing' || (kind !== null && /^t\d$/.test(kind))) return [json];
  if (kind !== null && NO_POSTS_BODIES.has(kind)) return [];
  // The OAuth token answer: a valid body without posts.
  if (typeof json.access_token === 'string' && json.error === undefined) return [];
  // /api/morechildren: {"json": {"errors": [], "data": {"things": [...]}}}
  if (isObject(json.json)) {
    const errors = array(json.json.errors);
    if (errors.length > 0) throw unreadable(apiErrors(errors));
    const things = path(json.json, 'data', 'things');
    if (Array.isArray(things)) return things;
    throw unreadable('a "json" reply without things');
  }
  if (json.error !== undefined || json.errors !== undefined || json.message !== undefined) {
    throw unreadable(errorReason(json));
  }
  throw unreadable(
    kind ? `not a listing of posts or comments (kind ${kind})` : 'not a Reddit listing',
  );
}

/** `{"message": "Forbidden", "error": 403, "reason": "private"}`, `{"error": "invalid_grant"}`. */
function errorReason(json: JsonObject): string {
  if (Array.isArray(json.errors) && json.errors.length > 0) return apiErrors(json.errors);
  const status = str(json.error);
  const message = text(json.message);
  const reason = text(json.reason);
  const explanation =
    text(json.explanation) ?? text(json.error_description) ?? text(json.quarantine_message);
  let line = [status, message && message !== status ? message : null].filter(Boolean).join(' ');
  if (reason) line += ` (${reason})`;
  if (explanation) line += `: ${explanation.replace(/\s+/g, ' ')}`;
  return line.trim() || 'error body';
}

/** `[["RATELIMIT", "you are doing that too much…", "ratelimit"]]` or `["RATELIMIT", "…"]`. */
function apiErrors(errors: unknown[]): string {
  const first = errors[0];
  const parts = Array.isArray(first) ? first : errors;
  return parts
    .slice(0, 2)
    .map((p) => text(p))
    .filter(Boolean)
    .join(': ');
}

function readThing(thing: unknown, out: CollectedMention[], masker: PersonMasker): void {
  if (!isObject(thing)) return;
  const kind = str(thing.kind);
  const data = thing.data;
  if (!isObject(data)) return;
  if (kind === 'Listing') {
    for (const child of array(data.children)) readThing(child, out, masker);
    return;
  }
  if (kind === null || NOT_POSTS.has(kind)) return;
  if (kind === 't3') pushIfAny(out, fromPost(kind, data, masker));
  if (kind === 't1') {
    pushIfAny(out, fromComment(kind, data, masker));
    // Nested replies: a Listing, or "" when there are none.
    if (isObject(data.replies)) readThing(data.replies, out, masker);
  }
}

function pushIfAny(out: CollectedMention[], mention: CollectedMention | null): void {
  if (mention) out.push(mention);
}

/** `t3_abc` from `name`, or from the kind and a bare `id`. */
function fullname(kind: string, data: JsonObject): string | null {
  const name = text(data.name);
  if (name?.startsWith(`${kind}_`)) return name;
  const id = text(data.id);
  return id ? `${kind}_${id}` : null;
}

const bareId = (fullName: string | null): string | null =>
  fullName ? fullName.replace(/^t\d_/, '') : null;

function fromPost(kind: string, data: JsonObject, masker: PersonMasker): CollectedMention | null {
  const id = fullname(kind, data);
  if (!id) return null;
  const selftext = str(data.selftext) ?? '';
  const removedBy = text(data.removed_by_category);
  const deleted = GONE_TEXT.test(selftext.trim()) || removedBy !== null;
  const engagement = counts(data);
  const comments = count(data.num_comments);
  const crossposts = count(data.num_crossposts);
  const views = count(data.view_count);
  if (comments !== null) engagement.comments = comments;
  if (crossposts !== null) engagement.shares = crossposts;
  if (views !== null) engagement.views = views;
  return mention(data, {
    id,
    url: permalink(data, bareId(id), null),
    title: deleted ? null : plain(str(data.title)),
    text: deleted ? '' : (plain(selftext) ?? ''),
    parent: null,
    root: null,
    deleted,
    engagement,
    author: author(data, masker),
    raw: { kind, data },
  });
}

function fromComment(
  kind: string,
  data: JsonObject,
  masker: PersonMasker,
): CollectedMention | null {
  const id = fullname(kind, data);
  if (!id) return null;
  const body = str(data.body) ?? '';
  const deleted = GONE_TEXT.test(body.trim());
  const root = text(data.link_id);
  const { replies: _replies, ...withoutReplies } = data;
  return mention(data, {
    id,
    url: permalink(data, bareId(root), bareId(id)),
    title: null,
    text: deleted ? '' : (plain(body) ?? ''),
    parent: text(data.parent_id) ?? root,
    root,
    deleted,
    engagement: counts(data),
    author: author(data, masker),
    raw: { kind, data: withoutReplies },
  });
}

interface ThingFields {
  id: string;
  url: string | null;
  title: string | null;
  text: string;
  parent: string | null;
  root: string | null;
  deleted: boolean;
  engagement: Engagement;
  author: RawAuthor | null;
  raw: unknown;
}

function mention(data: JsonObject, f: ThingFields): CollectedMention {
  // `edited` is false, or the edit time in seconds.
  const edited = typeof data.edited === 'boolean' ? null : isoDate(data.edited, 's');
  return {
    platform: 'reddit',
    externalId: f.id,
    url: f.url,
    title: f.title,
    text: f.text,
    html: null,
    publishedAt: isoDate(data.created_utc, 's') ?? isoDate(data.created, 's'),
    updatedAt: edited,
    language: null,
    categories: [],
    author: f.author,
    engagement: f.engagement,
    parentExternalId: f.parent,
    threadRootExternalId: f.root,
    ...(f.deleted ? { deleted: true } : {}),
    raw: f.raw,
  };
}

/** Score is upvotes less downvotes; below zero it says nothing about likes. */
function counts(data: JsonObject): Engagement {
  const likes = count(data.score) ?? count(data.ups);
  return likes === null ? {} : { likes };
}

function author(data: JsonObject, masker: PersonMasker): RawAuthor | null {
  const name = text(data.author);
  const id = text(data.author_fullname);
  masker.addPerson(text(data.link_author), null);
  if (name !== null && GONE_AUTHORS.has(name)) return null;
  if (name === null && id === null) return null;
  masker.addPerson(name, null);
  return { nativeId: id ?? (name as string), name, kind: 'person' };
}

/** The public address; items on a user's profile get the short form, which names nobody. */
function permalink(
  data: JsonObject,
  postId: string | null,
  commentId: string | null,
): string | null {
  const given = text(data.permalink);
  if (given && !isProfilePermalink(given.replace(/^https?:\/\/[^/]+/, ''))) {
    return given.startsWith('/') ? SITE + given : given;
  }
  if (!postId) return null;
  return commentId ? `${SITE}/comments/${postId}/_/${commentId}/` : `${SITE}/comments/${postId}/`;
}

/**
 * Text as Reddit sends it without `raw_json=1`: `&`, `<` and `>` escaped as entities; then the
 * entities Markdown itself allows. Markdown stays; zero-width spaces used as blank-paragraph
 * fillers go.
 */
function plain(value: string | null): string | null {
  if (value === null) return null;
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => safeCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => safeCodePoint(Number.parseInt(dec, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/\u200b/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]*\n(?:[ \t]*\n)+/g, '\n\n')
    .trim()
    .normalize('NFC');
}

function safeCodePoint(code: number): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}
