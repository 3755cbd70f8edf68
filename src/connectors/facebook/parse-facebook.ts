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
  path,
  str,
  text,
} from '../social/json-fields.js';
import type { ParseBodyOptions } from '../social/platform-module.js';
import { commentLink, commentUrl, postUrl, withoutVanity } from './facebook-links.js';
import { engagementOf, type GraphEdge, graphEdge, ownerPrefix, summaryOnly } from './graph-body.js';
import { fieldList, GraphBodyReader, parseGraphBody } from './graph-reader.js';

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
}

interface CommentContext {
  /** The post a nesting body puts the comments under, its address and its Page. */
  postId: string | null;
  postUrl: string | null;
  pageId: string | null;
  /** The post or comment nested comments answer. */
  parentId: string | null;
  /** The node whose `/comments` edge lists them: a post, or a comment for its replies. */
  edgeOwner: string | null;
}

const NO_CONTEXT: CommentContext = {
  postId: null,
  postUrl: null,
  pageId: null,
  parentId: null,
  edgeOwner: null,
};

export function parseFacebook(body: string, options: ParseBodyOptions = {}): CollectedMention[] {
  return parseGraphBody('facebook', body, new FacebookReader(options.url));
}

class FacebookReader extends GraphBodyReader {
  protected readonly bodyName = 'a Graph API post or comment';

  constructor(url: string | undefined) {
    super('facebook', url);
  }

  protected list(value: JsonObject): void {
    const items = (value.data as unknown[]).filter(isObject);
    if (items.length > 0 && !items.some(isPostOrComment)) {
      throw this.unreadable(
        `a list of objects that are not posts or comments (fields: ${fieldList(items[0]!)})`,
      );
    }
    const edge = graphEdge(value, this.url);
    const listsComments =
      edge?.name === 'comments' || (isObject(value.summary) && 'order' in value.summary);
    const listsPosts = edge?.name !== null && edge?.name !== undefined && POST_EDGES.has(edge.name);
    // A page lists one kind: an item whose fields tell decides for those whose do not.
    const told = items.map(surelyKindOf).find((k) => k !== null) ?? null;
    for (const item of items) {
      const kind = listsComments
        ? 'comment'
        : listsPosts
          ? 'post'
          : (surelyKindOf(item) ?? told ?? kindOf(item));
      if (kind === 'post') this.post(item, postContext(edge));
      else this.comment(item, { ...NO_CONTEXT, edgeOwner: commentsOf(edge) });
    }
  }

  protected node(value: JsonObject, edge: GraphEdge | null): void {
    if (!isPostOrComment(value)) {
      throw this.unreadable(
        `a Graph API node that is not a post or comment (fields: ${fieldList(value)})`,
      );
    }
    if (kindOf(value) === 'post') this.post(value, postContext(edge));
    else this.comment(value, NO_CONTEXT);
  }

  private post(item: JsonObject, context: PostContext): void {
    const id = str(item.id);
    const pageId = (id && ownerPrefix(id)) ?? context.pageId;
    // Without `from` the body does not say who wrote a post: `/posts` also lists a user's own.
    const author = this.author(item, pageId);
    // A hidden Page post stays visible outside the Page's timeline; an expired one is gone.
    const deleted = item.is_expired === true;
    const permalink = text(item.permalink_url);
    const url =
      author?.kind === 'page' && permalink
        ? permalink
        : ((permalink && withoutVanity(permalink, id)) ?? (id && postUrl(id)));
    if (id !== null) {
      // A Page's story ("… updated their cover photo") is its own words; a person's names them.
      const story = author?.kind === 'page' ? this.taggedText(item.story, item.story_tags) : null;
      const message = this.taggedText(item.message, item.message_tags);
      const raw: JsonObject = { ...item };
      for (const key of ['comments', 'reactions', 'likes']) {
        if (key in raw) raw[key] = summaryOnly(raw[key]);
      }
      if (message !== null) raw.message = message;
      if (author?.kind === 'page') {
        if (story !== null) raw.story = story;
      } else {
        delete raw.story;
        if ('permalink_url' in raw) raw.permalink_url = url ?? null;
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
    const replies = { ...NO_CONTEXT, postId: id, postUrl: url ?? null, pageId, parentId: id };
    for (const comment of nestedComments(item)) this.comment(comment, replies);
  }

  private comment(item: JsonObject, context: CommentContext): void {
    const link = commentLink(text(item.permalink_url));
    // Page Public Content Access withholds comment ids; the permalink still carries them.
    const id = str(item.id) ?? link?.id ?? null;
    const owner = context.edgeOwner;
    const prefix = id && ownerPrefix(id);
    // A listed node sharing the comments' post prefix (`POSTID_A` for `POSTID_B`) is a comment.
    const ownerIsComment = owner !== null && prefix !== null && owner.startsWith(`${prefix}_`);
    // The post: as nested, else as the permalink or the edge names it, else the id's prefix.
    const rootId =
      context.postId ??
      link?.postId ??
      (ownerIsComment ? null : owner) ??
      text(path(item, 'object', 'id')) ??
      prefix;
    const parentId =
      text(path(item, 'parent', 'id')) ?? link?.parentId ?? context.parentId ?? owner ?? rootId;
    const pageId = context.pageId ?? (rootId && ownerPrefix(rootId));
    const postAddress = context.postUrl ?? (rootId && ownerPrefix(rootId) ? postUrl(rootId) : null);
    if (id !== null) {
      const author = this.author(item, pageId);
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
      const url =
        withoutVanity(text(item.permalink_url), rootId) ??
        commentUrl(postAddress, id, isReply ? parentId : null);
      if ('permalink_url' in raw) raw.permalink_url = url;
      this.mentions.push({
        platform: 'facebook',
        externalId: id,
        url,
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
    const replies = { ...NO_CONTEXT, postId: rootId, postUrl: postAddress, pageId, parentId: id };
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

/**
 * Post or comment, when the fields tell: fields only one of them has, or a `from` that is the
 * owner of a `PAGEID_POSTID` id (a comment's id prefix is its post, never an account).
 */
function surelyKindOf(item: JsonObject): 'post' | 'comment' | null {
  if (COMMENT_FIELDS.some((k) => k in item)) return 'comment';
  if (POST_FIELDS.some((k) => k in item)) return 'post';
  const id = str(item.id);
  const from = str(path(item, 'from', 'id'));
  return id !== null && from !== null && ownerPrefix(id) === from ? 'post' : null;
}

/** With only the default fields, a comment is the one with `from`. */
function kindOf(item: JsonObject): 'post' | 'comment' {
  return surelyKindOf(item) ?? ('from' in item ? 'comment' : 'post');
}

function postContext(edge: GraphEdge | null): PostContext {
  return { pageId: edge && edge.owner !== 'me' ? edge.owner : null };
}

/** The node whose comments a list body holds, by its `/{id}/comments` address. */
function commentsOf(edge: GraphEdge | null): string | null {
  return edge?.name === 'comments' ? edge.owner : null;
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
