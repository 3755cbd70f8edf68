// Bytes in, ParsedFeed out: pick the format from the first bytes, decode, read.
import type { ParsedFeed } from '../../model.js';
import { type DecodedTextWithSource, decodeBytesExplained } from '../../text/charset.js';
import { readAtom } from './atom.js';
import type { FeedBody } from './feed-body.js';
import { readJsonFeed } from './json-feed.js';
import { NotAFeedError } from './not-a-feed-error.js';
import { readRss } from './rss.js';
import { parseXml, type XmlElement } from './xml-tree.js';

export { NotAFeedError } from './not-a-feed-error.js';

export interface ParseFeedOptions {
  /** The HTTP Content-Type, for its charset and to tell JSON from XML. */
  contentType?: string | null;
  /** The feed's own URL: the base for relative links when the feed gives no xml:base. */
  url?: string | null;
}

const HTML_ROOTS = new Set(['html', 'head', 'body']);

/**
 * Parse RSS 0.90–2.0, RSS 1.0 (RDF), Atom 0.3/1.0 or JSON Feed 1.0/1.1. Ill-formed XML is read
 * as far as it can be and reported in `warnings`; anything that is not a feed throws
 * NotAFeedError.
 */
export function parseFeed(bytes: Buffer, options: ParseFeedOptions = {}): ParsedFeed {
  const contentType = options.contentType ?? null;
  const url = options.url ?? null;
  const first = firstSignificantByte(bytes);
  if (first === -1) throw new NotAFeedError('empty body');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) throw new NotAFeedError('gzip-compressed bytes');

  if (first === 0x7b /* { */) {
    const decoded = decodeBytesExplained(bytes, { contentType, kind: 'json' });
    return {
      ...readJsonFeed(decoded.text, url),
      encoding: decoded.encoding,
      warnings: charsetWarnings(decoded),
    };
  }
  // Stray text before the root is tolerated (sax warns about it); no markup at all is not.
  if (first !== 0x3c /* < */ && !bytes.subarray(0, 4096).includes(0x3c)) {
    throw new NotAFeedError('neither XML nor JSON');
  }

  // Every field read from the tree is NFC-normalised on its way out (cleanLine, the HTML
  // sanitiser and text reader, resolveUrl), so the whole document need not be.
  const decoded = decodeBytesExplained(bytes, { contentType, kind: 'xml', normalize: false });
  const text = decoded.text;
  if (/^\s*<!doctype\s+html/i.test(text.slice(0, 256))) {
    throw new NotAFeedError('HTML document');
  }
  const document = parseXml(text, url);
  const root = document.root;
  if (!root) throw new NotAFeedError('no XML root element');
  return {
    ...readRoot(root),
    encoding: decoded.encoding,
    warnings: [...charsetWarnings(decoded), ...document.warnings],
  };
}

/** A declared charset the bytes contradicted is worth telling the feed's owner about. */
function charsetWarnings(decoded: DecodedTextWithSource): string[] {
  if (decoded.overruled === null) return [];
  return [
    `declared charset ${decoded.overruled} does not match the bytes; read as ${decoded.encoding}`,
  ];
}

function readRoot(root: XmlElement): FeedBody {
  switch (root.name) {
    case 'rss':
    case 'channel': // RSS 0.9x documents saved without their <rss> wrapper
      return readRss(root, 'rss');
    case 'rdf':
      return readRss(root, 'rdf');
    case 'feed':
      return readAtom(root);
    default:
      if (HTML_ROOTS.has(root.name)) throw new NotAFeedError('HTML document');
      throw new NotAFeedError(`XML root <${root.rawName}>`);
  }
}

/** Index of the first byte that is not whitespace or a byte-order mark, as its value; -1 if none. */
function firstSignificantByte(bytes: Buffer): number {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return 0x3c; // UTF-16 with a BOM: only XML is plausible
  }
  for (; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return -1;
}
