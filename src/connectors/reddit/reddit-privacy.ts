// What names a person in a Reddit API body: `author` and its `author_*` companions (flair, avatar,
// premium), the moderators who acted on an item, oEmbed bylines, and `u/name` in texts and links.
// `author_fullname` (t2_…) is an id and stays.
import { PersonMasker } from '../social/person-privacy.js';

const PERSON_KEYS = new Set([
  'author',
  'link_author',
  'approved_by',
  'banned_by',
  'mod_reason_by',
  'removed_by',
  'mod_reports',
  'mod_reports_dismissed',
  'awarders',
  'icon_img',
  'profile_img',
]);

/** Usernames are 3 to 20 letters, digits, `_` or `-`. */
const NAME = '[A-Za-z0-9_-]{3,20}(?![A-Za-z0-9_-])';

const MENTIONS = [
  // u/name and /u/name in text, reddit.com/u/name in links
  { pattern: new RegExp(`(?<![\\p{L}\\p{N}_-])u/(?<handle>${NAME})`, 'gu'), replacement: 'user' },
  // reddit.com/user/name
  { pattern: new RegExp(`(?<=/)user/(?<handle>${NAME})`, 'gu'), replacement: 'user' },
  // a user's own profile subreddit: u_name, /r/u_name/…
  { pattern: new RegExp(`(?<![\\p{L}\\p{N}_-])u_(?<handle>${NAME})`, 'gu'), replacement: 'user' },
];

export function redditPersonMasker(): PersonMasker {
  return new PersonMasker({
    dropKey: (key) =>
      PERSON_KEYS.has(key) || (key.startsWith('author_') && key !== 'author_fullname'),
    mentions: MENTIONS,
  });
}

/** A post or comment on a user's profile page: its permalink names the user. */
export function isProfilePermalink(permalink: string): boolean {
  return /^\/(?:r\/u_|u\/|user\/)/i.test(permalink);
}
