// Splitting text into runs of letters, marks and digits (what /[\p{L}\p{M}\p{N}]+/gu matches)
// by a table look-up per character instead of a Unicode regular expression: the analysis
// stages split every post this way, several times over.

const WORD_CHAR_RE = /^[\p{L}\p{M}\p{N}]$/u;

/** 1 where a BMP code unit is a letter, mark or digit; built on first use (about 5 ms). */
let table: Uint8Array | undefined;
/** Characters beyond the BMP, by code point. */
const astral = new Map<number, boolean>();

function wordTable(): Uint8Array {
  if (table === undefined) {
    table = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (WORD_CHAR_RE.test(String.fromCharCode(c))) table[c] = 1;
    }
  }
  return table;
}

function isAstralWordChar(cp: number): boolean {
  let yes = astral.get(cp);
  if (yes === undefined) {
    yes = WORD_CHAR_RE.test(String.fromCodePoint(cp));
    if (astral.size < 10_000) astral.set(cp, yes);
  }
  return yes;
}

/**
 * Width in UTF-16 units of the word character (letter, mark or digit) at `i`, or 0 when the
 * character there is none.
 */
export function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return wordTable()[c]!;
  if (c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      return isAstralWordChar(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) ? 2 : 0;
    }
  }
  return 0;
}

/**
 * Start and end offsets of each run of letters, marks and digits in `text`, as
 * `text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)` finds them, written into `out` as start, end pairs.
 * Returns the number of runs.
 */
export function wordRuns(text: string, out: number[]): number {
  const t = wordTable();
  out.length = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    let w: number;
    if (c < 0xd800 || c > 0xdfff) w = t[c]!;
    else w = wordCharAt(text, i);
    if (w === 0) {
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n ? surrogateWidth(text, i) : 1;
      continue;
    }
    const start = i;
    i += w;
    while (i < n) {
      const d = text.charCodeAt(i);
      const v = d < 0xd800 || d > 0xdfff ? t[d]! : wordCharAt(text, i);
      if (v === 0) break;
      i += v;
    }
    out.push(start, i);
  }
  return out.length / 2;
}

/** A lone high surrogate is one unit; a pair is two (the regex steps over code points). */
function surrogateWidth(text: string, i: number): number {
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

/** The runs of letters, marks and digits of `text`, as `text.match(/[\p{L}\p{M}\p{N}]+/gu)`. */
export function wordsOf(text: string): string[] {
  const runs: number[] = [];
  const count = wordRuns(text, runs);
  const out = new Array<string>(count);
  for (let k = 0; k < count; k++) out[k] = text.slice(runs[2 * k]!, runs[2 * k + 1]!);
  return out;
}
