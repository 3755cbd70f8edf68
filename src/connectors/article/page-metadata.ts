// Reads the metadata a page declares in its <head> and markup, source by source, without judging
// between them: Open Graph, other <meta> conventions (Dublin Core, pubdate, …), <time datetime>,
// <html lang>, <link rel=canonical> and the JSON-LD script texts. Read-only over the DOM.

/** Lower-cased meta key (property, name, itemprop or http-equiv) -> contents in document order. */
export type MetaTags = Map<string, string[]>;

export interface PageMetadata {
  meta: MetaTags;
  jsonLdBlocks: string[];
  htmlLang: string | null;
  canonicalHref: string | null;
  imageSrcHref: string | null;
  /** datetime of the <time> that marks publication, or the first <time datetime>. */
  timeDatetime: string | null;
  /** <base href> as written, for resolving the page's relative URLs. */
  baseHref: string | null;
}

const META_KEY_ATTRIBUTES = ['property', 'name', 'itemprop', 'http-equiv'] as const;

export function readPageMetadata(document: Document): PageMetadata {
  const meta: MetaTags = new Map();
  for (const element of Array.from(document.querySelectorAll('meta'))) {
    const content = element.getAttribute('content');
    if (content === null || content.trim() === '') continue;
    for (const attribute of META_KEY_ATTRIBUTES) {
      const key = element.getAttribute(attribute)?.trim().toLowerCase();
      if (!key) continue;
      const list = meta.get(key);
      if (list) list.push(content);
      else meta.set(key, [content]);
    }
  }
  const jsonLdBlocks = Array.from(document.querySelectorAll('script'))
    .filter((script) => isJsonLdType(script.getAttribute('type')))
    .map((script) => script.textContent ?? '');
  return {
    meta,
    jsonLdBlocks,
    htmlLang: attribute(document.documentElement, 'lang'),
    canonicalHref: linkHref(document, 'canonical'),
    imageSrcHref: linkHref(document, 'image_src'),
    timeDatetime:
      attribute(document.querySelector('time[itemprop~="datePublished"][datetime]'), 'datetime') ??
      attribute(document.querySelector('time[pubdate][datetime]'), 'datetime') ??
      attribute(document.querySelector('time[datetime]'), 'datetime'),
    baseHref: attribute(document.querySelector('base[href]'), 'href'),
  };
}

/** First non-empty content among `keys`, in the order given. */
export function firstMeta(meta: MetaTags, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = meta.get(key)?.[0]?.trim();
    if (value) return value;
  }
  return null;
}

function isJsonLdType(type: string | null): boolean {
  return type !== null && type.split(';')[0]?.trim().toLowerCase() === 'application/ld+json';
}

function linkHref(document: Document, rel: string): string | null {
  for (const link of Array.from(document.querySelectorAll('link[rel][href]'))) {
    const rels = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rels.includes(rel)) return attribute(link, 'href');
  }
  return null;
}

function attribute(element: Element | null, name: string): string | null {
  const value = element?.getAttribute(name)?.trim();
  return value ? value : null;
}
