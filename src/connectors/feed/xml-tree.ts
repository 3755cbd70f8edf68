// A small, forgiving XML tree for feeds, built with sax. sax runs in strict mode so that every
// problem is reported, but each error is recorded as a warning (with its line and column) and
// parsing resumes: sax's recovery is the same as in its non-strict mode, so an ill-formed feed
// keeps everything that can be recovered. Namespaces are resolved here (not by sax) so that an
// undeclared but well-known prefix such as `dc:` still means Dublin Core.
import sax from 'sax';

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

export interface XmlDocument {
  root: XmlElement | null;
  warnings: string[];
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
const MAX_WARNINGS = 20;

interface Scope {
  element: XmlElement;
  /** Prefix → namespace key declared on this element, or null when it declares none. */
  prefixes: Map<string, string> | null;
}

export function parseXml(text: string, documentUrl: string | null): XmlDocument {
  const parser = sax.parser(true, { trim: false, normalize: false, position: true });
  const warnings: string[] = [];
  // One line per kind of problem: the first place it happened, and how often it recurred.
  const repeats = new Map<string, { index: number; count: number }>();
  let extraWarnings = 0;
  const stack: Scope[] = [];
  let root: XmlElement | null = null;
  let droppedDepth = 0;

  const lookup = (prefix: string): string => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const found = stack[i]!.prefixes?.get(prefix);
      if (found !== undefined) return found;
    }
    if (prefix === '') return '';
    return CONVENTIONAL_PREFIXES[prefix.toLowerCase()] ?? 'other';
  };

  parser.onerror = (error: Error) => {
    const unmatched = /^Unmatched closing tag: (.*)/.exec(error.message.split('\n')[0] ?? '');
    if (unmatched?.[1] && droppedDepth === 0) closeIgnoringCase(unmatched[1]);
    const description = describeSaxError(error, parser);
    const seen = repeats.get(description);
    if (seen) seen.count++;
    else if (warnings.length < MAX_WARNINGS) {
      repeats.set(description, { index: warnings.length, count: 0 });
      warnings.push(`line ${parser.line + 1}, column ${parser.column}: ${description}`);
    } else {
      extraWarnings++;
    }
    // Clearing the error lets sax carry on with its lenient recovery.
    (parser as unknown as { error: Error | null }).error = null;
  };

  parser.onopentag = (tag) => {
    if (stack.length >= MAX_DEPTH || (root !== null && stack.length === 0)) {
      droppedDepth++;
      return;
    }
    const attributes = tag.attributes as Record<string, string>;
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
    const colon = tag.name.indexOf(':');
    const prefix = colon === -1 ? '' : tag.name.slice(0, colon);
    const scope: Scope = {
      element: {
        name: (colon === -1 ? tag.name : tag.name.slice(colon + 1)).toLowerCase(),
        rawName: tag.name,
        ns: '',
        prefix,
        attrs,
        children: [],
        base: resolveBase(parent ? parent.base : documentUrl, attrs['xml:base']),
      },
      prefixes,
    };
    stack.push(scope);
    const ns = lookup(prefix);
    // An unknown default namespace (e.g. a vendor's RSS URI) is read as no namespace.
    scope.element.ns = ns === 'other' && prefix === '' ? '' : ns;
    if (parent) parent.children.push(scope.element);
    else root = scope.element;
  };

  parser.onclosetag = (name: string) => {
    if (droppedDepth > 0) {
      droppedDepth--;
      return;
    }
    // An element already closed by closeIgnoringCase is closed again by sax later: skip it.
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i]!.element.rawName === name) {
        stack.length = i;
        return;
      }
    }
  };

  // sax matches tags case-sensitively, so `<Title>…</title>` would leave <Title> open and
  // swallow the rest of the channel. Close it in our tree; sax's copy closes harmlessly later.
  const closeIgnoringCase = (name: string) => {
    const lower = name.toLowerCase();
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i]!.element.rawName.toLowerCase() === lower) {
        stack.length = i;
        return;
      }
    }
  };

  const addText = (text: string) => {
    const parent = stack[stack.length - 1]?.element;
    if (!parent) return;
    const children = parent.children;
    const last = children.length - 1;
    if (last >= 0 && typeof children[last] === 'string') children[last] += text;
    else children.push(text);
  };
  parser.ontext = addText;
  parser.oncdata = addText;

  parser.write(text).close();
  for (const { index, count } of repeats.values()) {
    if (count > 0) warnings[index] += ` (and ${count} more like it)`;
  }
  if (extraWarnings > 0) warnings.push(`… and ${extraWarnings} more XML errors`);
  return { root, warnings };
}

