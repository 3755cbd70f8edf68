// Mastodon statuses name their parent (`in_reply_to_id`) but not their conversation's top post:
// the root is found by walking parents within the body. When the walk leaves the body the root
// is unknown (left unset) unless the caller knows what lies beyond (a context's focal status).
import type { CollectedMention } from '../../model.js';

export function withThreadRoots(
  mentions: CollectedMention[],
  rootBeyond?: (missingId: string) => string | undefined,
): CollectedMention[] {
  const parentOf = new Map<string, string | null>();
  for (const m of mentions) if (!m.deleted) parentOf.set(m.externalId!, m.parentExternalId);
  for (const mention of mentions) {
    if (mention.deleted) continue;
    if (mention.parentExternalId === null) {
      mention.threadRootExternalId = null;
      continue;
    }
    let current = mention.parentExternalId;
    const visited = new Set<string>([mention.externalId!]);
    while (!visited.has(current)) {
      visited.add(current);
      const parent = parentOf.get(current);
      if (parent === undefined || parent === null) break;
      current = parent;
    }
    const root = parentOf.has(current) ? current : rootBeyond?.(current);
    if (root !== undefined) mention.threadRootExternalId = root;
  }
  return mentions;
}
