// The one portable shape of a social item: what `nghe social parse` prints and what `nghe import`
// reads back, so `nghe social parse … | nghe import -` stores what was parsed. Persons appear
// only as an opaque pseudonym, never by name or handle.
import {
  AUTHOR_KINDS,
  type AuthorKind,
  type CollectedMention,
  type Platform,
  type RawAuthor,
} from '../../model.js';

export interface SocialRecord {
  platform: Platform;
  externalId: string;
  url: string | null;
  text: string;
  /** ISO 8601 UTC. */
  publishedAt: string | null;
  parentExternalId: string | null;
  author: { kind: AuthorKind; name: string | null; pseudonym: string | null };
  engagement: {
    likes: number | null;
    replies: number | null;
    shares: number | null;
    views: number | null;
  };
}

/** Pseudonym of a person; the caller holds the installation key. */
export type PersonPseudonym = (platform: Platform, author: RawAuthor) => string;

export function toSocialRecord(
  mention: CollectedMention,
  pseudonym: PersonPseudonym,
): SocialRecord {
  const author = mention.author;
  const kind: AuthorKind = author?.kind ?? 'person';
  return {
    platform: mention.platform,
    externalId: mention.externalId ?? '',
    url: mention.url,
    text: mention.text,
    publishedAt: mention.publishedAt,
    parentExternalId: mention.parentExternalId,
    author: {
      kind,
      name: kind === 'person' ? null : (author?.name ?? null),
      pseudonym: author && kind === 'person' ? pseudonym(mention.platform, author) : null,
    },
    engagement: {
      likes: mention.engagement.likes ?? null,
      replies: mention.engagement.comments ?? null,
      shares: mention.engagement.shares ?? null,
      views: mention.engagement.views ?? null,
    },
  };
}

export class SocialRecordError extends Error {
  override name = 'SocialRecordError';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const optionalString = (value: unknown, name: string): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new SocialRecordError(`"${name}" must be a string`);
  return value;
};

const optionalCount = (value: unknown, name: string): number | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new SocialRecordError(`"${name}" must be a non-negative number`);
  }
  return Math.floor(value);
};

/**
 * A record read back as a collected mention. Only `text` is required; a record without an
 * external id gets one from its content when stored. Persons come back as their pseudonym, which
 * the store pseudonymises again (stable, still not reversible).
 */
export function fromSocialRecord(value: unknown, platforms: ReadonlySet<string>): CollectedMention {
  if (!isObject(value)) throw new SocialRecordError('expected a JSON object');
  if (typeof value.text !== 'string') throw new SocialRecordError('missing string field "text"');
  const platformName = optionalString(value.platform, 'platform') ?? 'import';
  if (!platforms.has(platformName)) {
    throw new SocialRecordError(`unknown platform "${platformName}"`);
  }
  const platform = platformName as Platform;
  const publishedRaw = optionalString(value.publishedAt, 'publishedAt');
  let publishedAt: string | null = null;
  if (publishedRaw !== null) {
    const date = new Date(publishedRaw);
    if (Number.isNaN(date.getTime())) {
      throw new SocialRecordError(`"publishedAt" is not a date: ${publishedRaw.slice(0, 40)}`);
    }
    publishedAt = date.toISOString();
  }
  let author: RawAuthor | null = null;
  if (value.author !== undefined && value.author !== null) {
    if (!isObject(value.author)) throw new SocialRecordError('"author" must be an object');
    const kindRaw = optionalString(value.author.kind, 'author.kind') ?? 'person';
    if (!(AUTHOR_KINDS as readonly string[]).includes(kindRaw)) {
      throw new SocialRecordError(`unknown author kind "${kindRaw}"`);
    }
    const kind = kindRaw as AuthorKind;
    const name = optionalString(value.author.name, 'author.name');
    const pseudonym = optionalString(value.author.pseudonym, 'author.pseudonym');
    // A person is known by pseudonym only: a name given for one is dropped, never stored.
    const nativeId = kind === 'person' ? pseudonym : (name ?? pseudonym);
    if (nativeId) author = { nativeId, name: kind === 'person' ? null : name, kind };
  }
  const engagement = isObject(value.engagement) ? value.engagement : {};
  const counts = {
    likes: optionalCount(engagement.likes, 'engagement.likes'),
    comments: optionalCount(engagement.replies, 'engagement.replies'),
    shares: optionalCount(engagement.shares, 'engagement.shares'),
    views: optionalCount(engagement.views, 'engagement.views'),
  };
  return {
    platform,
    url: optionalString(value.url, 'url'),
    externalId: optionalString(value.externalId, 'externalId') || null,
    author,
    publishedAt,
    updatedAt: null,
    language: null,
    title: optionalString(value.title, 'title'),
    text: value.text,
    html: null,
    categories: [],
    engagement: Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== undefined)),
    parentExternalId: optionalString(value.parentExternalId, 'parentExternalId'),
    raw: null,
  };
}
