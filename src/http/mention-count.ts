// Exact totals behind a mentions list. Whole-hour ranges without a query are read from the
// roll-ups (the list and the figures agree there); anything else is counted by paging the list
// itself, so the total is what the list would show, up to a cap past which it says so.
import type { ListeningStore, ListMentionsOptions } from '../store/listening-store.js';

const HOUR_MS = 3_600_000;
const PAGE = 500;
export const COUNT_CAP = 200_000;

export interface MentionTotal {
  total: number;
  /** False when counting stopped at the cap: there are at least `total`. */
  exact: boolean;
}

const wholeHour = (iso: string | undefined) => iso === undefined || Date.parse(iso) % HOUR_MS === 0;

export async function countMentions(
  store: Pick<ListeningStore, 'listMentions' | 'sentimentShare'>,
  options: Omit<ListMentionsOptions, 'cursor' | 'limit' | 'sort'>,
  cap = COUNT_CAP,
): Promise<MentionTotal> {
  const { query, ...filter } = options;
  if (!query?.trim() && wholeHour(filter.from) && wholeHour(filter.to)) {
    return { total: (await store.sentimentShare(filter)).total, exact: true };
  }
  let total = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await store.listMentions({
      ...options,
      sort: 'newest',
      limit: PAGE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    total += page.mentions.length;
    if (page.nextCursor === null) return { total, exact: true };
    if (total >= cap) return { total, exact: false };
    cursor = page.nextCursor;
  }
}
