// The TikTok addresses a user copies from a browser or the app, read as what to follow through
// the Research API: a hashtag or a keyword search (a video query), or one video's comments.
// The address stored for a video is its player address, which carries no creator's handle.
import type { RecognisedUrl } from '../connector.js';
import type { CredentialSpec } from '../credentials.js';

const HOSTS = new Set(['tiktok.com', 'www.tiktok.com', 'm.tiktok.com']);
const VIDEO_ID = /^\d{8,20}$/;
const HASHTAG = /^[\p{L}\p{N}_]{1,100}$/u;
const SITE = 'https://www.tiktok.com';

export function recogniseTiktokUrl(url: URL): RecognisedUrl | null {
  if (!HOSTS.has(url.hostname.toLowerCase())) return null;
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (first === 'tag' && second && parts.length === 2 && HASHTAG.test(second)) {
    const hashtag = second.toLowerCase();
    return { follow: 'query', settings: { hashtag }, url: `${SITE}/tag/${hashtag}` };
  }
  if (first === 'search' && parts.length <= 2) {
    const keyword = url.searchParams.get('q')?.trim();
    if (!keyword) return null;
    return {
      follow: 'query',
      settings: { keyword },
      url: `${SITE}/search?q=${encodeURIComponent(keyword)}`,
    };
  }
  // tiktok.com/@creator/video/ID, /player/v1/ID and /embed/v2/ID: the handle is not kept.
  const videoId =
    first?.startsWith('@') && second === 'video'
      ? third
      : (first === 'player' && second === 'v1') || (first === 'embed' && second === 'v2')
        ? third
        : undefined;
  if (videoId && VIDEO_ID.test(videoId)) {
    return { follow: 'video', settings: { videoId }, url: `${SITE}/player/v1/${videoId}` };
  }
  return null;
}

/**
 * A Research API client (client key and secret of an approved research project). Per client and
 * UTC day: 1,000 requests and 100,000 records (TikTok's Research API FAQ), renewed at 00:00 UTC.
 */
export const tiktokCredential: CredentialSpec = {
  fields: [
    { name: 'clientKey', description: 'the Research API client key', secret: true },
    { name: 'clientSecret', description: 'the Research API client secret', secret: true },
  ],
  quotas: {
    requests: { limit: 1_000, window: { kind: 'daily', timeZone: 'UTC' } },
    records: { limit: 100_000, window: { kind: 'daily', timeZone: 'UTC' } },
  },
  help: 'https://developers.tiktok.com/research > your approved research project > client key and secret',
};
