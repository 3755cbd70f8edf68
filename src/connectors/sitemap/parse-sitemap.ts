// Parses sitemap indexes, plain url sets and Google News sitemaps. Publishers' sitemaps are often
// slightly broken (raw `&` in URLs, unclosed tags, stray HTML entities), so the parser is sax in
// non-strict mode: it records what it had to forgive as warnings and keeps going. Elements are
// matched by local name within their parent, so any namespace prefix works and extensions the
// product does not use (image:, video:, xhtml:link) are skipped without complaint.
import sax from 'sax';
import { decodeBytes } from '../../text/charset.js';
import { parseDate } from '../../text/dates.js';
import { MAX_SITEMAP_BYTES, SitemapSizeError, sitemapXmlBytes } from './sitemap-bytes.js';

export interface SitemapIndexEntry {
  loc: string;
  /** ISO 8601 UTC, null when absent or unreadable. */
  lastmod: string | null;
}

/** The Google News extension of one URL (`<news:news>`). */
export interface SitemapNews {
  publicationName: string | null;
  language: string | null;
  /** ISO 8601 UTC. */
  publicationDate: string | null;
  title: string | null;
  keywords: string[];
}

export interface SitemapUrlEntry {
  loc: string;
  lastmod: string | null;
  news: SitemapNews | null;
}

export type ParsedSitemap =
  | { kind: 'index'; sitemaps: SitemapIndexEntry[]; warnings: string[] }
  | { kind: 'urlset'; urls: SitemapUrlEntry[]; warnings: string[] };

/** The input cannot be read as a sitemap at all (an HTML page, a feed, empty, too large). */
export class SitemapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SitemapError';
  }
}

export interface ParseSitemapOptions {
  /** Where the sitemap was fetched from: resolves relative `<loc>`s (which the protocol forbids). */
  url?: string | null;
  contentType?: string | null;
  /** Cap on the uncompressed size; defaults to the protocol's 50 MB. */
  maxBytes?: number;
}

const MAX_WARNINGS = 20;

export function parseSitemap(
  input: Buffer | string,
  options: ParseSitemapOptions = {},
): ParsedSitemap {
  const xml = typeof input === 'string' ? input : decodeSitemapBytes(input, options);
  const collector = new SitemapCollector(options.url ?? null);
  const parser = sax.parser(false, { lowercase: true, trim: false, normalize: false });
  parser.onerror = (error) => {
    collector.warn(`recovered from malformed XML: ${firstLine(error.message)}`);
    // Non-strict sax still reports some errors; clearing and resuming is how it recovers.
    (parser as { error: Error | null }).error = null;
    parser.resume();
  };
  parser.onopentag = (tag) => collector.open(localName(tag.name));
  parser.onclosetag = () => collector.close();
  parser.ontext = (text) => collector.text(text);
  parser.oncdata = (text) => collector.text(text);
  parser.write(xml).close();
  return collector.result();
}

function decodeSitemapBytes(bytes: Buffer, options: ParseSitemapOptions): string {
  let xmlBytes: Buffer;
  try {
    xmlBytes = sitemapXmlBytes(bytes, options.maxBytes ?? MAX_SITEMAP_BYTES);
  } catch (error) {
    if (error instanceof SitemapSizeError) throw new SitemapError(error.message);
    throw new SitemapError(`not a sitemap: unreadable gzip data (${errorMessage(error)})`);
  }
  return decodeBytes(xmlBytes, { contentType: options.contentType ?? null, kind: 'xml' }).text;
}

interface OpenEntry {
  loc: string;
  lastmod: string;
  news: { name: string; language: string; date: string; title: string; keywords: string } | null;
}

/** Receives sax events and builds the result; knows which element it is inside by a name stack. */
class SitemapCollector {
  private readonly stack: string[] = [];
  private root: string | null = null;
  private entry: OpenEntry | null = null;
  /** Stack depth of the open entry's element. */
  private entryDepth = 0;
  private readonly sitemaps: SitemapIndexEntry[] = [];
  private readonly urls: SitemapUrlEntry[] = [];
  private readonly warnings: string[] = [];
  private extraWarnings = 0;

