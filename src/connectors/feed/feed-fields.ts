// Field clean-up shared by the RSS, RDF, Atom and JSON Feed readers: every value comes out
// trimmed, NFC and null when empty; URLs come out absolute when a base is known.
import type { FeedEnclosure } from '../../model.js';
import { htmlToText, sanitizeHtml, sanitizeHtmlWithText } from '../../text/html.js';

/** Trimmed, whitespace-collapsed, NFC; null when empty. */
export function cleanLine(text: string | null | undefined): string | null {
  if (text == null) return null;
  const line = text.replace(/\s+/g, ' ').trim();
  return line === '' ? null : toNfc(line);
}

/** NFC; text below U+0300 (ASCII, most Latin) cannot change, so it skips the pass. */
export function toNfc(text: string): string {
  return /[^\u0000-\u02ff]/.test(text) ? text.normalize('NFC') : text;
}

/** Markup or entities are possible (RSS titles often carry escaped HTML). */
const LOOKS_LIKE_MARKUP = /<[a-zA-Z/!]|&(?:#\d+|#x[\da-fA-F]+|[a-zA-Z][a-zA-Z\d]*);/;

/** A one-line plain-text value that may hold HTML (an RSS title, an author). */
export function plainLine(text: string | null | undefined): string | null {
  if (text == null) return null;
  return cleanLine(LOOKS_LIKE_MARKUP.test(text) ? htmlToText(text) : text);
}

/** Multi-line plain text from HTML (a description); null when empty. */
export function plainText(html: string | null | undefined): string | null {
  if (html == null) return null;
  const text = htmlToText(html);
  return text === '' ? null : text;
}

/** Sanitised HTML; null when nothing visible is left. */
export function safeHtml(html: string | null | undefined, base: string | null): string | null {
  if (html == null || html.trim() === '') return null;
  const clean = sanitizeHtml(html, base).trim();
  return clean === '' ? null : clean;
}

/**
 * `safeHtml` and `plainText` of the same markup (a description that is also the content), from
 * one parse.
 */
export function safeHtmlAndText(
  html: string,
  base: string | null,
): { html: string | null; text: string | null } {
  if (html.trim() === '') return { html: null, text: plainText(html) };
  const both = sanitizeHtmlWithText(html, base);
  const clean = both.html.trim();
  return { html: clean === '' ? null : clean, text: both.text === '' ? null : both.text };
}

/** Plain text shown as HTML: escaped, paragraphs kept. */
export function textAsHtml(text: string): string {
  const escaped = text
    .trim()
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
  return escaped
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br />')}</p>`)
    .join('');
}

/** Absolute URL when it can be made one, the trimmed value otherwise; null when empty. */
export function resolveUrl(url: string | null | undefined, base: string | null): string | null {
  if (url == null) return null;
  const trimmed = toNfc(url.trim());
  if (trimmed === '') return null;
  try {
    return new URL(trimmed, base ?? undefined).href;
  } catch {
    return trimmed;
  }
}

export function parseLength(value: string | number | null | undefined): number | null {
  if (value == null) return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isFinite(n) && n >= 0 && String(value).trim() !== '' ? Math.floor(n) : null;
}

/** Collects enclosures, first occurrence of each URL wins (feeds repeat media:content). */
export class EnclosureList {
  readonly items: FeedEnclosure[] = [];
  private readonly seen = new Set<string>();

  add(url: string | null, type: string | null | undefined, length: number | null): void {
    if (!url || this.seen.has(url)) return;
    this.seen.add(url);
    this.items.push({ url, type: cleanLine(type), length });
  }
}

/** Collects categories: trimmed, NFC, de-duplicated, order kept. */
export class CategoryList {
  readonly items: string[] = [];
  private readonly seen = new Set<string>();

  add(value: string | null | undefined): void {
    const clean = plainLine(value);
    if (!clean || this.seen.has(clean)) return;
    this.seen.add(clean);
    this.items.push(clean);
  }
}

/** "jane@example.com (Jane Doe)" → "Jane Doe"; a bare address stays as it is. */
export function authorName(value: string | null | undefined): string | null {
  const line = plainLine(value);
  if (!line) return null;
  const inParens = /^\S+@\S+\s*\((.+)\)$/.exec(line);
  return inParens?.[1] ? cleanLine(inParens[1]) : line;
}
