// Applies a CSV profile to a header row once, then turns each row into a mention. The generic
// profile comes from `--map field=Column,…`, on top of columns already named like a field.
import {
  AUTHOR_KINDS,
  type AuthorKind,
  type CollectedMention,
  type Platform,
} from '../../model.js';
import { CSV_FIELDS, type CsvField, type CsvProfile } from './csv-profiles.js';
import { exportDate } from './export-dates.js';
import {
  authorKindNamed,
  ImportFormatError,
  mentionFrom,
  platformNamed,
  RowError,
  rawAuthor,
} from './import-row.js';

const FIELD_NAMES: ReadonlySet<string> = new Set(CSV_FIELDS);

/** `text=Message,publishedAt=Date` as field → column. */
export function parseColumnMap(spec: string): Partial<Record<CsvField, string>> {
  const map: Partial<Record<CsvField, string>> = {};
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const field = part.slice(0, eq).trim();
    const column = part.slice(eq + 1).trim();
    if (eq < 0 || column === '')
      throw new ImportFormatError(`--map: "${part}" is not field=Column`);
    if (!FIELD_NAMES.has(field)) {
      throw new ImportFormatError(
        `--map: unknown field "${field}"; one of: ${CSV_FIELDS.join(', ')}`,
      );
    }
    map[field as CsvField] = column;
  }
  return map;
}

const identityKinds = Object.fromEntries(AUTHOR_KINDS.map((k) => [k, k])) as Record<
  string,
  AuthorKind
>;

/** A profile for any CSV: columns named like a field are used as that field, then `map`. */
export function mappedProfile(header: readonly string[], map: Partial<Record<CsvField, string>>) {
  const columns: Partial<Record<CsvField, string[]>> = {};
  for (const name of header) {
    const field = CSV_FIELDS.find((f) => f.toLowerCase() === name.trim().toLowerCase());
    if (field) columns[field] = [name];
  }
  for (const [field, column] of Object.entries(map)) columns[field as CsvField] = [column];
  const profile: CsvProfile = {
    name: 'csv',
    format: 'csv',
    recognisedBy: [],
    columns,
    platform: null,
    authorKind: { values: identityKinds, otherwise: 'person', strict: true },
  };
  return profile;
}

export interface RowDefaults {
  /** `--platform`: wins over the export's own platform, not over a platform column. */
  platform?: Platform;
}

export type RowMapper = (cells: readonly string[]) => CollectedMention;

const HOST_PLATFORMS: readonly [RegExp, Platform][] = [
  [/(^|\.)(facebook\.com|fb\.com|fb\.watch)$/, 'facebook'],
  [/(^|\.)instagram\.com$/, 'instagram'],
];

function platformOfUrl(url: string | null): Platform | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return HOST_PLATFORMS.find(([pattern]) => pattern.test(host))?.[1] ?? null;
  } catch {
    return null;
  }
}

function countCell(value: string | null, field: string): number | undefined {
  if (value === null) return undefined;
  const digits = value.trim().replace(/[,_\s]/g, '');
  if (!/^\d+(\.0+)?$/.test(digits))
    throw new RowError(`${field}: not a count: "${value.slice(0, 40)}"`);
  return Math.floor(Number(digits));
}

/** Checks the profile against the header and returns the row mapper. */
export function compileProfile(
  profile: CsvProfile,
  header: readonly string[],
  defaults: RowDefaults = {},
): RowMapper {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  const positions = (columns: readonly string[] | undefined) =>
    (columns ?? [])
      .map((c) => index.get(c.toLowerCase()))
      .filter((i): i is number => i !== undefined);
  const at = Object.fromEntries(
    CSV_FIELDS.map((field) => [field, positions(profile.columns[field])]),
  ) as Record<CsvField, number[]>;
  if (at.text.length === 0 && at.title.length === 0) {
    const named = profile.columns.text?.join('", "');
    throw new ImportFormatError(
      named
        ? `no column "${named}" for the text; the header has: ${header.join(', ').slice(0, 200)}`
        : `which column is the text? use --map text=Column; the header has: ${header.join(', ').slice(0, 200)}`,
    );
  }
  const templateColumns = [...(profile.urlTemplate ?? '').matchAll(/\{([^}]+)\}/g)].map((m) => ({
    placeholder: m[0],
    at: index.get(m[1]!.toLowerCase()),
  }));

  return (cells) => {
    const get = (field: CsvField): string | null => {
      for (const i of at[field]) {
        const value = cells[i];
        if (value !== undefined && value.trim() !== '') return value;
      }
      return null;
    };
    let url = get('url');
    if (!url && profile.urlTemplate) {
      let built = profile.urlTemplate;
      for (const { placeholder, at: i } of templateColumns) {
        const value = i === undefined ? '' : (cells[i]?.trim() ?? '');
        built = value ? built.replace(placeholder, encodeURIComponent(value)) : '';
      }
      url = built || null;
    }
    const platformCell = get('platform');
    const platform =
      (platformCell !== null ? platformNamed(platformCell) : null) ??
      defaults.platform ??
      (profile.platformFromUrl ? platformOfUrl(url) : null) ??
      profile.platform ??
      'import';
    const kind = authorKindOf(profile, get('authorKind'));
    return mentionFrom({
      platform,
      text: get('text'),
      title: get('title'),
      publishedAt: exportDate(get('publishedAt'), 'publishedAt'),
      externalId: get('externalId'),
      url,
      parentExternalId: get('parentExternalId'),
      threadRootExternalId: get('threadRootExternalId'),
      author: rawAuthor(kind, get('authorId')?.trim() || null, get('authorName')?.trim() || null),
      engagement: dropUndefined({
        likes: countCell(get('likes'), 'likes'),
        comments: countCell(get('replies'), 'replies'),
        shares: countCell(get('shares'), 'shares'),
        views: countCell(get('views'), 'views'),
      }),
      language: get('language'),
    });
  };
}

function authorKindOf(profile: CsvProfile, value: string | null): AuthorKind {
  const rule = profile.authorKind;
  if (typeof rule === 'string') return rule;
  if (value === null) return rule.otherwise;
  const known = rule.values[value.trim().toLowerCase()];
  if (known) return known;
  if (rule.strict) return authorKindNamed(value);
  return rule.otherwise;
}

function dropUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
