// Atom 1.0 (RFC 4287) and Atom 0.3: text constructs (text, html, xhtml, 0.3 modes), alternate
// links resolved against xml:base, author fallback from entry to source to feed.
import type { FeedItem } from '../../model.js';
import { parseDate } from '../../text/dates.js';
import type { FeedBody } from './feed-body.js';
import {
  authorName,
  CategoryList,
  cleanLine,
  EnclosureList,
  plainLine,
  plainText,
  resolveUrl,
  safeHtml,
  safeHtmlAndText,
  textAsHtml,
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

/** Atom elements; '' admits feeds that forgot the namespace declaration. */
const ATOM = ['atom', 'atom03', ''] as const;

export function readAtom(root: XmlElement): FeedBody {
  const feedLink = alternateLink(root);
  const fallbackBase = root.base ?? (feedLink && /^https?:\/\//i.test(feedLink) ? feedLink : null);
  const feedAuthor = personName(child(root, 'author', ATOM));
  return {
    format: 'atom',
    version:
      root.ns === 'atom' ? '1.0' : root.ns === 'atom03' ? '0.3' : cleanLine(root.attrs.version),
    title: titleOf(child(root, 'title', ATOM)),
    link: feedLink,
    description: plainText(htmlOf(child(root, 'subtitle', ATOM) ?? child(root, 'tagline', ATOM))),
    language: cleanLine(root.attrs['xml:lang']),
    items: childrenNamed(root, 'entry', ATOM).map((entry) =>
      readEntry(entry, fallbackBase, feedAuthor),
    ),
  };
}

function readEntry(
  entry: XmlElement,
  fallbackBase: string | null,
  feedAuthor: string | null,
): FeedItem {
  const base = entry.base ?? fallbackBase;
  const link = alternateLink(entry, base);
  const summary = child(entry, 'summary', ATOM);
  const content = child(entry, 'content', ATOM);
  const contentElement = content && content.attrs.src === undefined ? content : summary;
  const source = child(entry, 'source', ATOM);
  const summaryHtml = htmlOf(summary);
  // A summary that is also the content is parsed once for both.
  const summaryAsContent =
    contentElement === summary && summaryHtml !== null
      ? safeHtmlAndText(summaryHtml, contentElement!.base ?? base)
      : null;

  const categories = new CategoryList();
  for (const node of childrenNamed(entry, 'category', ATOM)) {
    categories.add(node.attrs.label ?? node.attrs.term ?? ownText(node));
  }
  for (const node of childrenNamed(entry, 'subject', ['dc'])) categories.add(ownText(node));

  const enclosures = new EnclosureList();
  addAtomLinkEnclosures(entry, ATOM, base, enclosures);
  addMediaEnclosures(entry, base, enclosures);

  return {
    id: cleanLine(textOf(child(entry, 'id', ATOM))),
    title: titleOf(child(entry, 'title', ATOM)),
    link,
    published: parseDate(
      textOf(child(entry, 'published', ATOM)) ??
        textOf(child(entry, 'issued', ATOM)) ??
        textOf(child(entry, 'created', ATOM)),
    ),
    updated: parseDate(
      textOf(child(entry, 'updated', ATOM)) ?? textOf(child(entry, 'modified', ATOM)),
    ),
    author:
      personName(child(entry, 'author', ATOM)) ??
      (source ? personName(child(source, 'author', ATOM)) : null) ??
      authorName(textOf(child(entry, 'creator', ['dc']))) ??
      feedAuthor,
    summary: summaryAsContent ? summaryAsContent.text : plainText(summaryHtml),
    content: summaryAsContent
      ? summaryAsContent.html
      : contentElement && contentElement !== summary
        ? safeHtml(htmlOf(contentElement), contentElement.base ?? base)
        : null,
    categories: categories.items,
    enclosures: enclosures.items,
  };
}

/**
 * The alternate link: rel="alternate" or no rel, preferring an HTML one; resolved against the
 * link's own xml:base.
 */
function alternateLink(element: XmlElement, fallbackBase: string | null = null): string | null {
  let best: XmlElement | null = null;
  for (const node of childrenNamed(element, 'link', ATOM)) {
    const rel = (node.attrs.rel ?? 'alternate').trim().toLowerCase();
    if (rel !== 'alternate' || !node.attrs.href) continue;
    const type = (node.attrs.type ?? 'text/html').toLowerCase();
    if (type.includes('html')) {
      best = node;
      break;
    }
    best ??= node;
  }
  return best ? resolveUrl(best.attrs.href, best.base ?? fallbackBase) : null;
}

function personName(person: XmlElement | null): string | null {
  if (!person) return null;
  const name = child(person, 'name', ATOM);
  return authorName(name ? ownText(name) : ownText(person));
}

function textOf(element: XmlElement | null): string | null {
  if (!element) return null;
  const text = ownText(element);
  return /\S/.test(text) ? text : null;
}

function titleOf(element: XmlElement | null): string | null {
  if (!element) return null;
  const kind = constructKind(element);
  if (kind === 'text') return cleanLine(ownText(element));
  return plainLine(htmlOf(element));
}

type ConstructKind = 'text' | 'html' | 'xhtml' | 'base64';

function constructKind(element: XmlElement): ConstructKind {
  const type = (element.attrs.type ?? '').trim().toLowerCase();
  const mode = (element.attrs.mode ?? '').trim().toLowerCase();
  if (mode === 'base64') return 'base64';
  if (type === 'xhtml' || type.endsWith('xhtml+xml') || mode === 'xml') return 'xhtml';
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return 'html';
  // Markup left unescaped in a text construct is read as XHTML rather than lost.
  if (hasElementChildren(element)) return 'xhtml';
  return 'text';
}

/** A text construct as HTML. */
function htmlOf(element: XmlElement | null): string | null {
  if (!element) return null;
  switch (constructKind(element)) {
    case 'xhtml':
      return innerXml(element);
    case 'html':
      return ownText(element);
    case 'base64':
      return Buffer.from(ownText(element), 'base64').toString('utf8');
    case 'text': {
      const text = ownText(element);
      return text.trim() === '' ? null : textAsHtml(text);
    }
  }
}
