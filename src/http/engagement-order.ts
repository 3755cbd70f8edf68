// Mentions ordered by engagement: the stored list is in time order, so the newest matches (up to
// a cap) are read, ranked by the interactions their platforms reported, and paged by offset.
import type { Mention } from '../model.js';
import type { ListeningStore, ListMentionsOptions, MentionPage } from '../store/listening-store.js';

const PAGE = 500;
/** Matches ranked at most; the newest ones when a list holds more. */
export const ENGAGEMENT_RANK_CAP = 20_000;

export function engagementScore(mention: Mention): number {
  const { likes = 0, comments = 0, shares = 0 } = mention.engagement;
  return likes + comments + shares;
}

export function isEngagementCursor(cursor: string): boolean {
  return /^e\d{1,9}$/.test(cursor);
}

export async function listByEngagement(
  store: Pick<ListeningStore, 'listMentions'>,
  options: ListMentionsOptions,
  cap = ENGAGEMENT_RANK_CAP,
): Promise<MentionPage> {
  const { cursor: asked, limit = 50, ...filter } = options;
  const offset = asked === undefined ? 0 : Number(asked.slice(1));
  const matches: Mention[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listMentions({
      ...filter,
      sort: 'newest',
      limit: PAGE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    matches.push(...page.mentions);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && matches.length < cap);
  const ranked = matches
    .slice(0, cap)
    .map((mention, index) => ({ mention, index, score: engagementScore(mention) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (b.mention.engagement.views ?? 0) - (a.mention.engagement.views ?? 0) ||
        a.index - b.index,
    );
  const end = offset + limit;
  return {
    mentions: ranked.slice(offset, end).map((row) => row.mention),
    nextCursor: end < ranked.length ? `e${end}` : null,
  };
}
