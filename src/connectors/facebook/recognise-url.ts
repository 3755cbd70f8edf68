// The Facebook addresses a user copies from a browser, read as the Page to follow. Personal
// profiles (`profile.php?id=`), groups and events are refused: the Graph API reads none of them.
import type { RecognisedUrl } from '../connector.js';
import type { CredentialSpec } from '../credentials.js';
import {
  GRAPH_APP_ID_FIELD,
  GRAPH_APP_SECRET_FIELD,
  GRAPH_CALL_BUDGET_FIELD,
  GRAPH_CALLS_QUOTA,
} from './graph-credential.js';

const HOSTS = new Set([
  'facebook.com',
  'www.facebook.com',
  'm.facebook.com',
  'web.facebook.com',
  'mbasic.facebook.com',
  'fb.com',
  'www.fb.com',
]);
/** Page usernames: letters, digits and dots, at least five characters; or a numeric id. */
const PAGE = /^(?:[A-Za-z0-9.]{5,50}|\d{5,20})$/;
/** First path segments that are facebook.com's own, not a Page. */
const NOT_PAGES = new Set([
  'profile.php',
  'people',
  'groups',
  'events',
  'watch',
  'marketplace',
  'gaming',
  'stories',
  'photo.php',
  'permalink.php',
  'story.php',
  'share',
  'sharer.php',
  'login',
  'home.php',
  'search',
  'hashtag',
  'messages',
  'notifications',
  'settings',
  'help',
  'policies',
  'privacy',
  'business',
  'ads',
  'pages',
]);

export function recogniseFacebookUrl(url: URL): RecognisedUrl | null {
  if (!HOSTS.has(url.hostname.toLowerCase())) return null;
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  // facebook.com/pg/<page>/posts is an older address of the same Page.
  const page = parts[0] === 'pg' ? parts[1] : parts[0];
  if (!page || NOT_PAGES.has(page.toLowerCase()) || !PAGE.test(page)) return null;
  return {
    follow: 'page',
    settings: { page },
    url: `https://www.facebook.com/${page}`,
  };
}

/**
 * A Page access token (or a system user token) of a Page the user manages, or an app's token
 * approved for Page Public Content Access. Page tokens fall under Business Use Case limits of
 * 4,800 calls per engaged user and 24 hours; the budget field caps what nghe spends below that.
 */
export const facebookCredential: CredentialSpec = {
  fields: [
    {
      name: 'accessToken',
      description: 'a Page access token or system user token (Graph API)',
      secret: true,
    },
    GRAPH_APP_ID_FIELD,
    GRAPH_APP_SECRET_FIELD,
    GRAPH_CALL_BUDGET_FIELD,
  ],
  quotas: {
    calls: GRAPH_CALLS_QUOTA,
  },
  help: 'Meta for Developers > Graph API Explorer or Business Settings > System users > Generate token (pages_read_engagement, pages_read_user_content)',
};
