// AT Protocol record addresses: at://<DID or handle>/<collection>/<record key>.

export const POST_COLLECTION = 'app.bsky.feed.post';

export interface AtUri {
  authority: string;
  collection: string;
  rkey: string;
}

export function parseAtUri(uri: string): AtUri | null {
  const match = /^at:\/\/([^/?#]+)\/([^/?#]+)\/([^/?#]+)$/.exec(uri.trim());
  if (!match) return null;
  return { authority: match[1]!, collection: match[2]!, rkey: match[3]! };
}

export function postUri(did: string, rkey: string): string {
  return `at://${did}/${POST_COLLECTION}/${rkey}`;
}

/** The bsky.app page of a post, addressed by DID so it names no handle. */
export function postPermalink(uri: string): string | null {
  const at = parseAtUri(uri);
  if (at === null || at.collection !== POST_COLLECTION || !at.authority.startsWith('did:')) {
    return null;
  }
  return `https://bsky.app/profile/${at.authority}/post/${encodeURIComponent(at.rkey)}`;
}
