// Instagram Graph API bodies to collected mentions: a professional account's media
// (`/{ig-user-id}/media`, the account node with `media{…}`, `business_discovery`), media tagging
// it (`/tags`, `mentioned_media`), hashtag media (`/{hashtag-id}/top_media|recent_media`), a
// media's comments with their replies (`/comments`, `replies{…}`, `/{comment-id}/replies`), and
// single nodes. Hashtag and account look-ups hold no posts and yield nothing. A media is the
// root of its comments; the account's own media and replies are a page, everyone else a person.
import { createHash } from 'node:crypto';
import type { CollectedMention, RawAuthor } from '../../model.js';
import { engagementOf, type GraphEdge, graphEdge } from '../facebook/graph-body.js';
import { fieldList, GraphBodyReader, parseGraphBody } from '../facebook/graph-reader.js';
import {
  array,
  count,
  isObject,
  isoDate,
  type JsonObject,
  path,
  str,
  text,
} from '../social/json-fields.js';
import type { ParseBodyOptions } from '../social/platform-module.js';

const MEDIA_EDGES = new Set([
  'media',
  'tags',
  'recent_media',
  'top_media',
  'stories',
  'live_media',
]);
/** Edges whose media are all the account's own. */
const OWN_MEDIA_EDGES = new Set(['media', 'stories', 'live_media']);
/** Look-ups that name hashtags or accounts, not posts. */
const LOOKUP_EDGES = new Set(['ig_hashtag_search', 'recently_searched_hashtags']);
/** Fields of a look-up result (a hashtag, an account's name): nothing to listen to. */
const LOOKUP_FIELDS = new Set(['id', 'name', 'username', 'ig_id']);

const COMMENT_FIELDS = ['text', 'parent_id', 'replies', 'hidden', 'from', 'user'];
const MEDIA_FIELDS = [
  'caption',
  'media_type',
  'media_url',
  'permalink',
  'comments_count',
  'media_product_type',
  'children',
  'shortcode',
  'thumbnail_url',
  'owner',
  'is_comment_enabled',
  'is_shared_to_feed',
  'alt_text',
  'comments',
  'collaborators',
];
const ACCOUNT_FIELDS = [
  'followers_count',
  'follows_count',
  'media_count',
  'biography',
  'profile_picture_url',
  'website',
];

interface Account {
  id: string | null;
  username: string | null;
}

interface MediaContext {
  /** The account every media of the body belongs to, when the body says so. */
  account: Account | null;
}

interface CommentContext {
  mediaId: string | null;
  mediaPermalink: string | null;
  account: Account | null;
  /** The comment the listed comments reply to. */
  parentId: string | null;
}

const NO_COMMENT_CONTEXT: CommentContext = {
  mediaId: null,
  mediaPermalink: null,
  account: null,
  parentId: null,
};

export function parseInstagram(body: string, options: ParseBodyOptions = {}): CollectedMention[] {
  return parseGraphBody('instagram', body, new InstagramReader(options.url));
}

/**
 * A stable key for an account the body names only by its username, so that the handle itself
 * never leaves the parser; the pseudonymiser keys it again before anything is stored.
 */
function handleKey(username: string): string {
  const digest = createHash('sha256').update(username.toLowerCase()).digest('hex');
  return `username-sha256:${digest.slice(0, 32)}`;
}

type ItemKind = 'media' | 'comment' | 'account' | 'lookup' | 'unknown';

function kindOf(item: JsonObject): ItemKind {
  if (COMMENT_FIELDS.some((k) => k in item)) return 'comment';
  if (MEDIA_FIELDS.some((k) => k in item)) return 'media';
  if (ACCOUNT_FIELDS.some((k) => k in item) || Array.isArray(path(item, 'media', 'data'))) {
    return 'account';
  }
  if (Object.keys(item).every((k) => LOOKUP_FIELDS.has(k))) return 'lookup';
  // `timestamp` and `like_count` alone: a comment or a media asked for few fields.
  return 'timestamp' in item || 'like_count' in item ? 'media' : 'unknown';
}

class InstagramReader extends GraphBodyReader {
  protected readonly bodyName = 'an Instagram Graph API media or comment';

