// The one list of source kinds. The SourceKind type, request and response schemas, CLI choices
// and imports all derive from it; registry.ts gives each kind its connector, URL recogniser and
// credential, and the compiler refuses a kind the registry lacks. Imports nothing, so the model
// and the dashboard's types can name kinds without loading any connector.
export const SOURCE_KINDS = [
  'feed',
  'sitemap',
  'article',
  'youtube',
  'reddit',
  'mastodon',
  'bluesky',
  'telegram',
  'x',
  'tiktok',
  'facebook',
  'instagram',
  'zalo',
] as const;

export type SourceKind = (typeof SOURCE_KINDS)[number];

export function isSourceKind(value: string): value is SourceKind {
  return (SOURCE_KINDS as readonly string[]).includes(value);
}
