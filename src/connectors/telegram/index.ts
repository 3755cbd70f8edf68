import type { PlatformModule } from '../social/platform-module.js';
import { parseTelegram } from './parse-telegram.js';

export const telegramPlatform: PlatformModule = {
  platform: 'telegram',
  eligibility:
    'Public Telegram channels through their web preview (t.me/s/<channel>, no account; a page ' +
    'of recent posts, older pages with ?before=<post id>): text, time, view counts and an ' +
    'edited mark, but not comments, reactions in detail or edit times; channels that turned ' +
    'the preview off cannot be read this way. With a bot token from @BotFather, the Bot API ' +
    'getUpdates delivers posts of channels and messages of groups where your bot is a member ' +
    'or administrator, and nothing from other channels; flood control answers HTTP 429 with ' +
    'a retry_after. Telegram publishes no fixed rate limits for either.',
  parse: parseTelegram,
};