  constructor(url: string | undefined) {
    super('instagram', url);
  }

  protected override special(value: JsonObject): boolean {
    if (isObject(value.business_discovery)) {
      this.account(value.business_discovery);
      return true;
    }
    // Media and comments the account is @mentioned in, read through the account node.
    if (isObject(value.mentioned_media)) {
      this.media(value.mentioned_media, { account: null });
      return true;
    }
    if (isObject(value.mentioned_comment)) {
      this.comment(value.mentioned_comment, NO_COMMENT_CONTEXT);
      return true;
    }
    return false;
  }

  protected node(value: JsonObject, edge: GraphEdge | null): void {
    const kind = kindOf(value);
    if (kind === 'media') this.media(value, mediaContext(edge));
    else if (kind === 'comment') this.comment(value, commentContext(edge));
    else if (kind === 'account') this.account(value);
    else if (kind === 'unknown') {
      throw this.unreadable(`a node that is not a media or comment (fields: ${fieldList(value)})`);
    }
  }

  protected list(value: JsonObject): void {
    const items = (value.data as unknown[]).filter(isObject);
    const edge = graphEdge(value, this.url);
    if (edge && (LOOKUP_EDGES.has(edge.owner) || LOOKUP_EDGES.has(edge.name ?? ''))) return;
    const kinds = items.map(kindOf);
    const listed = listedKind(edge);
    // `ig_hashtag_search` answers `{"data": [{"id"}]}`: hashtag ids, not posts.
    if (listed === null && kinds.every((k) => k === 'lookup')) return;
    if (listed === null && items.length > 0 && kinds.every((k) => k === 'unknown')) {
      throw this.unreadable(
        `a list of objects that are not media or comments (fields: ${fieldList(items[0]!)})`,
      );
    }
    items.forEach((item, i) => {
      const kind = listed ?? kinds[i];
      if (kind === 'comment') this.comment(item, commentContext(edge));
      else if (kind === 'account') this.account(item);
      else if (kind === 'media' || kind === 'lookup') this.media(item, mediaContext(edge));
    });
  }

  /** An account node with its media (`?fields=…,media{…}` or `business_discovery`). */
  private account(value: JsonObject): void {
    const account = { id: str(value.id), username: text(value.username) };
    for (const item of array(path(value, 'media', 'data')).filter(isObject)) {
      this.media(item, { account });
    }
  }

  private media(item: JsonObject, context: MediaContext): void {
    const id = str(item.id);
    const author = this.mediaAuthor(item, context);
    // A story's address names its account (`/stories/{username}/{id}`): kept for pages only.
    const namesAccount = /\/stories\//.test(text(item.permalink) ?? '');
    const permalink = namesAccount && author?.kind !== 'page' ? null : text(item.permalink);
    if (id !== null) {
      const raw: JsonObject = { ...item };
      if ('comments' in raw) raw.comments = {};
      if (permalink === null) delete raw.permalink;
      this.mentions.push({
        platform: 'instagram',
        externalId: id,
        url: permalink,
        title: null,
        text: (str(item.caption) ?? '').normalize('NFC'),
        html: null,
        publishedAt: isoDate(item.timestamp),
        updatedAt: null,
        language: null,
        categories: [],
        author,
        engagement: engagementOf({
          likes: count(item.like_count),
          comments: count(item.comments_count),
          shares: null,
          views: count(item.view_count),
        }),
        parentExternalId: null,
        threadRootExternalId: null,
        raw,
      });
    }
    const account =
      author?.kind === 'page' ? { id: author.nativeId, username: author.name } : context.account;
    const comments = { mediaId: id, mediaPermalink: permalink, account, parentId: null };
    for (const comment of array(path(item, 'comments', 'data')).filter(isObject)) {
      this.comment(comment, comments);
    }
  }

