// A mention as the API gives it out: a person is "a person", with no pseudonym (its key is
// empty), so no reader can follow one person from mention to mention. Pages, channels and
// outlets keep their key and name.
import type { Mention } from '../model.js';

export function publicMention(mention: Mention): Mention {
  if (mention.author?.kind !== 'person') return mention;
  return { ...mention, author: { key: '', displayName: null, kind: 'person' } };
}

/** The same through a thread's nodes. */
export function publicThreadNode<N extends { mention: Mention; replies: N[] }>(node: N): N {
  return {
    ...node,
    mention: publicMention(node.mention),
    replies: node.replies.map(publicThreadNode),
  };
}
