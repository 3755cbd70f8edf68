import type { PlatformModule } from '../social/platform-module.js';
import { parseReddit } from './parse-reddit.js';

export const redditPlatform: PlatformModule = {
  platform: 'reddit',
  eligibility:
    'With a Reddit OAuth app (client id and secret, application-only grant) and a unique, ' +
    'descriptive User-Agent, nghe reads public subreddits through oauth.reddit.com: new posts, ' +
    'search results, a post with its comment tree, and a subreddit’s newest comments, up to 100 ' +
    'items a page, paged by the `after` fullname. The free tier allows 100 queries a minute per ' +
    'OAuth client (X-Ratelimit-Used/Remaining/Reset headers; HTTP 429 beyond) and excludes NSFW ' +
    'content. Since late 2025 new API access needs Reddit’s approval under its Responsible ' +
    'Builder Policy. Deleted and removed items come back as [deleted] or [removed] and are kept ' +
    'without their text; persons are known by account id only.',
  parse: parseReddit,
};