  /**
   * The account's own media (`owner` is returned only to its owner) is a page; media by others
   * name a person by `username` only; hashtag media name nobody.
   */
  private mediaAuthor(item: JsonObject, context: MediaContext): RawAuthor | null {
    const ownerId = str(path(item, 'owner', 'id'));
    const username = text(item.username) ?? text(path(item, 'owner', 'username'));
    const account = context.account;
    if (account || ownerId) {
      const name = account?.username ?? username;
      if (name) this.masker.keepPublic(name);
      const nativeId = account?.id ?? ownerId ?? (name ? handleKey(name) : null);
      return nativeId ? { nativeId, name, kind: 'page' } : null;
    }
    if (!username) return null;
    this.masker.addPerson(username, null);
    return { nativeId: handleKey(username), name: null, kind: 'person' };
  }

  private comment(item: JsonObject, context: CommentContext): void {
    const id = str(item.id);
    const mediaId = context.mediaId ?? text(path(item, 'media', 'id'));
    const parentId = text(item.parent_id) ?? context.parentId ?? mediaId;
    if (id !== null) {
      const author = this.commentAuthor(item, context.account);
      // A hidden comment is shown to nobody but its author: gone from public view.
      const deleted = item.hidden === true;
      const raw: JsonObject = { ...item };
      if ('replies' in raw) raw.replies = {};
      if (deleted) delete raw.text;
      const isReply = parentId !== null && parentId !== mediaId;
      this.mentions.push({
        platform: 'instagram',
        externalId: id,
        url: commentUrl(context.mediaPermalink, id, isReply ? parentId : null),
        title: null,
        text: deleted ? '' : (str(item.text) ?? '').normalize('NFC'),
        html: null,
        publishedAt: isoDate(item.timestamp),
        updatedAt: null,
        language: null,
        categories: [],
        author,
        engagement: engagementOf({
          likes: count(item.like_count),
          comments: null,
          shares: null,
          views: null,
        }),
        parentExternalId: parentId,
        threadRootExternalId: mediaId,
        ...(deleted ? { deleted: true } : {}),
        raw,
      });
    }
    const replies = { ...context, mediaId, parentId: id };
    for (const reply of array(path(item, 'replies', 'data')).filter(isObject)) {
      this.comment(reply, replies);
    }
  }

  /** The account replying under its own media is a page (`user` is returned only then). */
  private commentAuthor(item: JsonObject, account: Account | null): RawAuthor | null {
    const fromId = str(path(item, 'from', 'id')) ?? str(path(item, 'user', 'id'));
    const username = text(item.username) ?? text(path(item, 'from', 'username'));
    const sameHandle =
      username !== null && account?.username?.toLowerCase() === username.toLowerCase();
    const isAccount =
      isObject(item.user) || (fromId !== null && fromId === account?.id) || sameHandle;
    if (isAccount) {
      const name = username ?? account?.username ?? null;
      if (name) this.masker.keepPublic(name);
      const nativeId = fromId ?? account?.id ?? (name ? handleKey(name) : null);
      return nativeId ? { nativeId, name, kind: 'page' } : null;
    }
    if (fromId === null && username === null) return null;
    this.masker.addPerson(username, null);
    return { nativeId: fromId ?? handleKey(username!), name: null, kind: 'person' };
  }
}

function listedKind(edge: GraphEdge | null): 'media' | 'comment' | null {
  if (edge?.name === 'comments' || edge?.name === 'replies') return 'comment';
  return edge?.name && MEDIA_EDGES.has(edge.name) ? 'media' : null;
}

function mediaContext(edge: GraphEdge | null): MediaContext {
  const own = edge?.name && OWN_MEDIA_EDGES.has(edge.name) && edge.owner !== 'me';
  return { account: own ? { id: edge.owner, username: null } : null };
}

function commentContext(edge: GraphEdge | null): CommentContext {
  if (edge?.name === 'comments') return { ...NO_COMMENT_CONTEXT, mediaId: edge.owner };
  if (edge?.name === 'replies') return { ...NO_COMMENT_CONTEXT, parentId: edge.owner };
  return NO_COMMENT_CONTEXT;
}

/** A comment's address under its media's permalink: `/p/CODE/c/ID/`, a reply `/c/PARENT/r/ID/`. */
function commentUrl(permalink: string | null, id: string, parentId: string | null): string | null {
  if (!permalink) return null;
  const base = permalink.replace(/[?#].*$/, '').replace(/\/?$/, '/');
  return parentId ? `${base}c/${parentId}/r/${id}/` : `${base}c/${id}/`;
}
