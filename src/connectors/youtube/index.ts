import type { PlatformModule } from '../social/platform-module.js';
import { parseYoutube } from './parse-youtube.js';

export const youtubePlatform: PlatformModule = {
  platform: 'youtube',
  eligibility:
    'With a YouTube Data API v3 key from a Google Cloud project, nghe reads public data only: a ' +
    "channel's uploads (playlistItems.list on its uploads playlist), video details and " +
    'statistics (videos.list), search results (search.list) and the public comments and replies ' +
    'under a video (commentThreads.list, comments.list). A key has 10,000 quota units a day, ' +
    'reset at midnight Pacific time; each list page costs 1 unit, and search.list draws on its ' +
    'own bucket of about 100 calls a day. A comment thread carries only some of its replies; ' +
    'the rest cost one comments.list page each. Private videos, videos with comments turned off ' +
    'and comments held for review are not visible; persons are known by channel id only.',
  parse: parseYoutube,
};
