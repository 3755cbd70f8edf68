// Facebook Graph API bodies to collected mentions: a Page's posts (`/{page-id}/feed`, `/posts`,
// `/published_posts`), a post's or comment's comments (`/{id}/comments`, with `parent{id}` under
// `filter=stream`), comments nested by field expansion (`comments{…,comments{…}}`), single
// nodes, `?ids=` maps and batch responses. A post is the root of its comments; a Page's own
// posts and comments are the Page's, everyone else is a person.
import type { CollectedMention, RawAuthor } from '../../model.js';
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
import { PersonMasker } from '../social/person-privacy.js';
import { type ParseBodyOptions, UnreadableBodyError } from '../social/platform-module.js';
import {
  engagementOf,
  type GraphEdge,
  graphEdge,
  isGraphPersonKey,
  localId,
  ownerPrefix,
  readGraphBodies,
  summaryOnly,
} from './graph-body.js';

const FACEBOOK = 'https://www.facebook.com';

/** Edges that list posts; `/comments` lists comments. */
const POST_EDGES = new Set([
  'feed',
  'posts',
  'published_posts',
  'visitor_posts',
  'tagged',
  'promotable_posts',
  'scheduled_posts',
  'ads_posts',
]);
/** Edges whose posts are all the Page's own. */
const PAGE_AUTHORED_EDGES = new Set(['posts', 'published_posts', 'promotable_posts', 'ads_posts']);

/** Fields only a comment has (`/{comment-id}` reference). */
const COMMENT_FIELDS = [
  'like_count',
  'comment_count',
  'parent',
  'attachment',
  'object',
  'can_remove',
  'can_like',
  'can_comment',
  'can_hide',
  'can_reply_privately',
  'user_likes',
  'is_private',
  'private_reply_conversation',
];
/** Fields only a post has (`/{post-id}` reference, deprecated ones included). */
const POST_FIELDS = [
  'story',
  'story_tags',
  'shares',
  'status_type',
  'full_picture',
  'attachments',
  'updated_time',
  'is_published',
  'privacy',
  'to',
  'with_tags',
  'place',
  'icon',
  'actions',
  'properties',
  'admin_creator',
  'parent_id',
  'backdated_time',
  'scheduled_publish_time',
  'is_expired',
  'is_popular',
  'is_eligible_for_promotion',
  'is_instagram_eligible',
  'promotable_id',
  'timeline_visibility',
  'call_to_action',
  'child_attachments',
  'type',
  'picture',
  'object_id',
];
/** Fields that make an object a post or a comment rather than some other Graph node. */
const CONTENT_FIELDS = [
  'message',
  'story',
  'created_time',
  'updated_time',
  'from',
  'permalink_url',
  'comments',
  'reactions',
  'likes',
  'shares',
  'message_tags',
  'is_hidden',
  'like_count',
  'comment_count',
  'parent',
  'attachment',
  'attachments',
  'full_picture',
  'status_type',
];
/** Tag types that name something other than a person. */
const PUBLIC_TAG_TYPES = new Set(['page', 'group', 'event', 'application']);

interface PostContext {
  /** The Page whose feed is read (the owner of `PAGEID_POSTID` ids). */
  pageId: string | null;
  /** The edge lists only the Page's own posts, so a post without `from` is the Page's. */
  pageAuthored: boolean;
}

interface CommentContext {
  /** The post the conversation hangs under, as the body names it. */
  postId: string | null;
  postUrl: string | null;
  pageId: string | null;
  /** The post or comment the listed comments answer. */
  parentId: string | null;
}

export function parseFacebook(body: string, options: ParseBodyOptions = {}): CollectedMention[] {
  const json = parseJsonBody('facebook', body);
  const reader = new FacebookReader(options.url);
  readGraphBodies('facebook', json, (value) => reader.body(value));
  return reader.masker.apply(reader.mentions);
}

function unreadable(reason: string): UnreadableBodyError {
  return new UnreadableBodyError('facebook', reason);
}

function fieldList(value: JsonObject): string {
  return Object.keys(value).slice(0, 8).join(', ') || 'none';
}

class FacebookReader {
  readonly mentions: CollectedMention[] = [];
  readonly masker = new PersonMasker({ dropKey: isGraphPersonKey, mentions: [] });

  constructor(private readonly url: string | undefined) {}

  body(value: JsonObject): void {
    if (Array.isArray(value.data)) {
      this.list(value);
      return;
    }
    if (value.data !== undefined) throw unreadable('"data" is not a list');
    if (str(value.id) !== null) {
      this.node(value, graphEdge(value, this.url));
      return;
    }
    // `?ids=a,b` answers one node per requested id, keyed by it.
    const nodes = Object.values(value);
    if (nodes.length > 0 && nodes.every((n) => isObject(n) && str(n.id) !== null)) {
      for (const node of nodes) this.node(node as JsonObject, null);
      return;
    }
    throw unreadable(`not a Graph API post or comment body (fields: ${fieldList(value)})`);
  }

