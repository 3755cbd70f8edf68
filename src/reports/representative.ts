// Representative mentions of a report figure, within the privacy rules: mentions by public
// authors (outlets, pages, channels) first, then by engagement; a person is never named, and
// a person's post is shown without its address or pseudonym, only as "a person on PLATFORM".
import type { Mention } from '../model.js';

export interface RepresentativeMention {
  id: number;
  platform: string;
  publishedAt: string | null;
  /** Public authors only: the outlet, page or channel; null for a person. */
  author: string | null;
  authorKind: 'person' | 'page' | 'channel' | 'outlet' | 'unknown';
  title: string | null;
  /** The first characters of the text. */
  excerpt: string;
  /** Public authors only. */
  url: string | null;
  sentiment: string | null;
}

const EXCERPT_CHARS = 280;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_CHARS ? flat : `${flat.slice(0, EXCERPT_CHARS - 1).trimEnd()}…`;
}

function engagementOf(m: Mention): number {
  const e = m.engagement;
  return (e.likes ?? 0) + 2 * (e.comments ?? 0) + 3 * (e.shares ?? 0);
}

const isPublic = (m: Mention) => m.author !== null && m.author.kind !== 'person';

export function toRepresentative(m: Mention): RepresentativeMention {
  const open = isPublic(m);
  return {
    id: m.id,
    platform: m.platform,
    publishedAt: m.publishedAt,
    author: open ? m.author!.displayName : null,
    authorKind: m.author?.kind ?? 'unknown',
    title: m.title,
    excerpt: excerpt(m.text),
    url: open ? m.canonicalUrl : null,
    sentiment: m.analysis?.sentiment ?? null,
  };
}

/** `count` mentions: public authors first, then the most engaged; one per author. */
export function pickRepresentative(
  mentions: readonly Mention[],
  count = 3,
): RepresentativeMention[] {
  const ranked = mentions
    .filter((m) => m.deletedAt === null && m.text.trim().length > 0)
    .sort(
      (a, b) =>
        Number(isPublic(b)) - Number(isPublic(a)) ||
        engagementOf(b) - engagementOf(a) ||
        a.id - b.id,
    );
  const seen = new Set<string>();
  const out: RepresentativeMention[] = [];
  for (const m of ranked) {
    const key = m.author?.key ?? `m${m.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(toRepresentative(m));
    if (out.length === count) break;
  }
  return out;
}
