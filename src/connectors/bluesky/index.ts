import type { PlatformModule } from '../social/platform-module.js';
import { parseBluesky } from './parse-bluesky.js';

export const blueskyPlatform: PlatformModule = {
  platform: 'bluesky',
  eligibility:
    'Every public Bluesky post as it is made, through the Jetstream firehose (a WebSocket, no ' +
    'account needed, filtered to app.bsky.feed.post; resumable from a cursor within about the ' +
    'last 36 hours). Keyword search (app.bsky.feed.searchPosts, up to 100 posts a page) needs ' +
    'an account and an app password: the public endpoint refuses unauthenticated search since ' +
    'January 2025. Threads and author feeds come from the AppView. Rate limits: about 3,000 ' +
    'requests per 5 minutes per IP (ratelimit-* headers), sessions far fewer. Authors are ' +
    'identified by DID; handles and display names are not kept.',
  parse: parseBluesky,
};
