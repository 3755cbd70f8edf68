// One line per request: method, path, status, time and token name. Never the token itself, and
// query values of keys that look secret are masked, and so are the OpenID Connect callback's
// `code` (exchangeable for a session) and `state` (binds the callback to the browser).
const SECRET_KEY = /token|key|secret|pass|auth|sig|session|^code$|^state$/i;

export function redactedPath(url: string): string {
  const parsed = new URL(url, 'http://local');
  if (!parsed.search) return parsed.pathname;
  const parts: string[] = [];
  for (const [key, value] of parsed.searchParams) {
    parts.push(
      `${encodeURIComponent(key)}=${SECRET_KEY.test(key) ? '***' : encodeURIComponent(value)}`,
    );
  }
  return `${parsed.pathname}?${parts.join('&')}`;
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
