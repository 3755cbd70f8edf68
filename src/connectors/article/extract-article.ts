// Turns one article page into its main text and metadata.
//
// Main content: Mozilla Readability over a linkedom DOM; the HTML it keeps is sanitised and the
// plain text has paragraphs separated by a blank line. When Readability finds nothing, the
// JSON-LD `articleBody` is used.
//
// Metadata precedence, field by field, first non-empty wins:
//   1. JSON-LD article node (NewsArticle, Article, ReportageNews, BlogPosting …; `@graph` and
//      type arrays included; `@id` references followed),
//   2. Open Graph (`og:*`, `article:*`),
//   3. other <meta> conventions (pubdate, dc.*, author, …), <time datetime>, <html lang>,
//   4. guesses from the markup: Readability's (title from <title>, byline element, excerpt),
//      then a signature paragraph at the end of the text (see signed-byline.ts).
// Publishers fill JSON-LD for search engines and keep it the most precise; Open Graph is written
// for link previews and is next best. One exception: the canonical URL comes from
// <link rel=canonical> first, since that element exists only to say it, then og:url, then
// JSON-LD `url`/`mainEntityOfPage`.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { parseDate } from '../../text/dates.js';
import { htmlToText, sanitizeHtml, tidyText } from '../../text/html.js';
import { isNode, type JsonLdArticle, readJsonLd, resolveReference, typesOf } from './json-ld.js';
import { firstMeta, type MetaTags, readPageMetadata } from './page-metadata.js';
import { signedByline } from './signed-byline.js';

export interface ExtractedArticle {
  title: string | null;
  /** Plain text of the main content, paragraphs separated by `\n\n`, Unicode NFC. */
  text: string;
  /** Sanitised HTML of the main content; null when no main content was found. */
  html: string | null;
  /** ISO 8601 UTC. */
  publishedAt: string | null;
  modifiedAt: string | null;
  /** Byline as published; several authors joined with ", ". */
  author: string | null;
  section: string | null;
  /** BCP 47 tag as declared, e.g. "vi" or "vi-VN". */
  language: string | null;
  description: string | null;
  /** Absolute http(s) URL of the lead image. */
  imageUrl: string | null;
  siteName: string | null;
  canonicalUrl: string | null;
  keywords: string[];
  /** Ill-formed but recovered input (invalid JSON-LD …). */
  warnings: string[];
}

const OG = {
  title: ['og:title'],
  published: ['article:published_time', 'og:published_time'],
  modified: ['article:modified_time', 'og:updated_time', 'article:updated_time'],
  author: ['article:author', 'og:article:author'],
  section: ['article:section', 'og:article:section'],
  description: ['og:description'],
  image: ['og:image', 'og:image:url', 'og:image:secure_url'],
  siteName: ['og:site_name'],
  url: ['og:url'],
  locale: ['og:locale'],
} as const;

const META = {
  title: ['twitter:title', 'dc.title', 'dcterms.title', 'headline'],
  published: [
    'pubdate',
    'publishdate',
    'publish-date',
    'publish_date',
    'datepublished',
    'article.published',
    'article_date_original',
    'dc.date.issued',
    'dcterms.issued',
    'dc.date',
    'dcterms.date',
    'dcterms.created',
    'date',
    'sailthru.date',
    'parsely-pub-date',
  ],
  modified: [
    'lastmod',
    'last-modified',
    'datemodified',
    'article.updated',
    'dc.date.modified',
    'dcterms.modified',
  ],
  author: ['author', 'dc.creator', 'dcterms.creator', 'byl', 'sailthru.author', 'parsely-author'],
  section: ['articlesection', 'section', 'article.section', 'parsely-section', 'category'],
  description: ['description', 'twitter:description', 'dc.description', 'dcterms.description'],
  image: ['twitter:image', 'twitter:image:src', 'thumbnailurl', 'image'],
  siteName: ['application-name'],
  language: ['content-language', 'language', 'dc.language', 'dcterms.language'],
  keywords: ['news_keywords', 'keywords'],
} as const;

/**
 * Readability's work grows faster than linearly with page size; past this many elements it
 * refuses (and metadata alone is returned), which bounds the time one hostile page can take.
 */
const MAX_ELEMENTS = 30_000;

interface ReadabilityResult {
  title: string | null;
  html: string | null;
  byline: string | null;
  excerpt: string | null;
  siteName: string | null;
  lang: string | null;
  publishedTime: string | null;
}

