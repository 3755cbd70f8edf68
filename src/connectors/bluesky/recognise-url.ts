// The Bluesky addresses a user copies from bsky.app, read as what to follow, and the
// credential the platform takes (search needs a signed-in session).
import type { RecognisedUrl } from '../connector.js';
import type { CredentialSpec } from '../credentials.js';

const HOSTS = new Set(['bsky.app', 'www.bsky.app']);
const ACTOR = /^(did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9.-]+\.[A-Za-z]{2,})$/;
const SITE = 'https://bsky.app';

function search(query: string): RecognisedUrl {
  return {
    follow: 'search',
    settings: { query },
    url: `${SITE}/search?q=${encodeURIComponent(query)}`,
  };
}

export function recogniseBlueskyUrl(url: URL): RecognisedUrl | null {
  if (!HOSTS.has(url.hostname.toLowerCase())) return null;
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'search' && parts.length === 1) {
    const query = url.searchParams.get('q')?.trim();
    return query ? search(query) : null;
  }
  if (parts[0] === 'hashtag' && parts[1] && parts.length === 2) return search(`#${parts[1]}`);
  if (parts[0] === 'profile' && parts[1] && ACTOR.test(parts[1])) {
    const actor = parts[1];
    if (parts[2] === 'post' && parts[3] && parts.length === 4) {
      return {
        follow: 'post',
        settings: { actor, rkey: parts[3] },
        url: `${SITE}/profile/${actor}/post/${parts[3]}`,
      };
    }
    if (parts.length === 2) {
      return { follow: 'profile', settings: { actor }, url: `${SITE}/profile/${actor}` };
    }
  }
  return null;
}

export const blueskyCredential: CredentialSpec = {
  fields: [
    { name: 'handle', description: 'your handle, e.g. name.bsky.social', secret: false },
    {
      name: 'appPassword',
      description: 'an app password (Settings > App passwords)',
      secret: true,
    },
  ],
  help: 'Settings > Privacy and security > App passwords on bsky.app',
};
