// A source's last error in plain words: the server's one-line reason read for what it means,
// so an analyst sees "the server answered 404 (page not found)" rather than a stack of codes.
import type { Source } from '../../../src/http/api-types.js';
import type { AnalystKey, AnalystText } from './analyst-messages.js';

const PATTERNS: [RegExp, AnalystKey][] = [
  [/timed? ?out|timeout|slow/i, 'errorTimeout'],
  [/ENOTFOUND|EAI_AGAIN|getaddrinfo|name not resolved|dns/i, 'errorDns'],
  [/ECONNREFUSED|connection refused/i, 'errorRefused'],
  [/private|loopback|link-local|allowPrivateAddresses/i, 'errorPrivate'],
  [/robots/i, 'errorRobots'],
  [/not a feed|not an? (rss|atom|feed)|no feed/i, 'errorNotFeed'],
  [/too large|exceeds|body size/i, 'errorTooLarge'],
  [/certificate|TLS|SSL/i, 'errorTls'],
];

export function plainSourceError(error: string, t: AnalystText): string {
  const http = /\bHTTP (\d{3})\b/.exec(error);
  if (http) {
    const code = Number(http[1]);
    const what =
      code === 404 || code === 410
        ? t('errorNotFound')
        : code === 401 || code === 403
          ? t('errorForbidden')
          : code >= 500
            ? t('errorUnavailable')
            : '';
    return t('errorHttp', { code, what });
  }
  for (const [pattern, key] of PATTERNS) if (pattern.test(error)) return t(key);
  return t('errorOther');
}

/** Enabled sources whose last fetch failed: a source that recovered since is not among them. */
export function failingSources(sources: Source[]): Source[] {
  return sources.filter(
    (source) =>
      source.enabled && source.health.consecutiveFailures > 0 && source.health.lastError !== null,
  );
}
