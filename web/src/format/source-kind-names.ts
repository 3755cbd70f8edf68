// How a source kind is named on screen, from the one list of kinds (src/connectors/source-kinds.ts):
// web kinds have names of their own in each language; a platform kind is named as its platform.
import type { SourceKind } from '../../../src/connectors/source-kinds.js';
import type { MessageKey } from '../i18n/vi.js';
import { platformName } from './platform-names.js';

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

// Keyed by every kind, so a new kind cannot be added without saying how it is named.
const KIND_NAMES: Record<SourceKind, { key: MessageKey } | { platform: string }> = {
  feed: { key: 'kindFeed' },
  sitemap: { key: 'kindSitemap' },
  article: { key: 'kindArticle' },
  youtube: { platform: 'youtube' },
  reddit: { platform: 'reddit' },
  mastodon: { platform: 'mastodon' },
  bluesky: { platform: 'bluesky' },
  telegram: { platform: 'telegram' },
  x: { platform: 'x' },
  tiktok: { platform: 'tiktok' },
  facebook: { platform: 'facebook' },
  instagram: { platform: 'instagram' },
  zalo: { platform: 'zalo' },
};

/** The kind's name in the reader's language; an unknown kind as the API sent it. */
export function sourceKindName(kind: string, t: Translate): string {
  const name = (KIND_NAMES as Record<string, (typeof KIND_NAMES)[SourceKind] | undefined>)[kind];
  if (!name) return kind;
  return 'key' in name ? t(name.key) : platformName(name.platform, t);
}
