import type { PlatformModule } from '../social/platform-module.js';
import { parseMastodon } from './parse-mastodon.js';

export const mastodonPlatform: PlatformModule = {
  platform: 'mastodon',
  eligibility:
    'Any Mastodon instance you point nghe at: its public, local and hashtag timelines (up to 40 ' +
    'statuses a page, paged by the Link header), single statuses with their replies (context) ' +
    'and search. Timelines are public unless the instance has turned public previews off, in ' +
    'which case an app token with read:statuses is needed; since 4.5 an instance may answer an ' +
    'empty list instead. Live streaming needs a user access token with read:statuses (Mastodon ' +
    '4.2 and later). Each instance allows 300 API requests per 5 minutes per account and per IP ' +
    '(X-RateLimit-* headers). An instance sees only the statuses that reached it, and status ids ' +
    "are that instance's own.",
  parse: parseMastodon,
};
