// Turns fetched bytes into Unicode text. Precedence: byte-order mark, HTTP Content-Type charset,
// in-document declaration (XML prolog or HTML <meta> in the first 1024 bytes), then a UTF-8
// validity check, then windows-1252. Legacy charsets go through Node's full-ICU TextDecoder.
//
// Declarations lie. Two corrections, both applied only when the bytes prove it:
// - a single-byte charset is declared but the bytes are valid UTF-8 and contain multi-byte
//   sequences: the document is UTF-8 (a valid multi-byte UTF-8 run is very unlikely by chance);
// - UTF-8 is declared but the bytes are not valid UTF-8 and hold no multi-byte sequence at all:
//   the next clue is tried (a server's blanket header often hides a prolog that is right), and
//   failing that windows-1252 (a superset of ISO-8859-1's printable range).

import { isAscii, isUtf8 as isUtf8Native } from 'node:buffer';

export type DecodeKind = 'xml' | 'html' | 'json';

export interface DecodeHints {
  contentType?: string | null;
  kind: DecodeKind;
  /**
   * False leaves the text as decoded, for a caller that normalises every value it takes out of
   * the text (the pass over the whole document is then saved). Default true: NFC.
   */
  normalize?: boolean;
}

export interface DecodedText {
  text: string;
  /** Lower-case WHATWG/IANA name of the decoder used, e.g. `utf-8`, `windows-1251`. */
  encoding: string;
}

/** Where the charset came from, for diagnostics. */
export type CharsetSource = 'bom' | 'content-type' | 'declaration' | 'sniffed' | 'fallback';

export interface DecodedTextWithSource extends DecodedText {
  source: CharsetSource;
  /** The declared label when it was overruled by the bytes, else null. */
  overruled: string | null;
}

const SNIFF_LIMIT = 1024;

/** Decode `bytes` to NFC text, choosing the charset as described at the top of this file. */
export function decodeBytes(bytes: Buffer, hints: DecodeHints): DecodedText {
  const { text, encoding } = decodeBytesExplained(bytes, hints);
  return { text, encoding };
}

/** As `decodeBytes`, and also says where the charset came from. */
export function decodeBytesExplained(bytes: Buffer, hints: DecodeHints): DecodedTextWithSource {
  const decoded = decodeAsDeclaredOrSniffed(bytes, hints);
  if (hints.normalize !== false) decoded.text = toNfc(decoded.text);
  return decoded;
}

function decodeAsDeclaredOrSniffed(bytes: Buffer, hints: DecodeHints): DecodedTextWithSource {
  const bom = bomEncoding(bytes);
  if (bom) {
    return finish(bytes.subarray(bom.length), bom.encoding, 'bom', null);
  }

  const declared: { label: string; source: CharsetSource }[] = [];
  const fromHeader = charsetFromContentType(hints.contentType ?? null);
  if (fromHeader) declared.push({ label: fromHeader, source: 'content-type' });
  const fromDocument =
    hints.kind === 'xml'
      ? charsetFromXmlProlog(bytes)
      : hints.kind === 'html'
        ? charsetFromHtmlMeta(bytes)
        : null;
  if (fromDocument) declared.push({ label: fromDocument, source: 'declaration' });

  // JSON is UTF-8 by definition (RFC 8259); only a BOM or a header may say otherwise.
  let contradictedUtf8: string | null = null;
  for (const { label, source } of declared) {
    const encoding = canonicalEncoding(label);
    if (!encoding) continue; // unknown label: try the next clue
    if (encoding === 'utf-8') {
      if (isUtf8(bytes) || hasMultiByteUtf8(bytes)) return finish(bytes, 'utf-8', source, null);
      // A server-wide "charset=utf-8" on a legacy document: the prolog may know better.
      contradictedUtf8 ??= label;
      continue;
    }
    if (isSingleByte(encoding) && hasMultiByteUtf8(bytes) && isUtf8(bytes)) {
      return finish(bytes, 'utf-8', 'sniffed', label);
    }
    return finish(bytes, encoding, source, null);
  }

  if (isUtf8(bytes)) return finish(bytes, 'utf-8', 'sniffed', null);
  return finish(bytes, 'windows-1252', 'fallback', contradictedUtf8);
}