  private list(value: JsonObject): void {
    const items = (value.data as unknown[]).filter(isObject);
    if (items.length > 0 && !items.some(isPostOrComment)) {
      throw unreadable(
        `a list of objects that are not posts or comments (fields: ${fieldList(items[0]!)})`,
      );
    }
    const edge = graphEdge(value, this.url);
    const listsComments =
      edge?.name === 'comments' || (isObject(value.summary) && 'order' in value.summary);
    const listsPosts = edge?.name !== null && edge?.name !== undefined && POST_EDGES.has(edge.name);
    for (const item of items) {
      const kind = listsComments ? 'comment' : listsPosts ? 'post' : kindOf(item);
      if (kind === 'post') this.post(item, postContext(edge));
      else this.comment(item, commentContext(edge, str(item.id)));
    }
  }

  private node(value: JsonObject, edge: GraphEdge | null): void {
    if (!isPostOrComment(value)) {
      throw unreadable(
        `a Graph API node that is not a post or comment (fields: ${fieldList(value)})`,
      );
    }
    if (kindOf(value) === 'post') this.post(value, postContext(edge));
    else this.comment(value, { postId: null, postUrl: null, pageId: null, parentId: null });
  }

  private post(item: JsonObject, context: PostContext): void {
    const id = str(item.id);
    const pageId = (id && ownerPrefix(id)) ?? context.pageId;
    const author = this.author(item, pageId) ?? pageAuthor(context, pageId);
    // A hidden Page post stays visible outside the Page's timeline; an expired one is gone.
    const deleted = item.is_expired === true;
    const url =
      author?.kind !== 'person' && text(item.permalink_url)
        ? text(item.permalink_url)
        : id && postUrl(id);
    if (id !== null) {
      // A Page's story ("… updated their cover photo") is its own words; a person's names them.
      const story = author?.kind === 'page' ? this.taggedText(item.story, item.story_tags) : null;
      const message = this.taggedText(item.message, item.message_tags);
      const raw: JsonObject = { ...item };
      for (const key of ['comments', 'reactions', 'likes']) {
        if (key in raw) raw[key] = summaryOnly(raw[key]);
      }
      if (message !== null) raw.message = message;
      if (author?.kind !== 'person') {
        if (story !== null) raw.story = story;
      } else {
        delete raw.story;
        delete raw.permalink_url;
      }
      if (deleted) for (const key of ['message', 'story', 'description']) delete raw[key];
      this.mentions.push({
        platform: 'facebook',
        externalId: id,
        url: url ?? null,
        title: videoTitle(item),
        text: deleted ? '' : (message ?? story ?? '').normalize('NFC'),
        html: null,
        publishedAt: isoDate(item.created_time),
        updatedAt: isoDate(item.updated_time),
        language: null,
        categories: [],
        author,
        engagement: engagementOf({
          likes: reactionCount(item),
          comments: count(path(item, 'comments', 'summary', 'total_count')),
          shares: count(path(item, 'shares', 'count')),
          views: null,
        }),
        parentExternalId: null,
        threadRootExternalId: null,
        ...(deleted ? { deleted: true } : {}),
        raw,
      });
    }
    const replies = { postId: id, postUrl: url ?? null, pageId, parentId: id };
    for (const comment of nestedComments(item)) this.comment(comment, replies);
  }

  private comment(item: JsonObject, context: CommentContext): void {
    const id = str(item.id);
    // Without context, a comment id `POSTID_COMMENTID` still names the post it is under.
    const rootId = context.postId ?? text(path(item, 'object', 'id')) ?? (id && ownerPrefix(id));
    const parentId = text(path(item, 'parent', 'id')) ?? context.parentId ?? rootId;
    if (id !== null) {
      const author = this.author(item, context.pageId);
      // A hidden comment is visible only to its author and their friends: gone from public view.
      const deleted = item.is_hidden === true;
      const message = this.taggedText(item.message, item.message_tags);
      const raw: JsonObject = { ...item };
      for (const key of ['comments', 'reactions', 'likes']) {
        if (key in raw) raw[key] = summaryOnly(raw[key]);
      }
      if (message !== null) raw.message = message;
      if (deleted) delete raw.message;
      const isReply = parentId !== null && parentId !== rootId;
      this.mentions.push({
        platform: 'facebook',
        externalId: id,
        url: text(item.permalink_url) ?? commentUrl(context.postUrl, id, isReply ? parentId : null),
        title: null,
        text: deleted ? '' : (message ?? '').normalize('NFC'),
        html: null,
        publishedAt: isoDate(item.created_time),
        updatedAt: null,
        language: null,
        categories: [],
        author,
        engagement: engagementOf({
          likes: count(item.like_count) ?? reactionCount(item),
          comments:
            count(item.comment_count) ?? count(path(item, 'comments', 'summary', 'total_count')),
          shares: null,
          views: null,
        }),
        parentExternalId: parentId ?? null,
        threadRootExternalId: rootId ?? null,
        ...(deleted ? { deleted: true } : {}),
        raw,
      });
    }
    const replies = { ...context, postId: rootId ?? null, parentId: id };
    for (const reply of nestedComments(item)) this.comment(reply, replies);
  }

