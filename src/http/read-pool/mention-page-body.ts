// A page of mentions as GET /api/mentions sends it, made where the page was read: on a read
// thread the JSON text crosses to the main thread as one string, so the main thread neither
// rebuilds the mentions from a structured clone nor serialises them again for every request.
import type { Mention } from '../../model.js';
import { publicMention } from '../../privacy/public-mention.js';
import type { MentionPage } from '../api-types.js';

export interface MentionPageBody {
  /** The MentionPage as JSON text, persons already made anonymous (publicMention). */
  json: string;
  /** Mentions on the page, for the audit row. */
  count: number;
}

export function mentionPageBody(page: {
  mentions: Mention[];
  nextCursor: string | null;
}): MentionPageBody {
  const body: MentionPage = {
    mentions: page.mentions.map(publicMention),
    nextCursor: page.nextCursor,
  };
  return { json: JSON.stringify(body), count: page.mentions.length };
}
