// One line per connector: adding a platform means adding its folder and a line here.
import type { SourceKind } from '../model.js';
import { articleConnector } from './article/article-connector.js';
import type { Connector } from './connector.js';
import { feedConnector } from './feed/feed-connector.js';
import { sitemapConnector } from './sitemap/sitemap-connector.js';

export const connectors: ReadonlyMap<SourceKind, Connector> = new Map<SourceKind, Connector>([
  ['feed', feedConnector],
  ['sitemap', sitemapConnector],
  ['article', articleConnector],
]);
