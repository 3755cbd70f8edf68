// The Mastodon addresses a user copies from any instance, read as what to follow, and the
// credential the platform takes. Instances have no common host, so only the shapes Mastodon
// itself serves are read: a hashtag page and the instance's local timeline.
import type { RecognisedUrl } from '../connector.js';
import type { CredentialSpec } from '../credentials.js';

const TAG = /^[\p{L}\p{N}_]{1,100}$/u;

export function recogniseMastodonUrl(url: URL): RecognisedUrl | null {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 2 && parts[0] === 'tags' && TAG.test(parts[1]!)) {
    const tag = parts[1]!;
    return {
      follow: 'hashtag',
      settings: { instance: url.origin, tag },
      url: `${url.origin}/tags/${encodeURIComponent(tag)}`,
    };
  }
  if (parts.length === 2 && parts[0] === 'public' && parts[1] === 'local') {
    return {
      follow: 'local',
      settings: { instance: url.origin },
      url: `${url.origin}/public/local`,
    };
  }
  return null;
}

export const mastodonCredential: CredentialSpec = {
  fields: [
    { name: 'instance', description: 'the instance, e.g. https://mastodon.social', secret: false },
    { name: 'accessToken', description: 'an access token with read:statuses', secret: true },
  ],
  quotas: { requests: { limit: 300, window: { kind: 'rolling', seconds: 300 } } },
  help: 'Preferences > Development > New application on your instance, scope read:statuses',
};
