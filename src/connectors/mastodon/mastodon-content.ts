// A status's HTML content with every mention of an account replaced by a placeholder: mentions
// name people by handle (a reply starts with one), so neither the text nor the kept raw HTML
// may carry them. Quote fallbacks ("RE: <link>") are dropped as quote-aware clients do.
import { DomUtils, parseDocument } from 'htmlparser2';
import { htmlToText } from '../../text/html.js';

export const MENTION_PLACEHOLDER = '@…';

type Node = ReturnType<typeof parseDocument>['children'][number];
type ElementNode = Parameters<Parameters<typeof DomUtils.findAll>[0]>[0];

function classes(element: ElementNode): string[] {
  return (element.attribs.class ?? '').split(/\s+/);
}

function isMentionLink(element: ElementNode, mentionUrls: ReadonlySet<string>): boolean {
  if (element.name !== 'a') return false;
  const cls = classes(element);
  if (cls.includes('hashtag')) return false;
  if (cls.includes('mention')) return true;
  const href = element.attribs.href;
  if (href !== undefined && mentionUrls.has(href)) return true;
  return DomUtils.textContent(element).trim().startsWith('@');
}

function placeholderNode(): Node {
  return parseDocument(MENTION_PLACEHOLDER).children[0]!;
}

/** Whether the HTML may hold a mention or a quote fallback: most statuses need no DOM. */
function mayNeedMasking(html: string, mentionUrls: ReadonlySet<string>): boolean {
  if (/quote-inline|>\s*@|\bu-url\b|class="(?![^"]*hashtag)[^"]*\bmention\b/.test(html))
    return true;
  for (const url of mentionUrls) if (html.includes(url)) return true;
  return false;
}

/** The content HTML with mentions masked and quote fallbacks removed; unchanged when it has neither. */
export function maskedContentHtml(html: string, mentionUrls: ReadonlySet<string>): string {
  if (!mayNeedMasking(html, mentionUrls)) return html;
  const document = parseDocument(html, { decodeEntities: true });
  let changed = false;
  for (const quote of DomUtils.findAll(
    (e) => classes(e).includes('quote-inline'),
    document.children,
  )) {
    DomUtils.removeElement(quote);
    changed = true;
  }
  for (const link of DomUtils.findAll((e) => isMentionLink(e, mentionUrls), document.children)) {
    DomUtils.replaceElement(link, placeholderNode());
    changed = true;
  }
  return changed ? DomUtils.getOuterHTML(document.children, { encodeEntities: 'utf8' }) : html;
}

/** Plain text of a status: the content warning, if any, then the content. */
export function statusText(spoilerText: string | null, maskedHtml: string): string {
  const body = htmlToText(maskedHtml);
  const warning = spoilerText?.trim().normalize('NFC') ?? '';
  if (warning === '') return body;
  return body === '' ? warning : `${warning}\n\n${body}`;
}
