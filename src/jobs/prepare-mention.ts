// Turns what a connector collected into what the store keeps: canonical URL, a stable external
// id, a pseudonymous author, Unicode NFC text. The raw author never reaches the store, and
// neither does any field of `raw` that names a person who wrote it.
import { createHash } from 'node:crypto';
import type { CollectedMention, MentionInput } from '../model.js';
import { canonicalizeUrl } from '../net/canonical-url.js';
import type { Pseudonymiser } from './pseudonymise.js';
import { withoutPersonFields } from './pseudonymise-raw.js';

const nfc = (value: string | null) => (value === null ? null : value.normalize('NFC'));

/**
 * On the open web an article's identity is its URL: two feeds of one outlet give it different
 * guids, or none. Elsewhere the platform's own id is the identity.
 */
export function externalIdFor(
  mention: CollectedMention,
  canonicalUrl: string | null,
  sourceUrl: string | null,
): string {
  if (mention.platform === 'web' && canonicalUrl) return canonicalUrl;
  if (mention.externalId) {
    if (mention.platform !== 'web') return mention.externalId;
    // A guid without a URL is only unique within its feed.
    return `${sourceUrl ?? ''}#${mention.externalId}`;
  }
  if (canonicalUrl) return canonicalUrl;
  const digest = createHash('sha256')
    .update(`${sourceUrl ?? ''}\u0000${mention.title ?? ''}\u0000${mention.text}`)
    .digest('base64url');
  return `sha256:${digest.slice(0, 32)}`;
}

export function prepareMention(
  mention: CollectedMention,
  options: {
    pseudonymise: Pseudonymiser;
    collectedAt: string;
    sourceUrl: string | null;
    /** The source's `settings`: its `province` helps place tagging. */
    sourceSettings?: Record<string, unknown>;
  },
): MentionInput {
  const province = options.sourceSettings?.province;
  const canonicalUrl = mention.url
    ? canonicalizeUrl(mention.url, options.sourceUrl ?? undefined)
    : null;
  return {
    platform: mention.platform,
    canonicalUrl,
    externalId: externalIdFor(mention, canonicalUrl, options.sourceUrl),
    author: mention.author ? options.pseudonymise(mention.platform, mention.author) : null,
    publishedAt: mention.publishedAt,
    collectedAt: options.collectedAt,
    language: mention.language,
    title: nfc(mention.title),
    text: mention.text.normalize('NFC'),
    html: nfc(mention.html),
    categories: mention.categories.map((c) => c.normalize('NFC')),
    engagement: mention.engagement,
    parentExternalId: mention.parentExternalId,
    threadRootExternalId: mention.threadRootExternalId ?? null,
    updatedAt: mention.updatedAt,
    deleted: mention.deleted === true,
    raw: withoutPersonFields(mention.raw, mention.author),
    analysis: null,
    ...(typeof province === 'string' && province !== '' ? { homeProvince: province } : {}),
  };
}