  constructor(private readonly baseUrl: string | null) {}

  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    else this.extraWarnings += 1;
  }

  open(name: string): void {
    if (this.root === null) {
      this.root = name;
      if (name !== 'urlset' && name !== 'sitemapindex') throw new SitemapError(notASitemap(name));
    }
    this.stack.push(name);
    const parent = this.stack[this.stack.length - 2];
    const entryTag = this.root === 'sitemapindex' ? 'sitemap' : 'url';
    if (name === entryTag && (parent === this.root || parent === entryTag)) {
      // A new entry inside an unclosed one: the previous entry ended where this one starts.
      if (this.entry) {
        this.warn(`unclosed <${entryTag}> element`);
        this.finishEntry(this.entry);
      }
      this.entry = { loc: '', lastmod: '', news: null };
      this.entryDepth = this.stack.length;
    } else if (name === 'news' && parent === 'url' && this.entry) {
      this.entry.news = { name: '', language: '', date: '', title: '', keywords: '' };
    }
  }

  close(): void {
    const depth = this.stack.length;
    this.stack.pop();
    if (this.entry && depth === this.entryDepth) {
      this.finishEntry(this.entry);
      this.entry = null;
    }
  }

  text(text: string): void {
    const entry = this.entry;
    if (!entry) return;
    const depth = this.stack.length;
    const name = this.stack[depth - 1];
    const parent = this.stack[depth - 2];
    if (parent === 'url' || parent === 'sitemap') {
      if (name === 'loc') entry.loc += text;
      else if (name === 'lastmod') entry.lastmod += text;
      return;
    }
    const news = entry.news;
    if (!news) return;
    if (parent === 'news') {
      if (name === 'publication_date') news.date += text;
      else if (name === 'title') news.title += text;
      else if (name === 'keywords') news.keywords += text;
    } else if (parent === 'publication' && this.stack[depth - 3] === 'news') {
      if (name === 'name') news.name += text;
      else if (name === 'language') news.language += text;
    }
  }

  result(): ParsedSitemap {
    if (this.root === null) throw new SitemapError('not a sitemap: no XML elements');
    const warnings = [...this.warnings];
    if (this.extraWarnings > 0) warnings.push(`… and ${this.extraWarnings} more warnings`);
    return this.root === 'sitemapindex'
      ? { kind: 'index', sitemaps: this.sitemaps, warnings }
      : { kind: 'urlset', urls: this.urls, warnings };
  }

  private finishEntry(entry: OpenEntry): void {
    const loc = this.resolveLoc(entry.loc.trim());
    if (loc === null) return;
    const lastmod = this.date(entry.lastmod, 'lastmod', loc);
    if (this.root === 'sitemapindex') {
      this.sitemaps.push({ loc, lastmod });
      return;
    }
    const news = entry.news;
    this.urls.push({
      loc,
      lastmod,
      news: news && {
        publicationName: clean(news.name),
        language: clean(news.language),
        publicationDate: this.date(news.date, 'news:publication_date', loc),
        title: clean(news.title),
        keywords: news.keywords
          .split(',')
          .map((keyword) => keyword.trim().normalize('NFC'))
          .filter((keyword) => keyword.length > 0),
      },
    });
  }

  private resolveLoc(raw: string): string | null {
    if (raw === '') {
      this.warn('entry without <loc> skipped');
      return null;
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      const resolved = this.baseUrl ? tryUrl(raw, this.baseUrl) : null;
      if (!resolved) {
        this.warn(`entry with unusable <loc> skipped: ${raw.slice(0, 200)}`);
        return null;
      }
      this.warn(`relative <loc> resolved against the sitemap URL: ${raw.slice(0, 200)}`);
      url = resolved;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      this.warn(`entry with non-HTTP <loc> skipped: ${raw.slice(0, 200)}`);
      return null;
    }
    return url.href;
  }

  private date(raw: string, field: string, loc: string): string | null {
    const value = raw.trim();
    if (value === '') return null;
    const parsed = parseDate(value);
    if (parsed === null) this.warn(`unreadable ${field} "${value.slice(0, 60)}" for ${loc}`);
    return parsed;
  }
}

function notASitemap(root: string): string {
  if (root === 'html') return 'not a sitemap: HTML page';
  if (root === 'rss' || root === 'feed' || root === 'rdf') {
    return `not a sitemap: looks like a feed (<${root}>)`;
  }
  return `not a sitemap: root element <${root}>`;
}

function localName(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function clean(text: string): string | null {
  const trimmed = text.replace(/\s+/g, ' ').trim().normalize('NFC');
  return trimmed === '' ? null : trimmed;
}

function tryUrl(raw: string, base: string): URL | null {
  try {
    return new URL(raw, base);
  } catch {
    return null;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