  /** The `from` account: the Page when its id is the Page's, else a person. */
  private author(item: JsonObject, pageId: string | null): RawAuthor | null {
    const id = str(path(item, 'from', 'id'));
    if (id === null) return null;
    const name = text(path(item, 'from', 'name'));
    if (id === pageId) return { nativeId: id, name, kind: 'page' };
    this.masker.addPerson(null, name);
    return { nativeId: id, name, kind: 'person' };
  }

  /**
   * The text with every person it tags replaced, by the tag's offset where the name is found
   * there; names found elsewhere are masked by the person masker.
   */
  private taggedText(value: unknown, tags: unknown): string | null {
    let result = str(value);
    const personTags = tagList(tags).filter((t) => !PUBLIC_TAG_TYPES.has(str(t.type) ?? ''));
    for (const tag of personTags) this.masker.addPerson(null, text(tag.name));
    if (result === null) return null;
    const byOffset = personTags
      .map((t) => ({ name: text(t.name), offset: count(t.offset), length: count(t.length) }))
      .filter((t) => t.name !== null && t.offset !== null && t.length !== null)
      .sort((a, b) => b.offset! - a.offset!);
    for (const { name, offset, length } of byOffset) {
      if (result.slice(offset!, offset! + length!) === name) {
        result = `${result.slice(0, offset!)}[user]${result.slice(offset! + length!)}`;
      }
    }
    return result;
  }
}

function isPostOrComment(item: JsonObject): boolean {
  const keys = Object.keys(item);
  return (keys.length === 1 && keys[0] === 'id') || CONTENT_FIELDS.some((k) => k in item);
}

/** Post or comment by its fields; with only the defaults, a comment is the one with `from`. */
function kindOf(item: JsonObject): 'post' | 'comment' {
  if (COMMENT_FIELDS.some((k) => k in item)) return 'comment';
  if (POST_FIELDS.some((k) => k in item)) return 'post';
  return 'from' in item ? 'comment' : 'post';
}

function postContext(edge: GraphEdge | null): PostContext {
  const owner = edge && edge.owner !== 'me' ? edge.owner : null;
  return {
    pageId: owner,
    pageAuthored:
      edge?.name !== null && edge?.name !== undefined && PAGE_AUTHORED_EDGES.has(edge.name),
  };
}

/**
 * The context of comments listed under `/{owner}/comments`. The owner is a comment when it shares
 * the comments' post prefix (`POSTID_A` listing `POSTID_B`), else the post itself.
 */
function commentContext(edge: GraphEdge | null, commentId: string | null): CommentContext {
  if (edge?.name !== 'comments')
    return { postId: null, postUrl: null, pageId: null, parentId: null };
  const owner = edge.owner;
  const prefix = commentId && ownerPrefix(commentId);
  if (prefix && owner.startsWith(`${prefix}_`)) {
    return { postId: prefix, postUrl: null, pageId: null, parentId: owner };
  }
  return { postId: owner, postUrl: postUrl(owner), pageId: ownerPrefix(owner), parentId: owner };
}

function pageAuthor(context: PostContext, pageId: string | null): RawAuthor | null {
  return context.pageAuthored && pageId ? { nativeId: pageId, name: null, kind: 'page' } : null;
}

function nestedComments(item: JsonObject): JsonObject[] {
  return array(path(item, 'comments', 'data')).filter(isObject);
}

function reactionCount(item: JsonObject): number | null {
  return (
    count(path(item, 'reactions', 'summary', 'total_count')) ??
    count(path(item, 'likes', 'summary', 'total_count'))
  );
}

/** `message_tags` as a list, or as the older map from offset to a list of tags. */
function tagList(tags: unknown): JsonObject[] {
  if (Array.isArray(tags)) return tags.filter(isObject);
  if (isObject(tags))
    return Object.values(tags)
      .flatMap((t) => array(t))
      .filter(isObject);
  return [];
}

/** The title of a video post's attachment (links and photos have no title of the post's own). */
function videoTitle(item: JsonObject): string | null {
  const first = array(path(item, 'attachments', 'data')).find(isObject);
  const type = str(first?.type) ?? '';
  const title = type.includes('video') ? text(first?.title) : null;
  return title?.normalize('NFC') ?? null;
}

/** `PAGEID_POSTID` → the post's address on facebook.com; a bare object id → its node address. */
function postUrl(id: string): string {
  const owner = ownerPrefix(id);
  return owner
    ? `${FACEBOOK}/${owner}/posts/${localId(id)}`
    : `${FACEBOOK}/${encodeURIComponent(id)}`;
}

function commentUrl(
  postAddress: string | null,
  id: string,
  parentId: string | null,
): string | null {
  if (!postAddress) return null;
  const join = postAddress.includes('?') ? '&' : '?';
  return parentId
    ? `${postAddress}${join}comment_id=${localId(parentId)}&reply_comment_id=${localId(id)}`
    : `${postAddress}${join}comment_id=${localId(id)}`;
}
