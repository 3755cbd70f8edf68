// Addresses and ids that Facebook permalinks carry: a post's address from its
// `PAGEID_POSTID` id, a comment's from its post's, the ids a comment permalink holds when the
// Graph API withholds them, and permalinks rebuilt from ids where they start with a vanity name.
import { localId, ownerPrefix } from './graph-body.js';

const FACEBOOK = 'https://www.facebook.com';

/** What a comment's permalink says: its id, the comment it replies to, the post it is under. */
export interface CommentLink {
  id: string;
  parentId: string | null;
  postId: string | null;
}

/**
 * The ids in a comment permalink: `/{page}/posts/{post}/?comment_id=C[&reply_comment_id=R]`
 * (also `/videos/`, `/photos/` and `permalink.php?story_fbid=…&id=…`). A comment's Graph id is
 * `{post}_{comment}`.
 */
export function commentLink(url: string | null): CommentLink | null {
  let parsed: URL;
  try {
    parsed = new URL(url ?? '');
  } catch {
    return null;
  }
  const numeric = (value: string | null | undefined) =>
    value && /^\d+$/.test(value) ? value : null;
  const commentId = numeric(parsed.searchParams.get('comment_id'));
  const replyId = numeric(parsed.searchParams.get('reply_comment_id'));
  const onPath = /^\/([^/]+)\/(?:posts|videos|photos)\/(?:[^/]+\/)?(\d+)\/?$/.exec(parsed.pathname);
  const post = numeric(
    onPath?.[2] ?? parsed.searchParams.get('story_fbid') ?? parsed.searchParams.get('fbid'),
  );
  if (commentId === null || post === null) return null;
  const page = numeric(onPath?.[1] ?? parsed.searchParams.get('id'));
  return {
    id: `${post}_${replyId ?? commentId}`,
    parentId: replyId ? `${post}_${commentId}` : null,
    postId: page ? `${page}_${post}` : null,
  };
}

/**
 * A permalink that names accounts by id only. One whose path starts with a vanity name (which
 * may be a person's) is rebuilt from the post id, keeping its query (`?comment_id=…`).
 */
export function withoutVanity(permalink: string | null, postId: string | null): string | null {
  let parsed: URL;
  try {
    parsed = new URL(permalink ?? '');
  } catch {
    return null;
  }
  const first = parsed.pathname.split('/')[1] ?? '';
  if (/^\d+$/.test(first) || first.endsWith('.php')) return permalink;
  return postId ? `${postUrl(postId)}${parsed.search}` : null;
}

/** `PAGEID_POSTID` → the post's address on facebook.com; a bare object id → its node address. */
export function postUrl(id: string): string {
  const owner = ownerPrefix(id);
  return owner
    ? `${FACEBOOK}/${owner}/posts/${localId(id)}`
    : `${FACEBOOK}/${encodeURIComponent(id)}`;
}

/**
 * A comment's address under its post's: `?comment_id=C`, a reply's
 * `?comment_id=P&reply_comment_id=C`.
 */
export function commentUrl(
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
