// A source that is one article page, and the full-text fetch other connectors use to complete
// items that arrive with only a title or a one-line summary.
import type { AuthorKind, CollectedMention, Source } from '../../model.js';
import type { FetchResponse } from '../../net/types.js';
import { decodeBytes } from '../../text/charset.js';
import {
  type CollectContext,
  type CollectResult,
  type Connector,
  notModifiedResult,
} from '../connector.js';
import { bylineAuthor, bylineKind } from '../publisher.js';
import { type ExtractedArticle, extractArticle } from './extract-article.js';

const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

/** Article pages past this size are not news articles worth extracting. */
const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/** The response is a document extraction can use (HTML, or a server that did not say). */
function isHtmlResponse(response: FetchResponse): boolean {
  const type = response.contentType?.split(';')[0]?.trim().toLowerCase();
  return !type || type === 'text/html' || type === 'application/xhtml+xml' || type === 'text/plain';
}

function extractFromResponse(response: FetchResponse): ExtractedArticle | null {
  if (!isHtmlResponse(response)) return null;
  const { text } = decodeBytes(response.body, { contentType: response.contentType, kind: 'html' });
  return extractArticle(text, response.url);
}

/**
 * Fetch one article page and extract it. Null when the response is not HTML or holds no main
 * text. Network failures throw the client's FetchError, and an aborted signal throws, so callers
 * can tell "no article here" from "try again later".
 */
export async function fetchArticle(
  url: string,
  context: CollectContext,
): Promise<ExtractedArticle | null> {
  const response = await context.http.get({
    url,
    accept: HTML_ACCEPT,
    maxBytes: MAX_ARTICLE_BYTES,
    signal: context.signal,
  });
  const article = extractFromResponse(response);
  return article && article.text !== '' ? article : null;
}

/**
 * What to keep in `raw` for re-processing: the metadata, not the page or the text again, and
 * not the byline of a person.
 */
export function articleRaw(article: ExtractedArticle, fetchedUrl: string, authorKind: AuthorKind) {
  const { text: _text, html: _html, ...metadata } = article;
  return { fetchedUrl, ...metadata, author: authorKind === 'person' ? null : metadata.author };
}

/**
 * One mention from one extracted page; `foundUrl` is the address as listed, before redirects.
 * Its byline is named only when the source says the page is an outlet's or a page's own.
 */
export function articleMention(
  article: ExtractedArticle,
  foundUrl: string,
  fetchedUrl: string,
  authorKind: AuthorKind = 'person',
): CollectedMention {
  return {
    platform: 'web',
    url: foundUrl,
    externalId: article.canonicalUrl ?? fetchedUrl,
    author: bylineAuthor(article.author, authorKind),
    publishedAt: article.publishedAt,
    updatedAt: article.modifiedAt,
    language: article.language,
    title: article.title,
    text: article.text !== '' ? article.text : (article.description ?? article.title ?? ''),
    html: article.html,
    categories: article.section ? [article.section] : [],
    engagement: {},
    parentExternalId: null,
    raw: articleRaw(article, fetchedUrl, authorKind),
  };
}

export const articleConnector: Connector = {
  kind: 'article',
  description: 'One article page: main text, byline, dates and section from its markup',

  async collect(source: Source, context: CollectContext): Promise<CollectResult> {
    const response = await context.http.get({
      url: source.url,
      accept: HTML_ACCEPT,
      maxBytes: MAX_ARTICLE_BYTES,
      etag: source.validators.etag,
      lastModified: source.validators.lastModified,
      signal: context.signal,
    });
    if (response.notModified) return notModifiedResult(source);
    const article = extractFromResponse(response);
    if (!article) {
      throw new Error(`not an article page: ${response.contentType ?? 'unknown content type'}`);
    }
    const warnings = [...article.warnings];
    if (article.text === '') warnings.push('no main text found on the page');
    return {
      title: article.title ?? article.siteName,
      notModified: false,
      validators: { etag: response.etag, lastModified: response.lastModified },
      mentions: [articleMention(article, source.url, response.url, bylineKind(source))],
      warnings,
    };
  },
};
