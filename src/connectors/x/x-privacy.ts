// What names a person in an X API v2 body: `username` (in mention entities, note tweets), the
// `@handle` mentions of the text itself, and x.com / twitter.com links that carry a handle.
import { PersonMasker } from '../social/person-privacy.js';

const PERSON_KEYS = new Set(['username', 'profile_image_url', 'profile_banner_url']);

/** Handles are 1 to 15 letters, digits or `_`. */
const HANDLE = '[A-Za-z0-9_]{1,15}(?![A-Za-z0-9_])';

/** Paths of x.com that are not accounts. */
const SITE_PATHS = 'i|intent|hashtag|search|home|share|explore|settings|messages|notifications';

const MENTIONS = [
  { pattern: new RegExp(`(?<![\\p{L}\\p{N}_@])@(?<handle>${HANDLE})`, 'gu'), replacement: 'user' },
  {
    pattern: new RegExp(
      `(?<![\\p{L}\\p{N}_.-])(?:(?:www|mobile)\\.)?(?:twitter|x)\\.com/(?!(?:${SITE_PATHS})(?![A-Za-z0-9_]))(?<handle>${HANDLE})`,
      'giu',
    ),
    // x.com/i/status/ID still leads to the post.
    replacement: 'i',
  },
];

export function xPersonMasker(): PersonMasker {
  return new PersonMasker({
    dropKey: (key) => PERSON_KEYS.has(key),
    mentions: MENTIONS,
  });
}
