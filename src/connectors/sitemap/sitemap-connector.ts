// A news sitemap (or a sitemap index of them) as a source. Each URL entry becomes a mention from
// its Google News metadata; unless the source says `fullText: false`, the newest pages are also
// fetched and extracted for their text, byline and section. Everything is bounded per run: child
// sitemaps followed, URLs kept, pages fetched.
import type { AuthorKind, CollectedMention, Source } from '../../model.js';
import { articleRaw, fetchArticle } from '../article/article-connector.js';
import type { ExtractedArticle } from '../article/extract-article.js';
import {
  type CollectContext,
  type CollectResult,
  type Connector,
  notModifiedResult,
} from '../connector.js';
import { bylineAuthor, bylineKind } from '../publisher.js';
import { parseSitemap, type SitemapIndexEntry, type SitemapUrlEntry } from './parse-sitemap.js';

const SITEMAP_ACCEPT =
  'application/xml, text/xml;q=0.9, application/gzip;q=0.8, application/x-gzip;q=0.8, */*;q=0.5';

export interface SitemapSettings {
  /** Fetch each article page for its text (default true). */
  fullText: boolean;
  /** Child sitemaps of an index followed per run, most recent first (default 3). */
  maxChildSitemaps: number;
  /** Children whose lastmod is older than this are skipped (default 48: news sitemaps hold two days). */
  childMaxAgeHours: number;
  /** Article pages fetched per run, newest first (default 50). */
  maxFullTextPerRun: number;
  /** URL entries kept per run, newest first (default 1000, Google's cap per news sitemap). */
  maxUrls: number;
}

export const DEFAULT_SITEMAP_SETTINGS: SitemapSettings = {
  fullText: true,
  maxChildSitemaps: 3,
  childMaxAgeHours: 48,
  maxFullTextPerRun: 50,
  maxUrls: 1000,
};

/** Read the source's settings, ignoring values of the wrong type. */
export function sitemapSettings(settings: Record<string, unknown>): SitemapSettings {
  const count = (key: keyof SitemapSettings, fallback: number): number => {
    const value = settings[key];
    return typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? Math.floor(value)
      : fallback;
  };
  const d = DEFAULT_SITEMAP_SETTINGS;
  return {
    fullText: settings.fullText !== false,
    maxChildSitemaps: count('maxChildSitemaps', d.maxChildSitemaps),
    childMaxAgeHours: count('childMaxAgeHours', d.childMaxAgeHours),
    maxFullTextPerRun: count('maxFullTextPerRun', d.maxFullTextPerRun),
    maxUrls: count('maxUrls', d.maxUrls),
  };
}

/**
 * The children of an index worth reading now: those with a lastmod older than the age limit are
 * dropped; the rest go most recent first. Undated children come after dated ones, ordered by a
 * date in their URL when there is one (archives named `sitemap-2026-11.xml` or `/2026/11/23/`
 * are usually listed oldest first), then news sitemaps before others, then as listed.
 */
export function selectChildSitemaps(
  entries: readonly SitemapIndexEntry[],
  now: Date,
  settings: Pick<SitemapSettings, 'maxChildSitemaps' | 'childMaxAgeHours'>,
): SitemapIndexEntry[] {
  const oldest = now.getTime() - settings.childMaxAgeHours * 3_600_000;
  return entries
    .filter((entry) => entry.lastmod === null || Date.parse(entry.lastmod) >= oldest)
    .map((entry, index) => ({
      entry,
      index,
      urlDate: entry.lastmod ? null : dateInUrl(entry.loc),
      isNews: /news/i.test(entry.loc),
    }))
    .sort(
      (a, b) =>
        compareNewestFirst(a.entry.lastmod, b.entry.lastmod) ||
        compareNewestFirst(a.urlDate, b.urlDate) ||
        Number(b.isNews) - Number(a.isNews) ||
        a.index - b.index,
    )
    .slice(0, settings.maxChildSitemaps)
    .map(({ entry }) => entry);
}

/** "…/sitemap-2026-11-23.xml", "…/2026/11/…", "…_202611.xml" -> "2026-11-23" / "2026-11-00". */
export function dateInUrl(url: string): string | null {
  const match =
    /(?<![\d])(20\d\d)[-_/.]?(0[1-9]|1[0-2])(?:[-_/.]?(0[1-9]|[12]\d|3[01]))?(?!\d)/.exec(url);
  if (!match) return null;
  return `${match[1]}-${match[2]}-${match[3] ?? '00'}`;
}

