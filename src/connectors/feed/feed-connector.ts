// The feed connector: conditional GET, parse, one CollectedMention per item.
import type { AuthorKind, CollectedMention, FeedItem, Source } from '../../model.js';
import { htmlToText } from '../../text/html.js';
import {
  type CollectContext,
  type CollectResult,
  type Connector,
  notModifiedResult,
} from '../connector.js';
import { bylineAuthor, bylineKind } from '../publisher.js';
import { parseFeed } from './parse-feed.js';

export const feedConnector: Connector = {
  kind: 'feed',
  description: 'RSS, Atom, RDF and JSON Feed; conditional GET, lenient parsing',
  async collect(source: Source, context: CollectContext): Promise<CollectResult> {
    const response = await context.http.get({
      url: source.url,
      etag: source.validators.etag,
      lastModified: source.validators.lastModified,
      signal: context.signal,
    });
    if (response.notModified) {
      // A 304 may omit validators; keep the ones that produced it.
      return notModifiedResult(source, {
        etag: response.etag ?? source.validators.etag,
        lastModified: response.lastModified ?? source.validators.lastModified,
      });
    }
    const feed = parseFeed(response.body, { contentType: response.contentType, url: response.url });
    return {
      title: feed.title,
      notModified: false,
      validators: { etag: response.etag, lastModified: response.lastModified },
      mentions: feed.items.map((item) => toMention(item, feed.language, bylineKind(source))),
      warnings: feed.warnings,
    };
  },
};

/**
 * A feed item as a mention; nothing is filled in that the feed lacks. Its author is a person,
 * pseudonymised and removed from `raw`, unless the feed is an outlet's or a page's own.
 */
export function toMention(
  item: FeedItem,
  language: string | null,
  authorKind: AuthorKind = 'person',
): CollectedMention {
  const text = item.content !== null ? htmlToText(item.content) : (item.summary ?? '');
  return {
    platform: 'web',
    url: item.link,
    externalId: item.id,
    author: bylineAuthor(item.author, authorKind),
    publishedAt: item.published ?? item.updated,
    updatedAt: item.updated,
    language,
    title: item.title,
    text: text === '' ? (item.summary ?? '') : text,
    html: item.content,
    categories: item.categories,
    engagement: {},
    parentExternalId: null,
    raw: authorKind === 'person' ? { ...item, author: null } : item,
  };
}
