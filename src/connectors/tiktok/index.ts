import type { PlatformModule } from '../social/platform-module.js';
import { parseTiktok } from './parse-tiktok.js';

export const tiktokPlatform: PlatformModule = {
  platform: 'tiktok',
  eligibility:
    'TikTok only through the Research API, which TikTok grants to approved not-for-profit ' +
    'research projects (researchers in the US and Europe; never to commercial users), up to 10 ' +
    'researchers sharing one quota: public videos of creators aged 18 and over found by ' +
    'keyword, hashtag, username, region or date (30-day windows), their comments and replies, ' +
    'and a public account’s info, liked, pinned and reposted videos. A client-credentials token ' +
    'lasts 2 hours. Quota: 1,000 requests and 100,000 records a day (100 per request), reset ' +
    'at 00:00 UTC; HTTP 429 with rate_limit_exceeded past it. Counts come from an archive that ' +
    'lags up to 10 days, and new videos take up to 48 hours to appear. Comments carry no ' +
    'author. nghe follows a hashtag or keyword (video query) or one video’s comments; it sees ' +
    'what the archive holds for that query, not all of TikTok, and no private or under-18 ' +
    'accounts. Requests are sized to the day’s records left; collection stops at either daily ' +
    'limit with the reason and resumes after 00:00 UTC.',
  parse: parseTiktok,
};
