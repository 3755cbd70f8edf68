// HTML from feeds and pages, made safe to show (sanitizeHtml), reduced to searchable plain
// text (htmlToText), or both from one parse (sanitizeHtmlWithText).
import { Parser } from 'htmlparser2';

/** Markup kept in an article body; everything else is dropped, its text kept. */
const ARTICLE_TAGS = new Set([
  'p',
  'a',
  'br',
  'img',
  'em',
  'strong',
  'li',
  'b',
  'i',
  'ul',
  'ol',
  'code',
  'pre',
  'blockquote',
  'figure',
  'figcaption',
  'h2',
  'h3',
  'h4',
  'h1',
  'h5',
  'h6',
  'td',
  'tr',
  'th',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'caption',
  'hr',
  'u',
  's',
  'sub',
  'sup',
  'small',
  'mark',
  'q',
  'cite',
  'dl',
  'dt',
  'dd',
]);

/** Attributes kept, per tag; tags not listed keep none. */
const ALLOWED_ATTRIBUTES: ReadonlyMap<string, readonly string[]> = new Map([
  ['a', ['href', 'title', 'rel']],
  ['img', ['src', 'alt', 'title', 'width', 'height']],
  ['td', ['colspan', 'rowspan']],
  ['th', ['colspan', 'rowspan', 'scope']],
  ['ol', ['start']],
]);

/** Written as `<br />`, never closed. */
const SELF_CLOSING = new Set(['img', 'br', 'hr']);

/** Elements whose content is never text worth keeping. */
const DROPPED_WITH_CONTENT = [
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'option',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'head',
  'title',
];
const SKIPPED = new Set(DROPPED_WITH_CONTENT);

/**
 * Keep only markup suitable for an article body: no scripts, styles, frames, event handlers or
 * non-http(s) URLs. Relative `href`/`src` are resolved against `baseUrl` and links get
 * `rel="noopener noreferrer"`. The rules are sanitize-html's with this allow-list (a test holds
 * the two to the same output), applied in the same parse that extracts the text.
 */
export function sanitizeHtml(html: string, baseUrl: string | null): string {
  // Text without markup or entities comes out unchanged but for `>`.
  if (!/[<&]/.test(html)) return toNfc(html.replace(/>/g, '&gt;'));
  return parseArticleHtml(html, baseUrl, false).html;
}

export interface SanitizedHtml {
  /** As `sanitizeHtml` makes it. */
  html: string;
  /** As `htmlToText` reads the original markup. */
  text: string;
}

/** `sanitizeHtml` and `htmlToText` of the same markup, parsed once. */
export function sanitizeHtmlWithText(html: string, baseUrl: string | null): SanitizedHtml {
  if (!/[<&]/.test(html)) {
    return {
      html: toNfc(html.replace(/>/g, '&gt;')),
      text: plainTextOf(html),
    };
  }
  const parsed = parseArticleHtml(html, baseUrl, true);
  return { html: parsed.html, text: parsed.text ?? htmlToText(html) };
}

/**
 * htmlparser2 keeps `<div/>` open, as browsers and the sanitiser do; the text reader closes it
 * at once. Such a tag is noticed here so that its text can be read the text reader's way.
 */
class ArticleParser extends Parser {
  openElements = 0;
  selfClosedLeftOpen = false;

  override onselfclosingtag(endIndex: number): void {
    const before = this.openElements;
    super.onselfclosingtag(endIndex);
    if (this.openElements > before) this.selfClosedLeftOpen = true;
  }
}

interface Frame {
  name: string;
  /** Not an allowed tag: neither it nor its end tag is written. */
  dropped: boolean;
}

/**
 * One htmlparser2 pass writing the sanitised markup and, when `withText`, the plain text; text
 * is null when a self-closed tag made the two readings differ.
 */
