// Media RSS (media:content, media:thumbnail, media:group) and RSS/Atom enclosures, read the same
// way for every format.
import { type EnclosureList, parseLength, resolveUrl } from './feed-fields.js';
import { childrenNamed, type XmlElement } from './xml-tree.js';

/** Adds media:content and media:thumbnail of `element` (and of its media:group children). */
export function addMediaEnclosures(
  element: XmlElement,
  base: string | null,
  enclosures: EnclosureList,
): void {
  for (const node of element.children) {
    if (typeof node === 'string' || node.ns !== 'media') continue;
    if (node.name === 'group') {
      addMediaEnclosures(node, base, enclosures);
    } else if (node.name === 'content') {
      enclosures.add(
        resolveUrl(node.attrs.url, node.base ?? base),
        node.attrs.type ?? null,
        parseLength(node.attrs.filesize),
      );
      addMediaEnclosures(node, base, enclosures);
    } else if (node.name === 'thumbnail') {
      enclosures.add(resolveUrl(node.attrs.url, node.base ?? base), null, null);
    }
  }
}

/** Adds `<link rel="enclosure">` children of `element` in the given Atom namespaces. */
export function addAtomLinkEnclosures(
  element: XmlElement,
  namespaces: readonly string[],
  base: string | null,
  enclosures: EnclosureList,
): void {
  for (const node of childrenNamed(element, 'link', namespaces)) {
    if (node.attrs.rel === 'enclosure') {
      enclosures.add(
        resolveUrl(node.attrs.href, node.base ?? base),
        node.attrs.type ?? null,
        parseLength(node.attrs.length),
      );
    }
  }
}
