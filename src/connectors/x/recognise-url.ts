// The X addresses a user copies from a browser or the app, read as what to follow: a search, a
// hashtag, or the conversation under one post; and the filtered stream's API address with the
// rule to follow live. Profile pages are not followed: that would keep a
// person's handle in the source list.
import type { RecognisedUrl } from '../connector.js';
import type { CredentialSpec } from '../credentials.js';

const HOSTS = new Set([
  'x.com',
  'www.x.com',
  'mobile.x.com',
  'twitter.com',
  'www.twitter.com',
  'mobile.twitter.com',
]);
const POST_ID = /^\d{1,20}$/;
const HASHTAG = /^[\p{L}\p{N}_]{1,100}$/u;
const SITE = 'https://x.com';
/** Recent search takes queries of at most 512 characters with self-serve access. */
export const MAX_X_QUERY_LENGTH = 512;

function search(query: string): RecognisedUrl | null {
  if (query.length > MAX_X_QUERY_LENGTH) return null;
  return {
    follow: 'search',
    settings: { query },
    url: `${SITE}/search?q=${encodeURIComponent(query)}&f=live`,
  };
}

/**
 * The filtered stream's own address, with the rule to follow: `…/2/tweets/search/stream?query=…`;
 * without a query, the stream of the rules nghe keeps from the topics.
 */
function streamAddress(url: URL): RecognisedUrl | null {
  if (url.pathname.replace(/\/+$/, '') !== '/2/tweets/search/stream') return null;
  const query = url.searchParams.get('query')?.trim();
  if (query === undefined) {
    return { follow: 'topics', settings: {}, url: 'https://api.x.com/2/tweets/search/stream' };
  }
  if (!query || query.length > MAX_X_QUERY_LENGTH) return null;
  return {
    follow: 'stream',
    settings: { query },
    url: `https://api.x.com/2/tweets/search/stream?query=${encodeURIComponent(query)}`,
  };
}

export function recogniseXUrl(url: URL): RecognisedUrl | null {
  const host = url.hostname.toLowerCase();
  if (host === 'api.x.com' || host === 'api.twitter.com') return streamAddress(url);
  if (!HOSTS.has(host)) return null;
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'search' && parts.length === 1) {
    const query = url.searchParams.get('q')?.trim();
    return query ? search(query) : null;
  }
  if (parts[0] === 'hashtag' && parts[1] && parts.length === 2 && HASHTAG.test(parts[1])) {
    return search(`#${parts[1]}`);
  }
  // x.com/<handle>/status/<id> and x.com/i/web/status/<id>: the handle is not kept.
  const status = parts.indexOf('status');
  const postId = status > 0 ? parts[status + 1] : undefined;
  if (postId && POST_ID.test(postId) && parts.length <= status + 3) {
    return { follow: 'conversation', settings: { postId }, url: `${SITE}/i/web/status/${postId}` };
  }
  return null;
}

/**
 * An app's bearer token (App-only OAuth 2.0). X bills every post read, so each credential has a
 * monthly read budget, counted from what responses return and renewed on the 1st (UTC); left
 * empty, it is the monthly cap of 2 million post reads X states for pay-per-use access.
 */
export const xCredential: CredentialSpec = {
  fields: [
    { name: 'bearerToken', description: 'the App-only Bearer token of an X app', secret: true },
    {
      name: 'monthlyReadBudget',
      description: 'post reads this credential may spend per calendar month (UTC); default 2000000',
      secret: false,
      default: '',
    },
    {
      name: 'streamRuleLimit',
      description: 'filtered-stream rules the app’s access tier allows; default 1000',
      secret: false,
      default: '',
    },
    {
      name: 'streamRuleLength',
      description: 'characters a filtered-stream rule may have on that tier; default 1024',
      secret: false,
      default: '',
    },
  ],
  quotas: {
    reads: {
      limit: 2_000_000,
      window: { kind: 'monthly', timeZone: 'UTC' },
      limitField: 'monthlyReadBudget',
    },
  },
  help: 'https://console.x.com > your app > Keys and tokens > Bearer token (pay-per-use credits)',
};