function resolveBase(parentBase: string | null, xmlBase: string | undefined): string | null {
  if (xmlBase === undefined) return parentBase;
  const trimmed = xmlBase.trim();
  if (trimmed === '') return parentBase;
  try {
    return new URL(trimmed, parentBase ?? undefined).href;
  } catch {
    return parentBase;
  }
}

/** sax's messages, reworded for a person reading a source's health line. */
function describeSaxError(error: Error, parser: sax.SAXParser): string {
  const message = (error.message.split('\n')[0] ?? '').trim();
  const state = (parser as unknown as { state: number }).state;
  const states = (sax as unknown as { STATE: Record<string, number> }).STATE;
  if (message === 'Invalid character in entity name') {
    const inAttribute =
      state === states.ATTRIB_VALUE_ENTITY_Q || state === states.ATTRIB_VALUE_ENTITY_U;
    return inAttribute ? 'unescaped & in attribute' : 'unescaped & in text';
  }
  if (message === 'Invalid character entity') return 'unknown or invalid character reference';
  if (message.startsWith('Unmatched closing tag')) {
    return `closing tag without an opening tag </${message.slice(message.indexOf(':') + 2)}>`;
  }
  if (message === 'Unexpected close tag') return 'closing tag does not match the open element';
  if (message === 'Unclosed root tag') return 'document ends before the root element closes';
  if (message === 'Unexpected end') return 'document ends in the middle of markup';
  if (message === 'Unencoded <') return 'unescaped < in text';
  if (message === 'Text data outside of root node.') return 'text after the root element';
  if (message === 'Non-whitespace before first tag.') return 'text before the root element';
  return message.replace(/\.$/, '').toLowerCase();
}

/** Direct text of an element (text and CDATA children), untrimmed. */
export function ownText(element: XmlElement): string {
  const children = element.children;
  if (children.length === 1 && typeof children[0] === 'string') return children[0];
  let text = '';
  for (const child of children) if (typeof child === 'string') text += child;
  return text;
}

/** All text beneath an element. */
export function deepText(element: XmlElement): string {
  let text = '';
  for (const child of element.children) {
    text += typeof child === 'string' ? child : deepText(child);
  }
  return text;
}

export function hasElementChildren(element: XmlElement): boolean {
  for (const child of element.children) if (typeof child !== 'string') return true;
  return false;
}

/** Children re-serialised as markup (for XHTML content and HTML left unescaped in a feed). */
export function innerXml(element: XmlElement): string {
  let out = '';
  for (const child of element.children) {
    if (typeof child === 'string') {
      out += escapeText(child);
      continue;
    }
    // The XHTML namespace prefix means nothing to an HTML consumer.
    const name = child.ns === 'xhtml' ? child.name : child.rawName;
    out += `<${name}`;
    for (const key in child.attrs) {
      if (key.startsWith('xml:') || key.startsWith('xmlns')) continue;
      out += ` ${key}="${escapeAttribute(child.attrs[key]!)}"`;
    }
    if (child.children.length === 0) out += ' />';
    // An HTML void element left unclosed in a feed swallowed what followed it; give it back.
    else if (VOID_ELEMENTS.has(child.name)) out += ` />${innerXml(child)}`;
    else out += `>${innerXml(child)}</${name}>`;
  }
  return out;
}

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&quot;'));
}

/** First child element with this local name in one of the namespaces. */
export function child(element: XmlElement, name: string, ns: readonly string[]): XmlElement | null {
  for (const node of element.children) {
    if (typeof node !== 'string' && node.name === name && ns.includes(node.ns)) return node;
  }
  return null;
}

export function childrenNamed(
  element: XmlElement,
  name: string,
  ns: readonly string[],
): XmlElement[] {
  const found: XmlElement[] = [];
  for (const node of element.children) {
    if (typeof node !== 'string' && node.name === name && ns.includes(node.ns)) found.push(node);
  }
  return found;
}