function parseArticleHtml(
  html: string,
  baseUrl: string | null,
  withText: boolean,
): { html: string; text: string | null } {
  let out = '';
  const frames: Frame[] = [];
  // Inside an element dropped with its content: how many open elements deep.
  let droppedContentDepth = 0;
  const text = withText ? new PlainTextWriter() : null;
  let textSkipDepth = 0;
  const resolve = (url: string | undefined): string | undefined => {
    if (url === undefined) return undefined;
    // Percent-encoding comes before the output's NFC pass: normalise a URL first.
    const trimmed = toNfc(url.trim());
    if (!baseUrl) return trimmed;
    try {
      return new URL(trimmed, baseUrl).href;
    } catch {
      return trimmed;
    }
  };

  const parser: ArticleParser = new ArticleParser(
    {
      onopentag(name, attribs) {
        parser.openElements++;
        if (text !== null) {
          if (SKIPPED.has(name)) textSkipDepth++;
          else if (PARAGRAPH_TAGS.has(name)) text.lineBreaks(2);
          else if (LINE_TAGS.has(name)) text.lineBreaks(1);
        }
        if (droppedContentDepth > 0) {
          droppedContentDepth++;
          return;
        }
        const dropped = !ARTICLE_TAGS.has(name);
        frames.push({ name, dropped });
        if (dropped) {
          if (SKIPPED.has(name)) droppedContentDepth = 1;
          return;
        }
        out += `<${name}${attributesOf(name, attribs, resolve)}${SELF_CLOSING.has(name) ? ' />' : '>'}`;
      },
      ontext(data) {
        if (text !== null && textSkipDepth === 0) text.write(data);
        if (droppedContentDepth === 0) out += escapeHtml(data, false);
      },
      onclosetag(name) {
        parser.openElements--;
        if (text !== null) {
          if (SKIPPED.has(name)) textSkipDepth = Math.max(0, textSkipDepth - 1);
          else if (PARAGRAPH_TAGS.has(name)) text.lineBreaks(2);
        }
        if (droppedContentDepth > 0 && --droppedContentDepth > 0) return;
        const frame = frames.pop();
        if (!frame) return;
        // Bad markup: keep the frame for a later end tag.
        if (frame.name !== name) {
          frames.push(frame);
          return;
        }
        if (frame.dropped || SELF_CLOSING.has(name)) return;
        out += `</${name}>`;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return {
    html: toNfc(out),
    text: text !== null && !parser.selfClosedLeftOpen ? text.finish() : null,
  };
}

/** The allowed attributes of an allowed tag, written out (each with its leading space). */
function attributesOf(
  name: string,
  attribs: Record<string, string>,
  resolve: (url: string | undefined) => string | undefined,
): string {
  const allowed = ALLOWED_ATTRIBUTES.get(name);
  if (allowed === undefined) return '';
  let kept = attribs;
  if (name === 'a') {
    const href = resolve(attribs.href);
    kept = { rel: 'noopener noreferrer' };
    if (href !== undefined) kept.href = href;
    if (attribs.title !== undefined) kept.title = attribs.title;
  } else if (name === 'img') {
    // Lazy-loading pages keep the real address in data-src.
    const src = resolve(attribs.src || attribs['data-src'] || attribs['data-original']);
    kept = src === undefined ? attribs : { ...attribs, src };
  }
  let written = '';
  for (const key in kept) {
    const value = kept[key]!;
    if (!allowed.includes(key)) continue;
    // Every allowed attribute but alt means nothing empty.
    if (value === '' && key !== 'alt') continue;
    if ((key === 'href' || key === 'src') && unsafeUrl(name, value)) continue;
    written += value === '' ? ` ${key}=""` : ` ${key}="${escapeHtml(value, true)}"`;
  }
  return written;
}

/**
 * A URL with a scheme other than http(s) (and mailto: for links), after removing what browsers
 * ignore in one: control characters, spaces and HTML comments.
 */
function unsafeUrl(tag: string, url: string): boolean {
  let href = url.replace(/[\x00-\x20]+/g, '');
  for (;;) {
    const start = href.indexOf('<!--');
    if (start === -1) break;
    const end = href.indexOf('-->', start + 4);
    if (end === -1) break;
    href = href.slice(0, start) + href.slice(end + 3);
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9.\-+]*):/.exec(href)?.[1]?.toLowerCase();
  if (scheme === undefined) return false;
  return !(scheme === 'http' || scheme === 'https' || (scheme === 'mailto' && tag !== 'img'));
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

const TEXT_SPECIALS = /[&<>]/;
const TEXT_SPECIALS_ALL = /[&<>]/g;
const ATTRIBUTE_SPECIALS = /[&<>"]/;
const ATTRIBUTE_SPECIALS_ALL = /[&<>"]/g;
const escapeChar = (c: string): string => ESCAPES[c]!;

function escapeHtml(text: string, attribute: boolean): string {
  if (attribute) {
    return ATTRIBUTE_SPECIALS.test(text) ? text.replace(ATTRIBUTE_SPECIALS_ALL, escapeChar) : text;
  }
  return TEXT_SPECIALS.test(text) ? text.replace(TEXT_SPECIALS_ALL, escapeChar) : text;
}

const PARAGRAPH_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'nav',
  'main',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'dl',
  'table',
  'figure',
  'figcaption',
  'hr',
  'address',
  'details',
  'summary',
  'fieldset',
  'form',
]);
const LINE_TAGS = new Set(['br', 'li', 'tr', 'dt', 'dd', 'caption']);

/**
 * Plain text of an HTML fragment: entities decoded, whitespace collapsed, block elements
 * separated by a blank line (`\n\n`), `<br>` and list items by a line break, Unicode NFC.
 */
export function htmlToText(html: string): string {
  if (html === '') return '';
  if (!/[<&]/.test(html)) return plainTextOf(html);
  const text = new PlainTextWriter();
  let skipDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipDepth++;
        else if (PARAGRAPH_TAGS.has(name)) text.lineBreaks(2);
        else if (LINE_TAGS.has(name)) text.lineBreaks(1);
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (PARAGRAPH_TAGS.has(name)) text.lineBreaks(2);
      },
      ontext(data) {
        if (skipDepth === 0) text.write(data);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return text.finish();
}

/** Text without markup, whitespace collapsed, as `htmlToText` reads it. */
function plainTextOf(text: string): string {
  if (text === '') return '';
  const writer = new PlainTextWriter();
  writer.write(text);
  return writer.finish();
}

const WHITESPACE_RUN = /\s+/g;

/**
 * Builds `tidyText`'s result in one pass while the parser delivers text and block boundaries:
 * whitespace inside text is one space, a boundary is a line break (two for a paragraph), spaces
 * next to a line break and at the ends are dropped, at most one blank line is kept.
 */
class PlainTextWriter {
  private out = '';
  private pendingSpace = false;
  private pendingBreaks = 0;

  write(text: string): void {
    const collapsed = text.replace(WHITESPACE_RUN, ' ');
    const leading = collapsed.charCodeAt(0) === 0x20;
    const trailing = collapsed.charCodeAt(collapsed.length - 1) === 0x20;
    if (leading) this.pendingSpace = true;
    if (collapsed.length > (leading ? 1 : 0)) {
      this.append(collapsed.slice(leading ? 1 : 0, trailing ? -1 : undefined));
    }
    if (trailing) this.pendingSpace = true;
  }

  lineBreaks(count: 1 | 2): void {
    this.pendingBreaks += count;
  }

  finish(): string {
    return toNfc(this.out);
  }

  private append(words: string): void {
    if (words === '') return;
    if (this.out !== '') {
      if (this.pendingBreaks > 0) this.out += this.pendingBreaks > 1 ? '\n\n' : '\n';
      else if (this.pendingSpace) this.out += ' ';
    }
    this.out += words;
    this.pendingSpace = false;
    this.pendingBreaks = 0;
  }
}

/**
 * NFC, skipping the normalisation pass when every character is below U+0300: nothing there
 * composes or decomposes (the first characters NFC can change are the combining marks).
 */
function toNfc(text: string): string {
  return BEYOND_SPACING_MODIFIERS.test(text) ? text.normalize('NFC') : text;
}

const BEYOND_SPACING_MODIFIERS = /[^\u0000-\u02ff]/;

/** Collapse spaces, trim lines, keep at most one blank line between paragraphs. */
export function tidyText(text: string): string {
  return text
    .replace(/[ \t\f\v\r\u00a0]+/g, ' ')
    .replace(SPACE_AROUND_LINE_BREAK, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .normalize('NFC');
}

/** What `trim()` would take from the ends of each line. */
const SPACE_AROUND_LINE_BREAK = /[^\S\n]+(?=\n)|(?<=\n)[^\S\n]+/g;
