// How platforms and what a source follows are named on screen. Brand names are the same in both
// languages; news sites and imports are translated. Each platform gets a short mark drawn in
// its colour, so lists stay readable without image assets.
import type { Platform } from '../../../src/model.js';
import type { MessageKey } from '../i18n/vi.js';

interface PlatformLook {
  /** The brand's own name, or a message key for what has none. */
  name: string | MessageKey;
  translated: boolean;
  /** Two letters at most, drawn on the platform's colour. */
  mark: string;
  colour: string;
}

// Keyed by every platform, so a new one cannot be added without its look.
const LOOKS: Record<Platform, PlatformLook> = {
  web: { name: 'platformWeb', translated: true, mark: 'W', colour: '#3d5a80' },
  youtube: { name: 'YouTube', translated: false, mark: '▶', colour: '#cc0000' },
  reddit: { name: 'Reddit', translated: false, mark: 'r/', colour: '#d93a00' },
  x: { name: 'X', translated: false, mark: '𝕏', colour: '#0f1419' },
  facebook: { name: 'Facebook', translated: false, mark: 'f', colour: '#1565c0' },
  instagram: { name: 'Instagram', translated: false, mark: 'Ig', colour: '#b02a78' },
  tiktok: { name: 'TikTok', translated: false, mark: '♪', colour: '#00796b' },
  bluesky: { name: 'Bluesky', translated: false, mark: 'B', colour: '#0066cc' },
  mastodon: { name: 'Mastodon', translated: false, mark: 'M', colour: '#5b4ad1' },
  telegram: { name: 'Telegram', translated: false, mark: 'T', colour: '#1b7fb8' },
  zalo: { name: 'Zalo', translated: false, mark: 'Z', colour: '#0068ff' },
  import: { name: 'platformImport', translated: true, mark: '⇪', colour: '#6d6d6d' },
};

export function platformLook(platform: string): { mark: string; colour: string } {
  const look = (LOOKS as Record<string, PlatformLook | undefined>)[platform];
  return look ?? { mark: platform.slice(0, 1).toUpperCase(), colour: '#6d6d6d' };
}

/** The platform's proper name in the reader's language; an unknown one as the API sent it. */
export function platformName(
  platform: string,
  t: (key: MessageKey, values?: Record<string, string | number>) => string,
): string {
  const look = (LOOKS as Record<string, PlatformLook | undefined>)[platform];
  if (!look) return platform;
  return look.translated ? t(look.name as MessageKey) : look.name;
}

/** Settings names that say what a source follows, most telling first. */
const TARGETS: [string, (value: string) => string][] = [
  ['handle', (v) => `@${v}`],
  ['channelId', (v) => v],
  ['username', (v) => v],
  ['videoId', (v) => v],
  ['postId', (v) => v],
  ['rkey', (v) => v],
  ['tag', (v) => `#${v}`],
  ['query', (v) => `“${v}”`],
  ['subreddit', (v) => `r/${v}`],
  ['channel', (v) => v],
  ['actor', (v) => `@${v}`],
];

/** What a source's settings name as its target, e.g. `@vtv24` or `#hanoi`; null for none. */
export function followTarget(settings: Record<string, unknown>): string | null {
  const parts: string[] = [];
  for (const [name, show] of TARGETS) {
    const value = settings[name];
    if (typeof value === 'string' && value !== '') parts.push(show(value));
  }
  const instance = settings.instance;
  if (typeof instance === 'string' && instance !== '') {
    try {
      parts.push(`(${new URL(instance).host})`);
    } catch {
      parts.push(`(${instance})`);
    }
  }
  return parts.length > 0 ? parts.join(' ') : null;
}
