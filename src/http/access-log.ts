// One line per request: method, path, status, time and token name. Never the token itself, and
// query values of keys that look secret are masked, and so are the OpenID Connect callback's
// `code` (exchangeable for a session) and `state` (binds the callback to the browser).
const SECRET_KEY = /token|key|secret|pass|auth|sig|session|^code$|^state$/i;

/** A path URL parsing would leave as it is: no dot segments, nothing to encode. */
const PLAIN_PATH = /^\/(?:[A-Za-z0-9_~-][A-Za-z0-9_.~-]*(?:\/|$))*$/;

/** Path and query of a URL or path, parsed only when the path is not plain. */
function pathAndQuery(url: string): { path: string; search: URLSearchParams | null } {
  const origin = /^https?:\/\/[^/?#]*/i.exec(url)?.[0].length ?? 0;
  const at = url.indexOf('?', origin);
  const path = url.slice(origin, at < 0 ? undefined : at);
  if (PLAIN_PATH.test(path) && !url.includes('#', origin)) {
    const query = at < 0 ? '' : url.slice(at + 1);
    return { path, search: query === '' ? null : new URLSearchParams(query) };
  }
  const parsed = new URL(url, 'http://local');
  return { path: parsed.pathname, search: parsed.search ? parsed.searchParams : null };
}

export function redactedPath(url: string): string {
  const { path, search } = pathAndQuery(url);
  if (!search) return path;
  const parts: string[] = [];
  for (const [key, value] of search) {
    parts.push(
      `${encodeURIComponent(key)}=${SECRET_KEY.test(key) ? '***' : encodeURIComponent(value)}`,
    );
  }
  return `${path}?${parts.join('&')}`;
}

export function accessLine(
  method: string,
  url: string,
  status: number,
  ms: number,
  tokenName: string | null,
): string {
  return `${method} ${redactedPath(url)} ${status} ${ms.toFixed(1)}ms ${tokenName ?? '-'}`;
}
