// One entry per source kind: its connector, the URLs it recognises and the credential it takes.
// Adding a platform means adding its folder, its name to source-kinds.ts and an entry here; the
// compiler refuses a kind without an entry.
import type { Platform } from '../model.js';
import { articleConnector } from './article/article-connector.js';
import { blueskyConnector, recogniseBlueskySourceUrl } from './bluesky/connector.js';
import { blueskyCredential } from './bluesky/recognise-url.js';
import type { Connector, RecognisedUrl, UrlRecogniser } from './connector.js';
import type { CredentialSpec } from './credentials.js';
import { facebookConnector } from './facebook/connector.js';
import { facebookCredential, recogniseFacebookUrl } from './facebook/recognise-url.js';
import { feedConnector } from './feed/feed-connector.js';
import { instagramConnector } from './instagram/connector.js';
import { instagramCredential, recogniseInstagramUrl } from './instagram/recognise-url.js';
import { mastodonConnector } from './mastodon/connector.js';
import { mastodonCredential, recogniseMastodonUrl } from './mastodon/recognise-url.js';
import { redditConnector } from './reddit/connector.js';
import { recogniseRedditUrl, redditCredential } from './reddit/recognise-url.js';
import { sitemapConnector } from './sitemap/sitemap-connector.js';
import { SOURCE_KINDS, type SourceKind } from './source-kinds.js';
import { recogniseTelegramSourceUrl, telegramConnector } from './telegram/connector.js';
import { telegramCredential } from './telegram/recognise-url.js';
import { tiktokConnector } from './tiktok/connector.js';
import { recogniseTiktokUrl, tiktokCredential } from './tiktok/recognise-url.js';
import { xConnector } from './x/connector.js';
import { recogniseXUrl, xCredential } from './x/recognise-url.js';
import { youtubeConnector } from './youtube/connector.js';
import { recogniseYoutubeUrl, youtubeCredential } from './youtube/recognise-url.js';
import { zaloConnector } from './zalo/connector.js';
import { recogniseZaloUrl, zaloCredential } from './zalo/recognise-url.js';

export interface SourceKindEntry {
  platform: Platform;
  /** Null while the platform's URLs are recognised but nothing collects them yet. */
  connector: Connector | null;
  recogniseUrl?: UrlRecogniser;
  credential?: CredentialSpec;
}

export const sourceKinds: { readonly [K in SourceKind]: SourceKindEntry } = {
  feed: { platform: 'web', connector: feedConnector },
  sitemap: { platform: 'web', connector: sitemapConnector },
  article: { platform: 'web', connector: articleConnector },
  youtube: {
    platform: 'youtube',
    connector: youtubeConnector,
    recogniseUrl: recogniseYoutubeUrl,
    credential: youtubeCredential,
  },
  reddit: {
    platform: 'reddit',
    connector: redditConnector,
    recogniseUrl: recogniseRedditUrl,
    credential: redditCredential,
  },
  mastodon: {
    platform: 'mastodon',
    connector: mastodonConnector,
    recogniseUrl: recogniseMastodonUrl,
    credential: mastodonCredential,
  },
  bluesky: {
    platform: 'bluesky',
    connector: blueskyConnector,
    recogniseUrl: recogniseBlueskySourceUrl,
    credential: blueskyCredential,
  },
  telegram: {
    platform: 'telegram',
    connector: telegramConnector,
    recogniseUrl: recogniseTelegramSourceUrl,
    credential: telegramCredential,
  },
  x: {
    platform: 'x',
    connector: xConnector,
    recogniseUrl: recogniseXUrl,
    credential: xCredential,
  },
  tiktok: {
    platform: 'tiktok',
    connector: tiktokConnector,
    recogniseUrl: recogniseTiktokUrl,
    credential: tiktokCredential,
  },
  facebook: {
    platform: 'facebook',
    connector: facebookConnector,
    recogniseUrl: recogniseFacebookUrl,
    credential: facebookCredential,
  },
  instagram: {
    platform: 'instagram',
    connector: instagramConnector,
    recogniseUrl: recogniseInstagramUrl,
    credential: instagramCredential,
  },
  zalo: {
    platform: 'zalo',
    connector: zaloConnector,
    recogniseUrl: recogniseZaloUrl,
    credential: zaloCredential,
  },
};

/** The kinds something collects, with their connectors. */
export const connectors: ReadonlyMap<SourceKind, Connector> = new Map(
  SOURCE_KINDS.flatMap((kind) => {
    const connector = sourceKinds[kind].connector;
    return connector ? [[kind, connector] as const] : [];
  }),
);

/** Kinds whose sources take a credential, by the platform name a user types. */
export const credentialKinds: ReadonlyMap<string, { kind: SourceKind; spec: CredentialSpec }> =
  new Map(
    SOURCE_KINDS.flatMap((kind) => {
      const spec = sourceKinds[kind].credential;
      return spec ? [[sourceKinds[kind].platform as string, { kind, spec }] as const] : [];
    }),
  );

export interface RecognisedSource extends RecognisedUrl {
  kind: SourceKind;
}

/** The platform page a URL shows, as a source kind and what to follow; null for other URLs. */
export function recogniseSourceUrl(url: string): RecognisedSource | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  for (const kind of SOURCE_KINDS) {
    const found = sourceKinds[kind].recogniseUrl?.(parsed);
    if (found) return { kind, ...found };
  }
  return null;
}
