// A small, forgiving XML tree for feeds. A well-formed document is read by htmlparser2's
// tokenizer (xml-fast-reader.ts), several times faster than sax; anything else goes to sax in
// strict mode so that every problem is reported, each error recorded as a warning (with its
// line and column) and parsing resumed: sax's recovery is the same as in its non-strict mode,
// so an ill-formed feed keeps everything that can be recovered.
import sax from 'sax';
import { readWellFormedXml } from './xml-fast-reader.js';
import { type XmlElement, XmlTreeBuilder } from './xml-tree-builder.js';

export { namespaceKey, type XmlElement } from './xml-tree-builder.js';

export interface XmlDocument {
  root: XmlElement | null;
  warnings: string[];
}

const MAX_WARNINGS = 20;

export function parseXml(text: string, documentUrl: string | null): XmlDocument {
  const root = readWellFormedXml(text, documentUrl);
  if (root !== null) return { root, warnings: [] };
  return parseXmlWithSax(text, documentUrl);
}

/** Reads any document, well-formed or not, reporting what is wrong with it. */
export function parseXmlWithSax(text: string, documentUrl: string | null): XmlDocument {
  const parser = sax.parser(true, { trim: false, normalize: false, position: true });
  const warnings: string[] = [];
  // One line per kind of problem: the first place it happened, and how often it recurred.
  const repeats = new Map<string, { index: number; count: number }>();
  let extraWarnings = 0;
  const tree = new XmlTreeBuilder(documentUrl);

  parser.onerror = (error: Error) => {
    const unmatched = /^Unmatched closing tag: (.*)/.exec(error.message.split('\n')[0] ?? '');
    // sax matches tags case-sensitively, so `<Title>…</title>` would leave <Title> open and
    // swallow the rest of the channel. Close it in our tree; sax's copy closes harmlessly later.
    if (unmatched?.[1] && !tree.dropping) tree.closeIgnoringCase(unmatched[1]);
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
  parser.onopentag = (tag) => tree.open(tag.name, tag.attributes as Record<string, string>);
  parser.onclosetag = (name: string) => tree.close(name);
  parser.ontext = (text: string) => tree.text(text);
  parser.oncdata = (text: string) => tree.text(text);

  parser.write(text).close();
  for (const { index, count } of repeats.values()) {
    if (count > 0) warnings[index] += ` (and ${count} more like it)`;
  }
  if (extraWarnings > 0) warnings.push(`… and ${extraWarnings} more XML errors`);
  return { root: tree.root, warnings };
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
