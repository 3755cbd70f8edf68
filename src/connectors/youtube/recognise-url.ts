// The YouTube addresses a user copies from a browser or the app, read as what to follow.
import type { RecognisedUrl } from '../connector.js';
import type { CredentialSpec } from '../credentials.js';

const HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com']);
const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
const HANDLE = /^[A-Za-z0-9._-]{3,30}$/;
const SITE = 'https://www.youtube.com';

function video(videoId: string): RecognisedUrl {
  return { follow: 'video', settings: { videoId }, url: `${SITE}/watch?v=${videoId}` };
}

export function recogniseYoutubeUrl(url: URL): RecognisedUrl | null {
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (host === 'youtu.be') return parts[0] && VIDEO_ID.test(parts[0]) ? video(parts[0]) : null;
  if (!HOSTS.has(host)) return null;
  const [first, second] = parts;
  if (first === 'watch') {
    const id = url.searchParams.get('v');
    return id && VIDEO_ID.test(id) ? video(id) : null;
  }
  if ((first === 'shorts' || first === 'live' || first === 'embed') && second) {
    return VIDEO_ID.test(second) ? video(second) : null;
  }
  if (first?.startsWith('@') && HANDLE.test(first.slice(1))) {
    return { follow: 'channel', settings: { handle: first.slice(1) }, url: `${SITE}/${first}` };
  }
  if (first === 'channel' && second && CHANNEL_ID.test(second)) {
    return { follow: 'channel', settings: { channelId: second }, url: `${SITE}/channel/${second}` };
  }
  if (first === 'user' && second && HANDLE.test(second)) {
    return { follow: 'channel', settings: { username: second }, url: `${SITE}/user/${second}` };
  }
  return null;
}

/**
 * An API key reads public data. Quotas per key and day, renewed at midnight Pacific time: 10,000
 * units shared by every method but search, which has its own bucket of 100 calls (YouTube's
 * quota page; the older page charged search 100 units from the shared 10,000 instead).
 */
export const youtubeCredential: CredentialSpec = {
  fields: [{ name: 'apiKey', description: 'a YouTube Data API v3 key', secret: true }],
  quotas: {
    units: { limit: 10_000, window: { kind: 'daily', timeZone: 'America/Los_Angeles' } },
    search: { limit: 100, window: { kind: 'daily', timeZone: 'America/Los_Angeles' } },
  },
  help: 'Google Cloud console > APIs & Services > Credentials > Create API key, with YouTube Data API v3 enabled',
};
