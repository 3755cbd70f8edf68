// The Reddit addresses a user copies from a browser or the app, read as what to follow.
import type { RecognisedUrl } from '../connector.js';
import type { CredentialSpec } from '../credentials.js';

const HOSTS = new Set([
  'reddit.com',
  'www.reddit.com',
  'old.reddit.com',
  'new.reddit.com',
  'np.reddit.com',
  'm.reddit.com',
]);
const SUBREDDIT = /^[A-Za-z0-9][A-Za-z0-9_]{1,20}$/;
const POST_ID = /^[a-z0-9]{1,13}$/;
const SITE = 'https://www.reddit.com';

function post(postId: string, subreddit?: string): RecognisedUrl {
  return {
    follow: 'post',
    settings: subreddit ? { subreddit, postId } : { postId },
    url: subreddit ? `${SITE}/r/${subreddit}/comments/${postId}/` : `${SITE}/comments/${postId}/`,
  };
}

function search(query: string, subreddit?: string): RecognisedUrl {
  const q = encodeURIComponent(query);
  return {
    follow: 'search',
    settings: subreddit ? { subreddit, query } : { query },
    url: subreddit ? `${SITE}/r/${subreddit}/search/?q=${q}` : `${SITE}/search/?q=${q}`,
  };
}

export function recogniseRedditUrl(url: URL): RecognisedUrl | null {
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean);
  if (host === 'redd.it') return parts[0] && POST_ID.test(parts[0]) ? post(parts[0]) : null;
  if (!HOSTS.has(host)) return null;
  const query = url.searchParams.get('q')?.trim();
  if (parts[0] === 'search' && parts.length === 1) return query ? search(query) : null;
  if (parts[0] === 'comments' && parts[1] && POST_ID.test(parts[1])) return post(parts[1]);
  if (parts[0] !== 'r' || !parts[1] || !SUBREDDIT.test(parts[1])) return null;
  const subreddit = parts[1];
  if (parts[2] === 'comments' && parts[3] && POST_ID.test(parts[3]))
    return post(parts[3], subreddit);
  if (parts[2] === 'search') return query ? search(query, subreddit) : null;
  if (parts.length > 3 || (parts[2] && !['new', 'hot', 'top', 'rising'].includes(parts[2]))) {
    return null;
  }
  return { follow: 'subreddit', settings: { subreddit }, url: `${SITE}/r/${subreddit}/` };
}

/**
 * An OAuth app's client id and secret (client-credentials grant). Reddit allows 100 queries a
 * minute per client id and reports what is left in X-Ratelimit-* headers; the bucket here is
 * the fallback while no header has been seen.
 */
export const redditCredential: CredentialSpec = {
  fields: [
    { name: 'clientId', description: 'the OAuth app client id', secret: true },
    { name: 'clientSecret', description: 'the OAuth app secret', secret: true },
    {
      name: 'username',
      description: 'the Reddit account that owns the app, named in the User-Agent as Reddit asks',
      secret: false,
      default: '',
    },
  ],
  quotas: { requests: { limit: 100, window: { kind: 'rolling', seconds: 60 } } },
  help: 'https://www.reddit.com/prefs/apps > create app (script); Reddit now approves API access',
};
