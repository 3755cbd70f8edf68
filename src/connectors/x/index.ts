import type { PlatformModule } from '../social/platform-module.js';
import { parseX } from './parse-x.js';

export const xPlatform: PlatformModule = {
  platform: 'x',
  eligibility:
    'X has no free read access: the X API v2 needs a developer account with prepaid, ' +
    'pay-per-use credits (posts read are billed per post, about $0.005 each, deduplicated ' +
    'within a UTC day; a monthly cap of 2 million post reads is stated) and an App-only Bearer ' +
    'token. With it nghe can read recent search (the last 7 days, 10 to 100 posts a page, ' +
    'next_token paging), posts by id, and the filtered stream of posts matching the rules you ' +
    'set. Limits are per 15-minute window (x-rate-limit-* headers, HTTP 429 beyond). Deleted ' +
    'and protected posts are not returned; persons are known by account id only, and ' +
    'organisations and governments X has verified are named as pages. nghe follows recent ' +
    'search (a query, a hashtag, or the replies and quotes under one post), which sees posts ' +
    'of the last 7 days that match, and the filtered stream for a rule, which sees matching ' +
    'posts only while connected: never all of X. Each credential has a monthly read budget ' +
    '(posts returned, referenced posts included); collection stops at it, and at X’s own ' +
    'usage cap, until the 1st of the month.',
  parse: parseX,
};
