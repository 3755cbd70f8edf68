import type { PlatformModule } from '../social/platform-module.js';
import { parseInstagram } from './parse-instagram.js';

export const instagramPlatform: PlatformModule = {
  platform: 'instagram',
  eligibility:
    'Instagram professional (business or creator) accounts only, through the Graph API with a ' +
    'Facebook user token of someone with a task on the Facebook Page linked to the account: ' +
    'that account’s own media with their comments and replies, media it is tagged or ' +
    '@mentioned in, and other business accounts’ public media through business discovery. ' +
    'Hashtag search needs the Instagram Public Content Access feature (Meta App Review): at ' +
    'most 30 distinct hashtags per account in a rolling 7 days, top or recent public media ' +
    'only, 50 a page, without the author’s username. Personal accounts, stories of others and ' +
    'private media cannot be read. Calls fall under Business Use Case rate limits; error 80002 ' +
    'means too many calls for that Instagram account.',
  parse: parseInstagram,
};
