// Builds the feed's element tree from start tags, end tags and text, whichever XML reader
// delivers them. Namespaces are resolved here so that an undeclared but well-known prefix such
// as `dc:` still means Dublin Core.

export interface XmlElement {
  /** Local name, lower-cased: feeds in the wild do not agree on case. */
  name: string;
  /** Qualified name as written, for re-serialising embedded XHTML. */
  rawName: string;
  /** Short key of the element's namespace, see `namespaceKey`. */
  ns: string;
  prefix: string;
  /** Attribute names lower-cased, as written otherwise (`xml:base`, `rdf:about`). */
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
  /** Absolute xml:base in effect for this element (or the document URL), if any. */
  base: string | null;
}

const NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom03',
  'http://purl.org/rss/1.0/': 'rss10',
  'http://my.netscape.com/rdf/simple/0.9/': 'rss090',
  'http://backend.userland.com/rss2': 'rss20',
  'http://blogs.law.harvard.edu/tech/rss': 'rss20',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/XML/1998/namespace': 'xml',
};

/** What an undeclared prefix most likely means. */
const CONVENTIONAL_PREFIXES: Record<string, string> = {
  atom: 'atom',
  atom10: 'atom',
  content: 'content',
  dc: 'dc',
  dcterms: 'dcterms',
  media: 'media',
  itunes: 'itunes',
  rdf: 'rdf',
  xhtml: 'xhtml',
  xml: 'xml',
};

/** Short key for a namespace URI: 'atom', 'dc' …, '' for none, 'other' for unknown ones. */
export function namespaceKey(uri: string): string {
  if (uri === '') return '';
  return NAMESPACES[uri] ?? NAMESPACES[uri.toLowerCase()] ?? 'other';
}

/** Deeper elements are flattened into their ancestor: feeds are shallow, attacks are not. */
const MAX_DEPTH = 256;

interface Scope {
  element: XmlElement;
  /** Prefix → namespace key declared on this element, or null when it declares none. */
  prefixes: Map<string, string> | null;
}

export class XmlTreeBuilder {
  root: XmlElement | null = null;
  private readonly stack: Scope[] = [];
  /** Elements opened too deep or after the root, whose end tags are still to come. */
  private droppedDepth = 0;

  constructor(private readonly documentUrl: string | null) {}

  /** True while inside an element that is left out of the tree. */
  get dropping(): boolean {
    return this.droppedDepth > 0;
  }

  open(rawName: string, attributes: Record<string, string>): void {
    const stack = this.stack;
    if (stack.length >= MAX_DEPTH || (this.root !== null && stack.length === 0)) {
      this.droppedDepth++;
      return;
    }
    let prefixes: Map<string, string> | null = null;
    const attrs: Record<string, string> = {};
    for (const rawKey in attributes) {
      const value = attributes[rawKey]!;
      if (rawKey === 'xmlns' || rawKey.startsWith('xmlns:')) {
        prefixes ??= new Map();
        prefixes.set(rawKey === 'xmlns' ? '' : rawKey.slice(6), namespaceKey(value.trim()));
        continue;
      }
      attrs[rawKey.toLowerCase()] = value;
    }
    const parent = stack[stack.length - 1]?.element ?? null;
    const colon = rawName.indexOf(':');
    const prefix = colon === -1 ? '' : rawName.slice(0, colon);
    const scope: Scope = {
      element: {
        name: (colon === -1 ? rawName : rawName.slice(colon + 1)).toLowerCase(),
        rawName,
        ns: '',
        prefix,
        attrs,
        children: [],
        base: resolveBase(parent ? parent.base : this.documentUrl, attrs['xml:base']),
      },
      prefixes,
    };
    stack.push(scope);
    const ns = this.lookup(prefix);
    // An unknown default namespace (e.g. a vendor's RSS URI) is read as no namespace.
    scope.element.ns = ns === 'other' && prefix === '' ? '' : ns;
    if (parent) parent.children.push(scope.element);
    else this.root = scope.element;
  }

  close(rawName: string): void {
    if (this.droppedDepth > 0) {
      this.droppedDepth--;
      return;
    }
    // An element already closed by closeIgnoringCase is closed again later: skip it.
    const stack = this.stack;
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i]!.element.rawName === rawName) {
        stack.length = i;
        return;
      }
    }
  }

  /** Closes the innermost open element with this name in any case. */
  closeIgnoringCase(rawName: string): void {
    const lower = rawName.toLowerCase();
    const stack = this.stack;
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i]!.element.rawName.toLowerCase() === lower) {
        stack.length = i;
        return;
      }
    }
  }

  text(text: string): void {
    const parent = this.stack[this.stack.length - 1]?.element;
    if (!parent) return;
    const children = parent.children;
    const last = children.length - 1;
    if (last >= 0 && typeof children[last] === 'string') children[last] += text;
    else children.push(text);
  }

  private lookup(prefix: string): string {
    const stack = this.stack;
    for (let i = stack.length - 1; i >= 0; i--) {
      const found = stack[i]!.prefixes?.get(prefix);
      if (found !== undefined) return found;
    }
    if (prefix === '') return '';
    return CONVENTIONAL_PREFIXES[prefix.toLowerCase()] ?? 'other';
  }
}

function resolveBase(parentBase: string | null, xmlBase: string | undefined): string | null {
  if (xmlBase === undefined) return parentBase;
  // The document text is not NFC-normalised; a URL must be before it is percent-encoded.
  const trimmed = xmlBase.trim().normalize('NFC');
  if (trimmed === '') return parentBase;
  try {
    return new URL(trimmed, parentBase ?? undefined).href;
  } catch {
    return parentBase;
  }
}
