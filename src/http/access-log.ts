// One line per request: method, path, status, time and token name. Never the token itself, and
// query values of keys that look secret are masked.
const SECRET_KEY = /token|key|secret|pass|auth|sig|session/i;

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
