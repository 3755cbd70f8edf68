// Splitting text into runs of letters, marks and digits (what /[\p{L}\p{M}\p{N}]+/gu matches)
// by a table look-up per character instead of a Unicode regular expression: the analysis
// stages split every post this way, several times over.

/** Character classes, as bits of the table. */
export const LETTER = 1;
export const MARK = 2;
export const DIGIT = 4;
/** What /[\p{L}\p{M}\p{N}]/u matches. */
export const WORD_CHAR = LETTER | MARK | DIGIT;

const CLASS_RES: readonly [RegExp, number][] = [
  [/^\p{L}$/u, LETTER],
  [/^\p{M}$/u, MARK],
  [/^\p{N}$/u, DIGIT],
];

function classOf(ch: string): number {
  let bits = 0;
  for (const [re, bit] of CLASS_RES) if (re.test(ch)) bits |= bit;
  return bits;
}

/** Class bits of every BMP code unit; built on first use (a few milliseconds). */
let table: Uint8Array | undefined;
/** Characters beyond the BMP, by code point. */
const astral = new Map<number, number>();

const CLASS_RUNS: readonly [RegExp, number][] = [
  [/\p{L}+/gu, LETTER],
  [/\p{M}+/gu, MARK],
  [/\p{N}+/gu, DIGIT],
];

function classTable(): Uint8Array {
  if (table === undefined) {
    // Every BMP character once, at its own offset (surrogates, in no class, as spaces); one
    // regular-expression pass per class marks its runs.
    const codes = new Uint16Array(0x10000);
    for (let c = 0; c < 0x10000; c++) codes[c] = c >= 0xd800 && c <= 0xdfff ? 0x20 : c;
    const all = new TextDecoder('utf-16le').decode(codes);
    const bits = new Uint8Array(0x10000);
    for (const [re, bit] of CLASS_RUNS) {
      for (const m of all.matchAll(re)) {
        for (let c = m.index; c < m.index + m[0].length; c++) bits[c]! |= bit;
      }
    }
    table = bits;
  }
  return table;
}

/** Class bits of a BMP code unit (surrogates: none). */
export function bmpClass(code: number): number {
  return code >= 0xd800 && code <= 0xdfff ? 0 : classTable()[code]!;
}

/** Class bits of a code point beyond the BMP. */
export function astralClass(cp: number): number {
  let bits = astral.get(cp);
  if (bits === undefined) {
    bits = classOf(String.fromCodePoint(cp));
    if (astral.size < 10_000) astral.set(cp, bits);
  }
  return bits;
}

/**
 * Width in UTF-16 units of the character at `i` when its class is in `mask` (1, or 2 for a
 * surrogate pair), else 0. As a /u regular expression reads it, a lone surrogate is in no class.
 */
export function charIn(text: string, i: number, mask: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return classTable()[c]! & mask ? 1 : 0;
  if (c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      return astralClass(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) & mask ? 2 : 0;
    }
  }
  return 0;
}

/** Width of the code point at `i`: 2 for a surrogate pair, else 1. */
function codePointWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

/**
 * Start and end offsets of each maximal run of characters whose class is in `mask`, as
 * `text.matchAll(/[...]+/gu)` finds them (default: letters, marks and digits), written into
 * `out` as start, end pairs. Returns the number of runs.
 */
export function wordRuns(text: string, out: number[], mask: number = WORD_CHAR): number {
  const t = classTable();
  out.length = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    const w = c < 0xd800 || c > 0xdfff ? (t[c]! & mask ? 1 : 0) : charIn(text, i, mask);
    if (w === 0) {
      i += codePointWidth(text, i);
      continue;
    }
    const start = i;
    i += w;
    while (i < n) {
      const d = text.charCodeAt(i);
      const v = d < 0xd800 || d > 0xdfff ? (t[d]! & mask ? 1 : 0) : charIn(text, i, mask);
      if (v === 0) break;
      i += v;
    }
    out.push(start, i);
  }
  return out.length / 2;
}

/** The runs of `text` whose characters' class is in `mask`, as `text.match(/[...]+/gu) ?? []`. */
export function wordsOf(text: string, mask: number = WORD_CHAR): string[] {
  const runs: number[] = [];
  const count = wordRuns(text, runs, mask);
  const out = new Array<string>(count);
  for (let k = 0; k < count; k++) out[k] = text.slice(runs[2 * k]!, runs[2 * k + 1]!);
  return out;
}

/** True when `text` holds a character whose class is in `mask` (/[...]/u.test(text)). */
export function hasCharIn(text: string, mask: number): boolean {
  for (let i = 0; i < text.length; i += codePointWidth(text, i)) {
    if (charIn(text, i, mask) !== 0) return true;
  }
  return false;
}
