import type { PlatformModule } from '../social/platform-module.js';
import { parseFacebook } from './parse-facebook.js';

export const facebookPlatform: PlatformModule = {
  platform: 'facebook',
  eligibility:
    'Facebook Pages only, through the Graph API: with a Page access token (or a system user ' +
    'token) of a Page you manage, its posts, visitor posts and every comment and reply, with ' +
    'commenters named only for that Page. Public posts of Pages you do not manage need the ' +
    'Page Public Content Access feature, granted by Meta App Review; under it comment ids and ' +
    'commenters are withheld unless you can moderate the Page. Personal profiles and groups ' +
    'cannot be read. Page tokens fall under Business Use Case rate limits ' +
    '(X-Business-Use-Case-Usage header; error codes 4, 17, 32 and 80001 when throttled). ' +
    'CrowdTangle closed on 14 August 2024; its successor, the Meta Content Library, is open ' +
    'only to academic and non-profit researchers.',
  parse: parseFacebook,
};
