// The Instagram addresses a user copies from a browser, read as what to follow: a hashtag's
// public media, or the professional account the credential is for. Single posts and reels are
// not followed (the Graph API reads comments only under the account's own media).
import type { RecognisedUrl } from '../connector.js';
import type { CredentialSpec } from '../credentials.js';
import {
  GRAPH_APP_ID_FIELD,
  GRAPH_APP_SECRET_FIELD,
  GRAPH_CALL_BUDGET_FIELD,
  GRAPH_CALLS_QUOTA,
} from '../facebook/graph-credential.js';

const HOSTS = new Set(['instagram.com', 'www.instagram.com', 'm.instagram.com']);
/** Hashtags of letters, digits and `_`; emoji hashtags cannot be searched through the API. */
const HASHTAG = /^[\p{L}\p{N}_]{1,100}$/u;
const USERNAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?$/;
const NOT_ACCOUNTS = new Set([
  'p',
  'reel',
  'reels',
  'tv',
  'stories',
  'explore',
  'accounts',
  'direct',
]);
const SITE = 'https://www.instagram.com';

export function recogniseInstagramUrl(url: URL): RecognisedUrl | null {
  if (!HOSTS.has(url.hostname.toLowerCase())) return null;
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'explore' && parts[1] === 'tags' && parts[2] && HASHTAG.test(parts[2])) {
    const hashtag = parts[2].normalize('NFC').toLowerCase();
    return {
      follow: 'hashtag',
      settings: { hashtag },
      url: `${SITE}/explore/tags/${encodeURIComponent(hashtag)}/`,
    };
  }
  // A profile address: followed only when it is the credential's own professional account.
  const username = parts[0];
  if (parts.length === 1 && username && !NOT_ACCOUNTS.has(username) && USERNAME.test(username)) {
    return { follow: 'account', settings: { username }, url: `${SITE}/${username}/` };
  }
  return null;
}

/**
 * A Facebook user token of someone with a task on the Page linked to the professional account,
 * and that account's id. Hashtag search allows 30 distinct hashtags per account in a rolling
 * 7 days, counted here per credential (one account each); calls fall under Business Use Case
 * limits, capped by the budget field.
 */
export const instagramCredential: CredentialSpec = {
  fields: [
    {
      name: 'accessToken',
      description: 'a Facebook user token with instagram_basic (Instagram API with Facebook Login)',
      secret: true,
    },
    {
      name: 'accountId',
      description: 'the Instagram professional account id (ig-user-id) the token acts for',
      secret: false,
    },
    GRAPH_APP_ID_FIELD,
    GRAPH_APP_SECRET_FIELD,
    GRAPH_CALL_BUDGET_FIELD,
  ],
  quotas: {
    calls: GRAPH_CALLS_QUOTA,
    hashtags: { limit: 30, window: { kind: 'rolling', seconds: 7 * 86_400 }, distinct: true },
  },
  help: 'Meta for Developers > your app (Instagram API with Facebook Login) > Graph API Explorer: a user token with instagram_basic, and the account id from /me/accounts?fields=instagram_business_account',
};