export const sitemapConnector: Connector = {
  kind: 'sitemap',
  description: 'News sitemap or sitemap index: recent article URLs, with full text from each page',

  async collect(source: Source, context: CollectContext): Promise<CollectResult> {
    const settings = sitemapSettings(source.settings);
    const response = await context.http.get({
      url: source.url,
      accept: SITEMAP_ACCEPT,
      etag: source.validators.etag,
      lastModified: source.validators.lastModified,
      signal: context.signal,
    });
    if (response.notModified) return notModifiedResult(source);
    const validators = { etag: response.etag, lastModified: response.lastModified };
    const top = parseSitemap(response.body, {
      url: response.url,
      contentType: response.contentType,
    });
    const warnings = [...top.warnings];
    const entries =
      top.kind === 'urlset'
        ? top.urls
        : await readChildSitemaps(
            selectChildSitemaps(top.sitemaps, context.now(), settings),
            source,
            context,
            warnings,
          );

    const newest = dedupe(entries).sort((a, b) => compareNewestFirst(entryDate(a), entryDate(b)));
    if (newest.length > settings.maxUrls) {
      warnings.push(`kept the ${settings.maxUrls} newest of ${newest.length} URLs`);
    }
    const kept = newest.slice(0, settings.maxUrls);
    // Pages stored on an earlier run are not fetched again.
    const stored =
      settings.fullText && context.alreadyStored
        ? await context.alreadyStored(kept.map((e) => e.loc))
        : new Set<string>();
    const articles = settings.fullText
      ? await fetchArticles(
          kept.filter((e) => !stored.has(e.loc)).slice(0, settings.maxFullTextPerRun),
          context,
          warnings,
        )
      : new Map<string, ExtractedArticle>();

    const mentions: CollectedMention[] = [];
    let untitled = 0;
    for (const entry of kept) {
      // A news sitemap is a news publisher's own, unless the source says otherwise.
      const mention = entryMention(
        entry,
        articles.get(entry.loc) ?? null,
        bylineKind(source, 'outlet'),
      );
      if (mention) mentions.push(mention);
      else untitled += 1;
    }
    if (untitled > 0) warnings.push(`${untitled} URLs without a title or text skipped`);
    const publication = kept.find((entry) => entry.news?.publicationName)?.news?.publicationName;
    return { title: publication ?? null, notModified: false, validators, mentions, warnings };
  },
};

async function readChildSitemaps(
  children: SitemapIndexEntry[],
  source: Source,
  context: CollectContext,
  warnings: string[],
): Promise<SitemapUrlEntry[]> {
  const urls: SitemapUrlEntry[] = [];
  let failures = 0;
  let lastError = '';
  for (const child of children) {
    if (child.loc === source.url) continue;
    try {
      const response = await context.http.get({
        url: child.loc,
        accept: SITEMAP_ACCEPT,
        signal: context.signal,
      });
      const parsed = parseSitemap(response.body, {
        url: response.url,
        contentType: response.contentType,
      });
      warnings.push(...parsed.warnings.map((warning) => `${child.loc}: ${warning}`));
      if (parsed.kind === 'index') warnings.push(`${child.loc}: nested sitemap index not followed`);
      else urls.push(...parsed.urls);
    } catch (error) {
      if (context.signal?.aborted) throw error;
      failures += 1;
      lastError = `${child.loc}: ${errorMessage(error)}`;
      warnings.push(lastError);
    }
  }
  // Every child failing is the source failing, not a warning.
  if (children.length > 0 && failures === children.length) throw new Error(lastError);
  return urls;
}

/** Page failures listed one by one before they are only counted. */
const MAX_PAGE_WARNINGS = 5;

async function fetchArticles(
  entries: SitemapUrlEntry[],
  context: CollectContext,
  warnings: string[],
): Promise<Map<string, ExtractedArticle>> {
  const articles = new Map<string, ExtractedArticle>();
  let failures = 0;
  const fail = (message: string) => {
    failures += 1;
    if (failures <= MAX_PAGE_WARNINGS) warnings.push(message);
  };
  // One at a time: pages of one outlet share a host, which the HTTP client paces anyway.
  for (const entry of entries) {
    if (context.signal?.aborted) break;
    try {
      const article = await fetchArticle(entry.loc, context);
      if (article) articles.set(entry.loc, article);
      else fail(`${entry.loc}: no article text found`);
    } catch (error) {
      if (context.signal?.aborted) break;
      fail(`${entry.loc}: ${errorMessage(error)}`);
    }
  }
  if (failures > MAX_PAGE_WARNINGS) {
    warnings.push(`… and ${failures - MAX_PAGE_WARNINGS} more pages without full text`);
  }
  if (context.signal?.aborted) {
    warnings.push(`full-text fetching stopped after ${articles.size} pages: collection cancelled`);
  }
  return articles;
}

/** A mention from the sitemap's own metadata, completed from the page when it was fetched. */
function entryMention(
  entry: SitemapUrlEntry,
  article: ExtractedArticle | null,
  authorKind: AuthorKind,
): CollectedMention | null {
  const news = entry.news;
  const title = news?.title ?? article?.title ?? null;
  const text = article?.text || title;
  if (!text) return null;
  const categories = [
    ...new Set([...(news?.keywords ?? []), ...(article?.section ? [article.section] : [])]),
  ];
  return {
    platform: 'web',
    url: entry.loc,
    // The listed URL, not the page's canonical one: stable whether or not the page was fetched.
    externalId: entry.loc,
    author: bylineAuthor(article?.author ?? null, authorKind),
    publishedAt: news?.publicationDate ?? article?.publishedAt ?? null,
    updatedAt: article?.modifiedAt ?? entry.lastmod,
    language: news?.language ?? article?.language ?? null,
    title,
    text,
    html: article?.html ?? null,
    categories,
    engagement: {},
    parentExternalId: null,
    raw: { sitemap: entry, article: article ? articleRaw(article, entry.loc, authorKind) : null },
  };
}

function entryDate(entry: SitemapUrlEntry): string | null {
  return entry.news?.publicationDate ?? entry.lastmod;
}

function dedupe(entries: SitemapUrlEntry[]): SitemapUrlEntry[] {
  const seen = new Map<string, SitemapUrlEntry>();
  for (const entry of entries) if (!seen.has(entry.loc)) seen.set(entry.loc, entry);
  return [...seen.values()];
}

/** ISO dates sort as strings; undated entries go last. */
function compareNewestFirst(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? 1 : -1;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
