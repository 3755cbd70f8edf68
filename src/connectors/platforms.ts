// One line per social platform: adding a platform means adding its folder and a line here.
import type { Platform } from '../model.js';
import { blueskyPlatform } from './bluesky/index.js';
import { facebookPlatform } from './facebook/index.js';
import { instagramPlatform } from './instagram/index.js';
import { mastodonPlatform } from './mastodon/index.js';
import { redditPlatform } from './reddit/index.js';
import type { PlatformModule } from './social/platform-module.js';
import { telegramPlatform } from './telegram/index.js';
import { tiktokPlatform } from './tiktok/index.js';
import { xPlatform } from './x/index.js';
import { youtubePlatform } from './youtube/index.js';
import { zaloPlatform } from './zalo/index.js';

const modules: readonly PlatformModule[] = [
  youtubePlatform,
  facebookPlatform,
  instagramPlatform,
  mastodonPlatform,
  blueskyPlatform,
  telegramPlatform,
  tiktokPlatform,
  redditPlatform,
  xPlatform,
  zaloPlatform,
];

export const platformModules: ReadonlyMap<Platform, PlatformModule> = new Map(
  modules.map((m) => [m.platform, m]),
);

/** The module of a platform named by a user, e.g. on the command line. */
export function platformModuleNamed(name: string): PlatformModule | undefined {
  return (platformModules as ReadonlyMap<string, PlatformModule>).get(name);
}