export function extractArticle(html: string, url: string): ExtractedArticle {
  const document = parseDocument(html);
  const page = readPageMetadata(document);
  const jsonLd = readJsonLd(page.jsonLdBlocks);
  const baseUrl = resolveHttpUrl(page.baseHref, url) ?? url;
  const fromJsonLd = readArticleNode(jsonLd, baseUrl);
  const signature = signedByline(document);
  // Readability rewrites the DOM, so it runs after every metadata read.
  const readable = runReadability(document, baseUrl);
  const { meta } = page;

  const readableHtml = readable.html ? sanitizeHtml(readable.html, baseUrl) : null;
  let text = readableHtml ? htmlToText(readableHtml) : '';
  let bodyHtml = text === '' ? null : readableHtml;
  if (text === '' && fromJsonLd.articleBody) {
    text = tidyText(fromJsonLd.articleBody);
    bodyHtml = null;
  }

  return {
    title: first(
      fromJsonLd.title,
      metaText(meta, OG.title),
      metaText(meta, META.title),
      readable.title,
    ),
    text,
    html: bodyHtml,
    publishedAt: firstDate(
      fromJsonLd.published,
      ...allMeta(meta, OG.published),
      ...allMeta(meta, META.published),
      page.timeDatetime,
      readable.publishedTime,
    ),
    modifiedAt: firstDate(
      fromJsonLd.modified,
      ...allMeta(meta, OG.modified),
      ...allMeta(meta, META.modified),
    ),
    author: first(
      fromJsonLd.author,
      bylineFromMeta(meta, OG.author),
      bylineFromMeta(meta, META.author),
      cleanByline(readable.byline),
      signature,
    ),
    section: first(fromJsonLd.section, metaText(meta, OG.section), metaText(meta, META.section)),
    language: normaliseLanguage(
      first(
        fromJsonLd.language,
        metaText(meta, OG.locale),
        metaText(meta, META.language),
        page.htmlLang,
        readable.lang,
      ),
    ),
    description: first(
      fromJsonLd.description,
      metaText(meta, OG.description),
      metaText(meta, META.description),
      readable.excerpt,
    ),
    imageUrl:
      resolveHttpUrl(fromJsonLd.image, baseUrl) ??
      resolveHttpUrl(firstMeta(meta, OG.image), baseUrl) ??
      resolveHttpUrl(firstMeta(meta, META.image), baseUrl) ??
      resolveHttpUrl(page.imageSrcHref, baseUrl),
    siteName: first(
      fromJsonLd.siteName,
      metaText(meta, OG.siteName),
      metaText(meta, META.siteName),
      readable.siteName,
    ),
    canonicalUrl:
      resolveHttpUrl(page.canonicalHref, baseUrl) ??
      resolveHttpUrl(firstMeta(meta, OG.url), baseUrl) ??
      resolveHttpUrl(fromJsonLd.url, baseUrl),
    keywords:
      fromJsonLd.keywords.length > 0
        ? fromJsonLd.keywords
        : splitKeywords(firstMeta(meta, META.keywords)),
    warnings: jsonLd.warnings,
  };
}

// ---------------------------------------------------------------- JSON-LD fields

interface JsonLdFields {
  title: string | null;
  published: string | null;
  modified: string | null;
  author: string | null;
  section: string | null;
  language: string | null;
  description: string | null;
  image: string | null;
  siteName: string | null;
  url: string | null;
  keywords: string[];
  articleBody: string | null;
}

function readArticleNode(jsonLd: JsonLdArticle, baseUrl: string): JsonLdFields {
  const node = jsonLd.article;
  const empty: JsonLdFields = {
    title: null,
    published: null,
    modified: null,
    author: null,
    section: null,
    language: null,
    description: null,
    image: null,
    siteName: null,
    url: null,
    keywords: [],
    articleBody: null,
  };
  if (!node) return empty;
  const resolve = (value: unknown) => resolveReference(value, jsonLd.byId);
  const pageNode = jsonLd.nodes.find((candidate) => typesOf(candidate).includes('webpage'));
  return {
    title: jsonText(node.headline) ?? jsonText(node.name),
    published: jsonText(node.datePublished) ?? jsonText(node.dateCreated),
    modified: jsonText(node.dateModified),
    author: personNames(node.author, resolve),
    section: firstText(node.articleSection),
    language: languageText(node.inLanguage) ?? languageText(pageNode?.inLanguage),
    description: jsonText(node.description),
    image: imageUrl(node.image, resolve) ?? imageUrl(node.thumbnailUrl, resolve),
    siteName: nameOf(resolve(node.publisher)),
    url:
      jsonText(node.url) ??
      (typeof node.mainEntityOfPage === 'string'
        ? node.mainEntityOfPage
        : isNode(node.mainEntityOfPage)
          ? jsonText(node.mainEntityOfPage['@id'])
          : null) ??
      resolveHttpUrl(jsonText(node['@id'])?.replace(/#.*$/, '') ?? null, baseUrl),
    keywords: keywordList(node.keywords),
    articleBody: typeof node.articleBody === 'string' ? node.articleBody : null,
  };
}

/** A JSON-LD string as text: entities decoded (script text is not decoded by the parser). */
function jsonText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const decoded = /&(?:#\d+|#x[\da-f]+|[a-z]+\d*);/i.test(value) ? htmlToText(value) : value;
  return clean(decoded);
}

function firstText(value: unknown): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = jsonText(item);
      if (text) return text;
    }
    return null;
  }
  return jsonText(value);
}

