// How large a recent-search page may be so that the posts it returns never pass the credential's
// read budget. X bills every post a response returns, those in `includes.tweets` too, and a post
// references at most two others (the one it replies to and the one it quotes), so a page with
// those expansions costs at most three reads per post asked for. Near the end of the budget the
// referenced posts are left out, so the last reads are spent exactly.
import type { JsonObject } from '../social/json-fields.js';
import { array, isObject } from '../social/json-fields.js';

/** X answers 10 to 100 posts a page. */
export const MIN_PAGE = 10;
export const MAX_PAGE = 100;
/** A post, the post it replies to and the post it quotes. */
const READS_PER_POST_WITH_REFERENCES = 3;

export interface PagePlan {
  maxResults: number;
  /** Whether referenced posts are expanded (each one is a billed read). */
  withReferences: boolean;
}

/** The largest page `left` reads pay for whatever it returns, or null below X's smallest page. */
export function planPage(left: number, wanted = MAX_PAGE): PagePlan | null {
  const withReferences = Math.min(wanted, Math.floor(left / READS_PER_POST_WITH_REFERENCES));
  if (withReferences >= MIN_PAGE) return { maxResults: withReferences, withReferences: true };
  if (left >= MIN_PAGE) return { maxResults: MIN_PAGE, withReferences: false };
  return null;
}

/** Posts a response returned, as X bills them: `data` and `includes.tweets`. */
export function postReads(json: JsonObject): number {
  const data = json.data;
  const main = Array.isArray(data) ? data.filter(isObject).length : isObject(data) ? 1 : 0;
  const included = array(isObject(json.includes) ? json.includes.tweets : undefined).filter(
    isObject,
  ).length;
  return main + included;
}
