// What every import reader yields: a mention ready for the collection pipeline, or a row error
// with its line, so one bad row is reported and the rows around it are still stored.
import {
  AUTHOR_KINDS,
  type AuthorKind,
  type CollectedMention,
  type Engagement,
  PLATFORMS,
  type Platform,
  type RawAuthor,
} from '../../model.js';
import { personSafeUrl } from './person-urls.js';

export type ImportRow = ImportedMention | ImportRowError;

export interface ImportedMention {
  /** 1-based line where the row starts in the file. */
  line: number;
  mention: CollectedMention;
}

export interface ImportRowError {
  line: number;
  reason: string;
  /** The start of the row as read, for the error report. */
  excerpt: string;
}

export const isRowError = (row: ImportRow): row is ImportRowError => 'reason' in row;

/** A reason a single row cannot be imported; readers turn it into an ImportRowError. */
export class RowError extends Error {
  override name = 'RowError';
}

/** The input as a whole cannot be read in the asked format (one line for the user). */
export class ImportFormatError extends Error {
  override name = 'ImportFormatError';
}

const EXCERPT_CHARS = 200;

export function excerptOf(raw: string): string {
  const flat = raw.replace(/\r?\n$/, '');
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

export const PLATFORM_NAMES: ReadonlySet<string> = new Set(PLATFORMS);

export function platformNamed(name: string): Platform {
  const lower = name.trim().toLowerCase();
  if (!PLATFORM_NAMES.has(lower)) {
    throw new RowError(`unknown platform "${name.slice(0, 40)}"; one of: ${PLATFORMS.join(', ')}`);
  }
  return lower as Platform;
}

export function authorKindNamed(name: string): AuthorKind {
  const lower = name.trim().toLowerCase();
  if (!(AUTHOR_KINDS as readonly string[]).includes(lower)) {
    throw new RowError(
      `unknown author kind "${name.slice(0, 40)}"; one of: ${AUTHOR_KINDS.join(', ')}`,
    );
  }
  return lower as AuthorKind;
}

/**
 * The author as the pipeline pseudonymises it. A person is known by id only: the name is never
 * passed on, not even as an id, so it cannot reach the store. Pages, channels and outlets keep
 * their name, and are identified by it when the export has no id.
 */
export function rawAuthor(
  kind: AuthorKind,
  id: string | null,
  name: string | null,
): RawAuthor | null {
  if (kind === 'person') return id ? { nativeId: id, name: null, kind } : null;
  const nativeId = id ?? name;
  return nativeId ? { nativeId, name, kind } : null;
}

/** The fields an export row can give, already typed. */
export interface MentionFields {
  platform: Platform;
  text: string | null;
  title?: string | null;
  publishedAt?: string | null;
  externalId?: string | null;
  url?: string | null;
  parentExternalId?: string | null;
  threadRootExternalId?: string | null;
  author?: RawAuthor | null;
  engagement?: Engagement;
  language?: string | null;
}

/** A collected mention from an export's fields; a row with neither text nor title is an error. */
export function mentionFrom(fields: MentionFields): CollectedMention {
  const title = fields.title?.trim() ? fields.title : null;
  const text = fields.text?.trim() ? fields.text : (title ?? '');
  if (text === '') throw new RowError('no text');
  const externalId = fields.externalId?.trim() ? fields.externalId.trim() : null;
  const other = (id: string | null | undefined) => {
    const value = id?.trim() ? id.trim() : null;
    // Exports often give a post's own id as its thread or parent; that is no parent.
    return value === externalId ? null : value;
  };
  const url = fields.url?.trim() ? fields.url.trim() : null;
  const byPerson = (fields.author?.kind ?? 'person') === 'person';
  const mention: CollectedMention = {
    platform: fields.platform,
    url: byPerson ? personSafeUrl(url) : url,
    externalId,
    author: fields.author ?? null,
    publishedAt: fields.publishedAt ?? null,
    updatedAt: null,
    language: fields.language?.trim() ? fields.language.trim() : null,
    title,
    text,
    html: null,
    categories: [],
    engagement: fields.engagement ?? {},
    parentExternalId: other(fields.parentExternalId),
    // Imports keep no raw payload: it would carry persons' names and handles.
    raw: null,
  };
  const root = other(fields.threadRootExternalId);
  if (root) mention.threadRootExternalId = root;
  return mention;
}
