// A source's state in plain words: what it follows, and whether it collects, waits for a quota
// or a credential, or fails. The server's own one-line reason stays available as detail.
import type { Source } from '../../../src/http/api-types.js';
import type { Locale } from '../i18n/locale.js';
import type { MessageKey } from '../i18n/vi.js';
import { followTarget, platformName } from './platform-names.js';
import { sourceKindName } from './source-kind-names.js';

const FOLLOW_KEYS: Record<string, MessageKey> = {
  channel: 'followChannel',
  video: 'followVideo',
  subreddit: 'followSubreddit',
  post: 'followPost',
  search: 'followSearch',
  hashtag: 'followHashtag',
  local: 'followLocal',
  profile: 'followProfile',
  feed: 'followFeed',
  sitemap: 'followSitemap',
  article: 'followArticle',
};

/** The platform a source kind collects from: web kinds are news sites. */
export function platformOfKind(kind: string): string {
  return kind === 'feed' || kind === 'sitemap' || kind === 'article' ? 'web' : kind;
}

/** "channel @vtv24", "hashtag #hanoi (mastodon.social)", "RSS/Atom feed". */
export function describeFollow(
  kind: string,
  follow: string | null,
  settings: Record<string, unknown>,
  locale: Locale,
): string {
  const what = follow ?? kind;
  const key = FOLLOW_KEYS[what];
  const target = followTarget(settings);
  return [key ? locale.t(key) : sourceKindName(what, locale.t), target].filter(Boolean).join(' ');
}

export function sourceFollows(source: Source, locale: Locale): string {
  const { follow, ...settings } = source.settings;
  return describeFollow(source.kind, typeof follow === 'string' ? follow : null, settings, locale);
}

export interface SourceStatus {
  label: string;
  className: 'status-ok' | 'status-bad' | 'status-off' | 'status-wait';
  /** What is going on and what to do, in the reader's language; null when all is well. */
  reason: string | null;
  /** The server's own line, for the curious. */
  detail: string | null;
}

export function sourceStatus(source: Source, locale: Locale): SourceStatus {
  const { health } = source;
  const platform = platformName(platformOfKind(source.kind), locale.t);
  if (!source.enabled)
    return { label: locale.t('disabled'), className: 'status-off', reason: null, detail: null };
  if (health.paused) {
    return {
      label: locale.t('paused'),
      className: 'status-wait',
      reason: health.paused.until
        ? locale.t('pausedQuota', { time: locale.dateTime(health.paused.until) })
        : locale.t('pausedNoCredential', { platform, kind: source.kind }),
      detail: health.paused.reason,
    };
  }
  if (health.consecutiveFailures > 0) {
    return {
      label: locale.t('failing'),
      className: 'status-bad',
      reason:
        health.credential?.status === 'invalid'
          ? locale.t('invalidCredential', { kind: source.kind })
          : null,
      detail: health.lastError,
    };
  }
  if (!health.lastAttemptAt)
    return { label: locale.t('notFetched'), className: 'status-off', reason: null, detail: null };
  return { label: locale.t('healthy'), className: 'status-ok', reason: null, detail: null };
}
