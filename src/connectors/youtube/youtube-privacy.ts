// What names a person in a YouTube Data API body: a comment's author fields, and `@handle`
// mentions in comment text (replies start with the handle of the person they answer).
import { PersonMasker } from '../social/person-privacy.js';

const AUTHOR_KEYS = new Set([
  'authorDisplayName',
  'authorProfileImageUrl',
  'authorChannelUrl',
  'authorGoogleplusProfileUrl',
]);

/** Handles are 3 to 30 letters, digits, `_`, `-` or `.`, not ending in punctuation. */
const HANDLE_MENTION =
  /(?<![\p{L}\p{N}_.@-])@(?<handle>[\p{L}\p{N}_][\p{L}\p{N}_.-]{1,28}[\p{L}\p{N}_])/gu;

export function youtubePersonMasker(): PersonMasker {
  return new PersonMasker({
    dropKey: (key) => AUTHOR_KEYS.has(key),
    mentions: [{ pattern: HANDLE_MENTION, replacement: 'user' }],
  });
}

/** The handle in a channel address such as `http://www.youtube.com/@nguyenvana`. */
export function handleFromChannelUrl(url: string | null): string | null {
  const found = url ? /youtube\.com\/@([^/?#]+)/.exec(url) : null;
  if (!found?.[1]) return null;
  try {
    return decodeURIComponent(found[1]);
  } catch {
    return found[1];
  }
}
