// The Telegram addresses a user copies (t.me links to public channels), read as what to
// follow, and the credential the platform takes (a bot token, for channels the bot administers).
import type { RecognisedUrl } from '../connector.js';
import type { CredentialSpec } from '../credentials.js';

const HOSTS = new Set(['t.me', 'www.t.me', 'telegram.me', 'www.telegram.me']);
const CHANNEL = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
/** t.me paths that are Telegram's own pages, not channels. */
const RESERVED = new Set(['joinchat', 'addstickers', 'addemoji', 'share', 'proxy', 'socks', 'iv']);

export function recogniseTelegramUrl(url: URL): RecognisedUrl | null {
  if (!HOSTS.has(url.hostname.toLowerCase())) return null;
  const parts = url.pathname.split('/').filter(Boolean);
  const name = parts[0] === 's' ? parts[1] : parts[0];
  if (!name || !CHANNEL.test(name) || RESERVED.has(name.toLowerCase())) return null;
  return { follow: 'channel', settings: { channel: name }, url: `https://t.me/s/${name}` };
}

export const telegramCredential: CredentialSpec = {
  fields: [{ name: 'botToken', description: 'the token @BotFather gave your bot', secret: true }],
  help: 'talk to @BotFather; add the bot as an administrator of the channels to follow',
};
