// Well-formed XML read with htmlparser2's tokenizer, which scans text with indexOf where sax
// steps through every character. Only what sax would read without a single error is accepted:
// on anything else (an unknown entity, an unescaped `<` or `&`, a mismatched or missing end
// tag, an unquoted attribute, text outside the root …) it gives up and sax reads the document,
// so the tree and the warnings are sax's either way.
import { QuoteType, Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { type XmlElement, XmlTreeBuilder } from './xml-tree-builder.js';

/** XML names as sax accepts them, kept to ASCII: anything rarer goes to sax. */
const NAME = /^[A-Za-z_:][\w.:-]*$/;
/** A whole start tag, from `<` to `>`, as sax reads it without complaint. */
const START_TAG =
  /<[A-Za-z_:][\w.:-]*(?:[ \n\r\t]+[A-Za-z_:][\w.:-]*[ \n\r\t]*=[ \n\r\t]*(?:"[^"<]*"|'[^'<]*'))*[ \n\r\t]*\/?>/y;
const END_TAG_REST = /[ \n\r\t]*>/y;
const NOT_XML_SPACE = /[^ \n\r\t]/;
/** sax gives up on names, values and comments this long; so does this reader. */
const MAX_TOKEN = 65_000;

class NotWellFormed extends Error {}

const XML_ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Replaces character references the way sax does; throws NotWellFormed where sax would warn. */
function decodeReferences(raw: string): string {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  let out = '';
  let last = 0;
  while (amp !== -1) {
    // Escaped HTML in feeds is mostly &lt; &gt; &amp; &quot;: read those without slicing.
    const short = commonEntity(raw, amp);
    if (short !== null) {
      out += raw.slice(last, amp) + short;
      last = amp + (short === '&' ? 5 : short === '"' ? 6 : 4);
      amp = raw.indexOf('&', last);
      continue;
    }
    const semicolon = raw.indexOf(';', amp + 1);
    if (semicolon === -1 || semicolon - amp > 40) throw new NotWellFormed();
    const entity = raw.slice(amp + 1, semicolon);
    out += raw.slice(last, amp) + (XML_ENTITIES.get(entity) ?? characterOf(entity.toLowerCase()));
    last = semicolon + 1;
    amp = raw.indexOf('&', last);
  }
  return out + raw.slice(last);
}

/** The character of `&lt;`, `&gt;`, `&amp;` or `&quot;` at `amp`, or null for any other. */
function commonEntity(raw: string, amp: number): string | null {
  const first = raw.charCodeAt(amp + 1);
  if (first === 0x6c /* l */ || first === 0x67 /* g */) {
    if (raw.charCodeAt(amp + 2) !== 0x74 /* t */ || raw.charCodeAt(amp + 3) !== 0x3b) return null;
    return first === 0x6c ? '<' : '>';
  }
  if (first === 0x61 /* a */) return raw.startsWith('amp;', amp + 1) ? '&' : null;
  if (first === 0x71 /* q */) return raw.startsWith('quot;', amp + 1) ? '"' : null;
  return null;
}

function characterOf(entity: string): string {
  const named = XML_ENTITIES.get(entity);
  if (named !== undefined) return named;
  const hex = entity.startsWith('#x');
  const digits = entity.slice(hex ? 2 : 1);
  if (entity[0] !== '#' || !(hex ? /^[\da-f]+$/ : /^\d+$/).test(digits)) throw new NotWellFormed();
  const code = Number.parseInt(digits, hex ? 16 : 10);
  // sax refuses what is not an XML Char, and digits it would not write back the same way.
  if (code.toString(hex ? 16 : 10) !== digits.replace(/^0+/, '') || !isXmlChar(code)) {
    throw new NotWellFormed();
  }
  return String.fromCodePoint(code);
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** The document's root element, or null when sax should read the document. */
export function readWellFormedXml(text: string, documentUrl: string | null): XmlElement | null {
  try {
    return readOrThrow(text, documentUrl);
  } catch (error) {
    if (error instanceof NotWellFormed) return null;
    throw error;
  }
}

function readOrThrow(text: string, documentUrl: string | null): XmlElement | null {
  const tree = new XmlTreeBuilder(documentUrl);
  const open: string[] = [];
  let rootClosed = false;
  let sawDoctype = false;
  let tagName = '';
  let tagStart = 0;
  let attributes: Record<string, string> = {};
  let attributeName = '';
  let attributeValue = '';
  const fail = (): never => {
    throw new NotWellFormed();
  };
  const outsideRoot = () => open.length === 0;

  const startTag = (endIndex: number) => {
    START_TAG.lastIndex = tagStart;
    if (!START_TAG.test(text) || START_TAG.lastIndex !== endIndex + 1) fail();
    if (rootClosed) fail();
    open.push(tagName);
    tree.open(tagName, attributes);
  };

  const callbacks: TokenizerCallbacks = {
    ontext(start, endIndex) {
      const raw = text.slice(start, endIndex);
      if (outsideRoot()) {
        if (NOT_XML_SPACE.test(raw)) fail();
        return;
      }
      if (raw.includes('<')) fail();
      if (raw !== '') tree.text(decodeReferences(raw));
    },
    ontextentity: fail,
    onattribentity: fail,
    oncdata(start, endIndex, offset) {
      if (outsideRoot() || offset !== 2 || !text.startsWith('<![CDATA[', start - 9)) fail();
      // sax reports no text for an empty section.
      if (endIndex - offset > start) tree.text(text.slice(start, endIndex - offset));
    },
    oncomment(start, endIndex, offset) {
      const body = text.slice(start, endIndex - offset);
      if (
        offset !== 2 ||
        !text.startsWith('<!--', start - 4) ||
        !text.startsWith('-->', endIndex - 2) ||
        body.includes('--') ||
        body.endsWith('-') ||
        body.length > MAX_TOKEN
      ) {
        fail();
      }
    },
    ondeclaration(start, endIndex) {
      const body = text.slice(start, endIndex);
      if (
        sawDoctype ||
        tree.root !== null ||
        !/^DOCTYPE[ \n\r\t]/.test(body) ||
        /[[<]/.test(body) ||
        body.length > MAX_TOKEN
      ) {
        fail();
      }
      sawDoctype = true;
    },
    onprocessinginstruction(start, endIndex) {
      if (endIndex - start > MAX_TOKEN) fail();
    },
    onopentagname(start, endIndex) {
      tagName = text.slice(start, endIndex);
      if (!NAME.test(tagName) || tagName.length > MAX_TOKEN) fail();
      tagStart = start - 1;
      attributes = {};
    },
    onattribname(start, endIndex) {
      attributeName = text.slice(start, endIndex);
      attributeValue = '';
    },
    onattribdata(start, endIndex) {
      attributeValue += text.slice(start, endIndex);
    },
    onattribend(quote) {
      if (quote !== QuoteType.Double && quote !== QuoteType.Single) fail();
      if (attributeValue.length > MAX_TOKEN) fail();
      // The first of two same-named attributes wins, as in sax.
      if (!Object.hasOwn(attributes, attributeName)) {
        attributes[attributeName] = decodeReferences(attributeValue);
      }
    },
    onopentagend(endIndex) {
      startTag(endIndex);
    },
    onselfclosingtag(endIndex) {
      startTag(endIndex);
      open.pop();
      tree.close(tagName);
      if (open.length === 0) rootClosed = true;
    },
    onclosetag(start, endIndex) {
      const name = text.slice(start, endIndex);
      END_TAG_REST.lastIndex = endIndex;
      if (
        text.charCodeAt(start - 1) !== 0x2f /* / */ ||
        text.charCodeAt(start - 2) !== 0x3c /* < */ ||
        !END_TAG_REST.test(text) ||
        open[open.length - 1] !== name
      ) {
        fail();
      }
      open.pop();
      tree.close(name);
      if (open.length === 0) rootClosed = true;
    },
    onend() {
      if (open.length > 0 || !rootClosed) fail();
    },
  };

  const tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: false }, callbacks);
  // A byte-order mark is left to sax, which skips it.
  if (text.charCodeAt(0) === 0xfeff) fail();
  tokenizer.write(text);
  tokenizer.end();
  return tree.root;
}
