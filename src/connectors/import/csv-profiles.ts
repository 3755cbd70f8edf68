// The CSV exports nghe recognises, declared as data: how each is recognised from its header row
// and which columns give which field. Adding an export tool is one entry here.
//
// Column names follow each tool's documented export: CrowdTangle's historical-data CSV (Facebook
// pages and groups, Instagram accounts), Meta Content Library's flattened CSV, 4CAT's CSV export
// and YouTube Data Tools' comment and video lists. Persons are pseudonymised by id and never
// named; pages and channels keep their names.
import type { AuthorKind, Platform } from '../../model.js';

/** Fields a CSV column can be mapped to (`--map field=Column`). */
export const CSV_FIELDS = [
  'text',
  'title',
  'publishedAt',
  'externalId',
  'url',
  'parentExternalId',
  'threadRootExternalId',
  'authorKind',
  'authorName',
  'authorId',
  'likes',
  'replies',
  'shares',
  'views',
  'language',
  'platform',
] as const;

export type CsvField = (typeof CSV_FIELDS)[number];

/** Import formats a user can name with `--format`; CSV profiles belong to one of them. */
export const IMPORT_FORMATS = [
  'jsonl',
  'zeeschuimer',
  'csv',
  'crowdtangle',
  'meta-content-library',
  '4cat',
  'youtube-data-tools',
] as const;

export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** How a row's author kind is known: fixed for the export, or read from its authorKind column. */
export type AuthorKindRule =
  | AuthorKind
  | {
      /** Lower-case column value → kind. */
      values: Readonly<Record<string, AuthorKind>>;
      /** Kind of an empty value, and of any other value unless `strict`. */
      otherwise: AuthorKind;
      /** Any other value is a row error. */
      strict?: boolean;
    };

export interface CsvProfile {
  name: string;
  format: ImportFormat;
  /** Header names (case-insensitive) that are all present in this export's header row. */
  recognisedBy: readonly string[];
  /** Candidate columns of each field, case-insensitive; the first non-empty value wins. */
  columns: Partial<Record<CsvField, readonly string[]>>;
  /** Platform of every row unless a platform column, `--platform` or the URL says otherwise. */
  platform: Platform | null;
  /** The row's URL host names its platform (an export that spans Facebook and Instagram). */
  platformFromUrl?: boolean;
  authorKind: AuthorKindRule;
  /** URL built from other columns when no URL column has one; `{column}` placeholders. */
  urlTemplate?: string;
}

export const CSV_PROFILES: readonly CsvProfile[] = [
  {
    name: 'crowdtangle-facebook',
    format: 'crowdtangle',
    recognisedBy: ['Facebook Id', 'Post Created', 'URL'],
    columns: {
      text: ['Message', 'Image Text', 'Description'],
      title: ['Link Text'],
      publishedAt: ['Post Created'],
      url: ['URL'],
      authorId: ['Facebook Id'],
      authorName: ['Page Name', 'Group Name'],
      likes: ['Likes'],
      replies: ['Comments'],
      shares: ['Shares'],
      views: ['Post Views', 'Total Views'],
    },
    platform: 'facebook',
    // CrowdTangle followed pages and public groups, both public by nature.
    authorKind: 'page',
  },
  {
    name: 'crowdtangle-instagram',
    format: 'crowdtangle',
    recognisedBy: ['Account', 'User Name', 'Post Created', 'URL'],
    columns: {
      text: ['Description', 'Image Text', 'Title'],
      publishedAt: ['Post Created'],
      url: ['URL'],
      authorId: ['User Name'],
      likes: ['Likes'],
      replies: ['Comments'],
      views: ['Views', 'Post Views'],
    },
    platform: 'instagram',
    // An Instagram account may be anyone's profile: pseudonymised, never named.
    authorKind: 'person',
  },
  {
    name: 'meta-content-library',
    format: 'meta-content-library',
    recognisedBy: ['id', 'creation_time', 'post_owner.type'],
    columns: {
      externalId: ['id'],
      text: ['text'],
      publishedAt: ['creation_time'],
      url: ['url'],
      authorId: ['post_owner.id'],
      authorName: ['post_owner.name'],
      authorKind: ['post_owner.type'],
      likes: ['statistics.reaction_count', 'statistics.like_count'],
      replies: ['statistics.comment_count'],
      shares: ['statistics.share_count'],
      views: ['statistics.views', 'statistics.view_count'],
      language: ['lang'],
    },
    platform: 'facebook',
    platformFromUrl: true,
    // Pages are named; profiles (and any owner type not known to be a page) are persons.
    authorKind: { values: { page: 'page' }, otherwise: 'person' },
  },
  {
    name: '4cat',
    format: '4cat',
    recognisedBy: ['id', 'thread_id', 'author', 'body', 'timestamp'],
    columns: {
      externalId: ['id'],
      text: ['body'],
      title: ['subject'],
      publishedAt: ['unix_timestamp', 'timestamp'],
      url: ['url', 'post_url', 'tiktok_url'],
      parentExternalId: ['reply_to', 'in_reply_to', 'thread_id'],
      threadRootExternalId: ['thread_id'],
      authorId: ['author'],
      likes: ['likes', 'num_likes', 'like_count'],
      replies: ['comments', 'num_comments', 'replies', 'num_replies', 'reply_count'],
      shares: ['shares', 'num_shares', 'retweets'],
      views: ['views', 'plays', 'num_views', 'view_count'],
    },
    // 4CAT exports do not name their platform: --platform does, else "import".
    platform: null,
    authorKind: 'person',
  },
  {
    name: 'youtube-data-tools-comments',
    format: 'youtube-data-tools',
    recognisedBy: ['id', 'authorChannelId', 'isReplyTo', 'text'],
    columns: {
      externalId: ['id'],
      text: ['text'],
      publishedAt: ['publishedAt'],
      authorId: ['authorChannelId'],
      parentExternalId: ['isReplyTo'],
      likes: ['likeCount'],
      replies: ['replyCount'],
    },
    platform: 'youtube',
    authorKind: 'person',
  },
  {
    name: 'youtube-data-tools-videos',
    format: 'youtube-data-tools',
    recognisedBy: ['videoId', 'channelId', 'videoTitle'],
    columns: {
      externalId: ['videoId'],
      text: ['videoDescription'],
      title: ['videoTitle'],
      publishedAt: ['publishedAt'],
      authorId: ['channelId'],
      authorName: ['channelTitle'],
      likes: ['likeCount'],
      replies: ['commentCount'],
      views: ['viewCount'],
      language: ['defaultLanguage'],
    },
    platform: 'youtube',
    authorKind: 'channel',
    urlTemplate: 'https://www.youtube.com/watch?v={videoId}',
  },
];

/** The profile whose recognising columns are all in this header row, if any. */
export function recogniseCsvProfile(
  header: readonly string[],
  format?: ImportFormat,
): CsvProfile | undefined {
  const names = new Set(header.map((h) => h.trim().toLowerCase()));
  return CSV_PROFILES.find(
    (p) =>
      (format === undefined || p.format === format) &&
      p.recognisedBy.every((column) => names.has(column.toLowerCase())),
  );
}
