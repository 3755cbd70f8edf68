// Post addresses often carry the author's handle (tiktok.com/@handle/video/…,
// x.com/handle/status/…). For a person's post the handle must not be stored, so the address is
// rewritten to the platform's handle-free form, or dropped when it has none.

/** [host pattern, path pattern, handle-free address from the match] */
const REWRITES: readonly [RegExp, RegExp, (m: RegExpExecArray) => string][] = [
  [
    /(^|\.)tiktok\.com$/,
    /^\/@[^/]+\/(video|photo)\/(\d+)/,
    (m) => `https://www.tiktok.com/@/${m[1]}/${m[2]}`,
  ],
  [
    /(^|\.)(x|twitter)\.com$/,
    /^\/[^/]+\/status(?:es)?\/(\d+)/,
    (m) => `https://x.com/i/web/status/${m[1]}`,
  ],
  [
    /(^|\.)threads\.(net|com)$/,
    /^\/@[^/]+\/post\/([\w-]+)/,
    (m) => `https://www.threads.net/t/${m[1]}`,
  ],
  [
    /(^|\.)instagram\.com$/,
    /^\/(?:[^/]+\/)?(p|reel|tv)\/([\w-]+)/,
    (m) => `https://www.instagram.com/${m[1]}/${m[2]}/`,
  ],
];

/** Paths that name an account rather than a post, on any site. */
const HANDLE_SEGMENT = /^\/(@[^/]+|u|user|users|profile\.php)(\/|$)/i;
/** facebook.com/<vanity name>/posts/…: the name is the person's; numeric ids are not names. */
const FACEBOOK_VANITY = /^\/(?!\d+\/)[^/]+\/(posts|videos|photos)\//;

export function personSafeUrl(url: string | null): string | null {
  if (url === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname.toLowerCase();
  for (const [hostPattern, pathPattern, rewrite] of REWRITES) {
    if (!hostPattern.test(host)) continue;
    const m = pathPattern.exec(parsed.pathname);
    if (m) return rewrite(m);
  }
  if (HANDLE_SEGMENT.test(parsed.pathname)) return null;
  if (/(^|\.)facebook\.com$/.test(host) && FACEBOOK_VANITY.test(parsed.pathname)) return null;
  return url;
}
