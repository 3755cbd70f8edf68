// RSS 0.90–2.0 and RSS 1.0 (RDF): the channel and its items, with the common modules
// (content:encoded, Dublin Core, atom:link, Media RSS, iTunes author).
import type { FeedItem } from '../../model.js';
import { parseDate } from '../../text/dates.js';
import type { FeedBody } from './feed-body.js';
import {
  authorName,
  CategoryList,
  cleanLine,
  EnclosureList,
  parseLength,
  plainLine,
  plainText,
  resolveUrl,
  safeHtml,
  safeHtmlAndText,
} from './feed-fields.js';
import { addAtomLinkEnclosures, addMediaEnclosures } from './media.js';
import {
  child,
  childrenNamed,
  hasElementChildren,
  innerXml,
  ownText,
  type XmlElement,
} from './xml-tree.js';

/** Namespaces RSS's own elements appear in: none, RSS 1.0, RSS 0.90, or Userland's RSS 2. */
const CORE = ['', 'rss10', 'rss090', 'rss20'] as const;
const DC = ['dc'] as const;
const ATOM = ['atom'] as const;

/** Read an `<rss>` root (0.91, 0.92, 2.0 …) or, with `rdf`, an `<rdf:RDF>` root. */
export function readRss(root: XmlElement, kind: 'rss' | 'rdf'): FeedBody {
  const channel = root.name === 'channel' ? root : child(root, 'channel', CORE);
  const scope = channel ?? root;

  const linkText = scope === root ? null : textOf(child(scope, 'link', CORE));
  const atomAlternate = alternateAtomLink(scope);
  const channelLink = resolveUrl(linkText ?? atomAlternate?.url, atomAlternate?.base ?? scope.base);
  // Without a document URL or xml:base, the channel's own link is the best base there is.
  const fallbackBase = scope.base ?? (isAbsolute(channelLink) ? channelLink : null);

  // RSS 2.0 keeps items in the channel; RSS 0.90 and 1.0 beside it. Accept either.
  const itemElements = channel ? childrenNamed(channel, 'item', CORE) : [];
  if (channel !== root) itemElements.push(...childrenNamed(root, 'item', CORE));

  return {
    format: kind,
    version: kind === 'rdf' ? rdfVersion(root, channel) : rssVersion(root),
    title: plainLine(textOf(child(scope, 'title', CORE)) ?? textOf(child(scope, 'title', DC))),
    link: channelLink,
    description: plainText(
      textOf(child(scope, 'description', CORE)) ?? textOf(child(scope, 'description', DC)),
    ),
    language: cleanLine(
      textOf(child(scope, 'language', CORE)) ??
        textOf(child(scope, 'language', DC)) ??
        scope.attrs['xml:lang'] ??
        root.attrs['xml:lang'],
    ),
    items: itemElements.map((item) => readItem(item, fallbackBase, kind)),
  };
}

function readItem(item: XmlElement, fallbackBase: string | null, kind: 'rss' | 'rdf'): FeedItem {
  const base = item.base ?? fallbackBase;
  const guidElement = child(item, 'guid', CORE);
  const guid = cleanLine(textOf(guidElement));
  const id =
    guid ??
    cleanLine(textOf(child(item, 'id', ATOM))) ??
    (kind === 'rdf' ? cleanLine(item.attrs['rdf:about']) : null);

  const linkElement = child(item, 'link', CORE);
  let link = resolveUrl(textOf(linkElement) ?? linkElement?.attrs.href, linkElement?.base ?? base);
  if (!link) {
    const alternate = alternateAtomLink(item);
    link = alternate ? resolveUrl(alternate.url, alternate.base ?? base) : null;
  }
  // RSS 2.0: a guid is a permalink unless it says isPermaLink="false".
  if (!link && guid && guidElement?.attrs.ispermalink !== 'false' && /^https?:\/\//i.test(guid)) {
    link = guid;
  }

  const description = child(item, 'description', CORE);
  const descriptionHtml = description ? markupOf(description) : null;
  const encoded = child(item, 'encoded', ['content']);
  const contentHtml = encoded ? markupOf(encoded) : null;
  const contentBase = (encoded ?? description)?.base ?? base;
  // Without content:encoded the description is both the summary and the content: parse it once.
  const descriptionOnly =
    contentHtml === null && descriptionHtml !== null
      ? safeHtmlAndText(descriptionHtml, contentBase)
      : null;

  const categories = new CategoryList();
  for (const node of childrenNamed(item, 'category', CORE)) categories.add(ownText(node));
  for (const node of childrenNamed(item, 'subject', DC)) categories.add(ownText(node));

  const enclosures = new EnclosureList();
  for (const node of childrenNamed(item, 'enclosure', CORE)) {
    enclosures.add(
      resolveUrl(node.attrs.url, node.base ?? base),
      node.attrs.type ?? null,
      parseLength(node.attrs.length),
    );
  }
  addAtomLinkEnclosures(item, ATOM, base, enclosures);
  addMediaEnclosures(item, base, enclosures);

  return {
    id,
    title: plainLine(textOf(child(item, 'title', CORE)) ?? textOf(child(item, 'title', DC))),
    link,
    published: parseDate(
      textOf(child(item, 'pubdate', CORE)) ??
        textOf(child(item, 'date', DC)) ??
        textOf(child(item, 'issued', ['dcterms'])) ??
        textOf(child(item, 'published', ATOM)),
    ),
    updated: parseDate(
      textOf(child(item, 'updated', ATOM)) ?? textOf(child(item, 'modified', ['dcterms'])),
    ),
    author:
      authorName(textOf(child(item, 'creator', DC))) ??
      authorName(textOf(child(item, 'author', CORE))) ??
      authorName(textOf(child(item, 'author', ['itunes']))) ??
      authorName(atomAuthorName(item)),
    summary:
      (descriptionOnly ? descriptionOnly.text : plainText(descriptionHtml)) ??
      plainText(textOf(child(item, 'summary', ['itunes']))) ??
      plainText(textOf(child(item, 'description', ['media']))),
    content: descriptionOnly ? descriptionOnly.html : safeHtml(contentHtml, contentBase),
    categories: categories.items,
    enclosures: enclosures.items,
  };
}

function rssVersion(root: XmlElement): string | null {
  return cleanLine(root.attrs.version);
}

function rdfVersion(root: XmlElement, channel: XmlElement | null): string | null {
  const ns = channel?.ns ?? root.ns;
  if (ns === 'rss090') return '0.90';
  if (ns === 'rss10') return '1.0';
  return null;
}

/** Non-empty direct text, or null. */
function textOf(element: XmlElement | null): string | null {
  if (!element) return null;
  const text = hasElementChildren(element) ? innerXml(element) : ownText(element);
  return /\S/.test(text) ? text : null;
}

/** The element's HTML: escaped/CDATA text, or unescaped markup some feeds leave inline. */
function markupOf(element: XmlElement): string | null {
  return hasElementChildren(element) ? innerXml(element) : textOf(element);
}

function alternateAtomLink(element: XmlElement): { url: string; base: string | null } | null {
  for (const node of childrenNamed(element, 'link', ATOM)) {
    const rel = node.attrs.rel ?? 'alternate';
    if (rel === 'alternate' && node.attrs.href) return { url: node.attrs.href, base: node.base };
  }
  return null;
}

function atomAuthorName(item: XmlElement): string | null {
  const author = child(item, 'author', ATOM);
  return author ? textOf(child(author, 'name', ATOM)) : null;
}

function isAbsolute(url: string | null): url is string {
  return url !== null && /^https?:\/\//i.test(url);
}