function nameOf(value: unknown): string | null {
  if (typeof value === 'string') return jsonText(value);
  if (!isNode(value)) return null;
  return jsonText(value.name) ?? firstText(value.alternateName);
}

function personNames(value: unknown, resolve: (value: unknown) => unknown): string | null {
  const list = Array.isArray(value) ? value : [value];
  const names = list
    .map((item) => nameOf(resolve(item)))
    .filter((name): name is string => name !== null && !isUrl(name));
  return names.length > 0 ? [...new Set(names)].join(', ') : null;
}

function imageUrl(value: unknown, resolve: (value: unknown) => unknown): string | null {
  const item = resolve(Array.isArray(value) ? value[0] : value);
  if (typeof item === 'string') return clean(item);
  if (!isNode(item)) return null;
  return jsonText(item.url) ?? jsonText(item.contentUrl) ?? jsonText(item['@id']);
}

function languageText(value: unknown): string | null {
  if (isNode(value)) return jsonText(value.alternateName) ?? jsonText(value.name);
  return firstText(value);
}

function keywordList(value: unknown): string[] {
  if (typeof value === 'string') return splitKeywords(jsonText(value));
  if (!Array.isArray(value)) return [];
  return [
    ...new Set(value.map((item) => jsonText(item)).filter((item): item is string => item !== null)),
  ];
}

// ---------------------------------------------------------------- Readability

/**
 * linkedom builds no implied <html>/<body> (a fragment's first element becomes the root), so
 * input without both is wrapped in a page before Readability, which needs a body, sees it.
 */
function parseDocument(html: string): Document {
  const { document } = parseHTML(html);
  const root = document.documentElement;
  if (root?.tagName === 'HTML' && root.querySelector('body')) return document;
  return parseHTML(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`).document;
}

function runReadability(document: Document, baseUrl: string): ReadabilityResult {
  // Readability resolves relative links against the document's base; linkedom has none.
  if (!document.querySelector('base[href]')) {
    const base = document.createElement('base');
    base.setAttribute('href', baseUrl);
    (document.head ?? document.documentElement)?.prepend(base);
  }
  let parsed: ReturnType<Readability['parse']> = null;
  try {
    parsed = new Readability(document, {
      disableJSONLD: true,
      maxElemsToParse: MAX_ELEMENTS,
    }).parse();
  } catch {
    // A DOM shape Readability cannot walk: metadata alone is still worth returning.
    parsed = null;
  }
  return {
    title: clean(parsed?.title),
    html: parsed?.content ?? null,
    byline: clean(parsed?.byline),
    excerpt: clean(parsed?.excerpt),
    siteName: clean(parsed?.siteName),
    lang: clean(parsed?.lang),
    publishedTime: clean(parsed?.publishedTime),
  };
}

// ---------------------------------------------------------------- small readers

function first(...values: (string | null)[]): string | null {
  for (const value of values) if (value) return value;
  return null;
}

function firstDate(...values: (string | null)[]): string | null {
  for (const value of values) {
    const parsed = parseDate(value);
    if (parsed) return parsed;
  }
  return null;
}

/** Every content under `keys`, key order first: a date that does not parse gives way to the next. */
function allMeta(meta: MetaTags, keys: readonly string[]): string[] {
  return keys.flatMap((key) => meta.get(key) ?? []);
}

function metaText(meta: MetaTags, keys: readonly string[]): string | null {
  return clean(firstMeta(meta, keys));
}

/** Bylines only: Open Graph's article:author is often a profile URL, not a name. */
function bylineFromMeta(meta: MetaTags, keys: readonly string[]): string | null {
  for (const key of keys) {
    for (const value of meta.get(key) ?? []) {
      const byline = cleanByline(value);
      if (byline && !isUrl(byline)) return byline;
    }
  }
  return null;
}

function cleanByline(value: string | null | undefined): string | null {
  const text = clean(value);
  return text ? clean(text.replace(/^by\s+/i, '')) : null;
}

function splitKeywords(value: string | null): string[] {
  if (!value) return [];
  const words = value
    .split(/[,;]/)
    .map((word) => clean(word))
    .filter((word): word is string => word !== null);
  return [...new Set(words)];
}

/** "vi_VN" -> "vi-VN", "VI" -> "vi"; null when it does not look like a language tag. */
function normaliseLanguage(value: string | null): string | null {
  if (!value) return null;
  const parts = value.trim().replace(/_/g, '-').split('-');
  const primary = parts[0]?.toLowerCase() ?? '';
  if (!/^[a-z]{2,3}$/.test(primary)) return null;
  const rest = parts.slice(1).map((part) => (part.length === 2 ? part.toUpperCase() : part));
  return [primary, ...rest].join('-');
}

function resolveHttpUrl(value: string | null, base: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function isUrl(value: string): boolean {
  return /^(?:https?:)?\/\//i.test(value);
}

function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.replace(/\s+/g, ' ').trim().normalize('NFC');
  return text === '' ? null : text;
}