/** The canonical lower-case name for a charset label, or null when Node does not know it. */
export function canonicalEncoding(label: string): string | null {
  const cleaned = label.trim().toLowerCase();
  if (cleaned === '') return null;
  const cached = canonicalCache.get(cleaned);
  if (cached !== undefined) return cached;
  let result: string | null;
  try {
    result = new TextDecoder(cleaned).encoding.toLowerCase();
  } catch {
    result = null;
  }
  // Labels the WHATWG list lacks but feeds use.
  if (result === null && /^iso[-_ ]?8859[-_ ]?(\d+)$/.test(cleaned)) {
    result = canonicalEncoding(cleaned.replace(/^iso[-_ ]?8859[-_ ]?/, 'iso-8859-'));
  }
  if (result === 'replacement' || result === 'x-user-defined') result = null;
  if (result === 'utf-16le' || result === 'utf-16be') {
    // A declared UTF-16 on bytes without a BOM is nearly always a mislabelled 8-bit document.
    result = null;
  }
  canonicalCache.set(cleaned, result);
  return result;
}

const canonicalCache = new Map<string, string | null>();

export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const label = match?.[1] ?? match?.[2];
  return label ? label : null;
}

function charsetFromXmlProlog(bytes: Buffer): string | null {
  // The prolog is ASCII-compatible in every encoding we decode without a BOM.
  const head = bytes.subarray(0, Math.min(bytes.length, SNIFF_LIMIT)).toString('latin1');
  const prolog = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return prolog?.[1] ?? null;
}

function charsetFromHtmlMeta(bytes: Buffer): string | null {
  const head = bytes.subarray(0, Math.min(bytes.length, SNIFF_LIMIT)).toString('latin1');
  // Covers <meta charset="…"> and <meta http-equiv="content-type" content="…; charset=…">.
  const metaTag = /<meta\s[^>]*>/gi;
  for (let match = metaTag.exec(head); match; match = metaTag.exec(head)) {
    const charset = /\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(match[0]);
    if (charset?.[1]) return charset[1];
  }
  return null;
}

function bomEncoding(bytes: Buffer): { encoding: string; length: number } | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', length: 3 };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { encoding: 'utf-16le', length: 2 };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { encoding: 'utf-16be', length: 2 };
  }
  return null;
}

const MULTI_BYTE_ENCODINGS = new Set([
  'utf-8',
  'utf-16le',
  'utf-16be',
  'gbk',
  'gb18030',
  'big5',
  'euc-jp',
  'iso-2022-jp',
  'shift_jis',
  'euc-kr',
]);

function isSingleByte(encoding: string): boolean {
  return !MULTI_BYTE_ENCODINGS.has(encoding);
}

function isUtf8(bytes: Buffer): boolean {
  return bytes.length === 0 || isUtf8Native(bytes);
}

/** True when the bytes hold at least one well-formed multi-byte UTF-8 sequence. */
function hasMultiByteUtf8(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0xc2 || lead > 0xf4) continue;
    const need = lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : 3;
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) ok = false;
    }
    if (ok) return true;
  }
  return false;
}

function finish(
  bytes: Buffer,
  encoding: string,
  source: CharsetSource,
  overruled: string | null,
): DecodedTextWithSource {
  if (encoding === 'utf-8' || encoding === 'windows-1252') {
    // ASCII bytes decode to ASCII text in both, which is NFC: no pass over the text is needed.
    if (isAscii(bytes)) return { text: bytes.toString('latin1'), encoding, source, overruled };
  }
  const text =
    encoding === 'utf-8'
      ? bytes.toString('utf8')
      : encoding === 'windows-1252'
        ? decodeWindows1252(bytes)
        : new TextDecoder(encoding).decode(bytes);
  return { text, encoding, source, overruled };
}

// Node 20's TextDecoder decodes windows-1252 as ISO-8859-1 (0x80–0x9F become C1 controls
// instead of € ‚ ƒ „ …), so those 32 bytes are mapped here, per the WHATWG index.
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** NFC without the cost of normalising text that is already NFC (most of it). */
function toNfc(text: string): string {
  // ASCII is always NFC; skip the normalisation pass for it.
  return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFC');
}
