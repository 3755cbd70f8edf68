import type { PlatformModule } from '../social/platform-module.js';
import { parseZalo } from './parse-zalo.js';

export const zaloPlatform: PlatformModule = {
  platform: 'zalo',
  eligibility:
    'Zalo Official Accounts only, and only your own: Zalo has no public search or feed API. ' +
    'An OA you administer, connected to a Zalo app, sends its followers’ messages to nghe by ' +
    'webhook (/api/hooks/zalo/SOURCE_ID, each delivery signed with the OA secret key); nghe ' +
    'keeps a follower only as a pseudonym and drops contact forms, business cards and ' +
    'locations. With an OA access token nghe also reads the OA’s own articles. Personal ' +
    'accounts, groups, other OAs, messages sent before the webhook was set up and article ' +
    'comments cannot be read.',
  parse: parseZalo,
};
