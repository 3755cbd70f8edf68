// HTML from feeds and pages, made safe to show (sanitizeHtml) or reduced to searchable plain
// text (htmlToText).
import { Parser } from 'htmlparser2';
import sanitize from 'sanitize-html';

// Most frequent first: sanitize-html looks tags up with a linear indexOf on every tag.
const ARTICLE_TAGS = [
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
];

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

/**
 * Keep only markup suitable for an article body: no scripts, styles, frames, event handlers or
 * non-http(s) URLs. Relative `href`/`src` are resolved against `baseUrl` and links get
 * `rel="noopener noreferrer"`.
 */
export function sanitizeHtml(html: string, baseUrl: string | null): string {
  // Text without markup or entities comes out of sanitize-html unchanged but for `>`.
  if (!/[<&]/.test(html)) return html.replace(/>/g, '&gt;').normalize('NFC');
  const resolve = (url: string | undefined): string | undefined => {
    if (url === undefined) return undefined;
    const trimmed = url.trim();
    if (!baseUrl) return trimmed;
    try {
      return new URL(trimmed, baseUrl).href;
    } catch {
      return trimmed;
    }
  };
  return sanitize(html, {
    allowedTags: ARTICLE_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: true,
    nonTextTags: DROPPED_WITH_CONTENT,
    transformTags: {
      a: (tagName, attribs) => {
        const href = resolve(attribs.href);
        const next: Record<string, string> = { rel: 'noopener noreferrer' };
        if (href !== undefined) next.href = href;
        if (attribs.title !== undefined) next.title = attribs.title;
        return { tagName, attribs: next };
      },
      img: (tagName, attribs) => {
        // Lazy-loading pages keep the real address in data-src.
        const src = resolve(attribs.src || attribs['data-src'] || attribs['data-original']);
        const next: Record<string, string> = { ...attribs };
        if (src !== undefined) next.src = src;
        return { tagName, attribs: next };
      },
    },
  }).normalize('NFC');
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
const SKIPPED = new Set(DROPPED_WITH_CONTENT);

/**
 * Plain text of an HTML fragment: entities decoded, whitespace collapsed, block elements
 * separated by a blank line (`\n\n`), `<br>` and list items by a line break, Unicode NFC.
 */
export function htmlToText(html: string): string {
  if (html === '') return '';
  if (!/[<&]/.test(html)) return tidyText(html.replace(/\s+/g, ' '));
  const chunks: string[] = [];
  let skipDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipDepth++;
        else if (PARAGRAPH_TAGS.has(name)) chunks.push('\n\n');
        else if (LINE_TAGS.has(name)) chunks.push('\n');
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (PARAGRAPH_TAGS.has(name)) chunks.push('\n\n');
      },
      ontext(text) {
        if (skipDepth === 0) chunks.push(text.replace(/\s+/g, ' '));
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return tidyText(chunks.join(''));
}

/** Collapse spaces, trim lines, keep at most one blank line between paragraphs. */
export function tidyText(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    lines[i] = lines[i]!.replace(/[ \t\f\v\r\u00a0]+/g, ' ').trim();
  }
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .normalize('NFC');
}
