// The words of a text as integer ids: the runs of letters, marks and digits that wordRuns finds
// in the NFC form of the text, each interned once in a WordRunDictionary. Later passes keep what
// they need to know about a word in flat arrays indexed by its id (WordFlags), so a text is
// judged by one array read per word instead of slicing, folding and hashing strings again.
//
// Text made only of characters that NFC and lower-casing leave as they are, one at a time and
// next to each other (most social writing, emoji included), takes the fast path: one pass over
// its code units that hashes each run and probes the dictionary, with no string made for a run
// already seen. Any other text is normalised and split by wordRuns, the definition, and gives
// the same ids.
import { astralClass, bmpClass, WORD_CHAR, wordRuns } from './word-chars.js';

/** Distinct runs remembered before a fresh dictionary is started (bounds memory). */
const WORD_LIMIT = 200_000;

/** The word runs of one text: ids in text order, with their offsets in the NFC text. */
export class WordRunIds {
  ids = new Int32Array(64);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  length = 0;
  /**
   * The text is its own NFC form and lower-cases character by character to the same length and
   * the same runs: `text.toLowerCase()` splits into the lower-cased runs of `text`.
   */
  plain = false;

  push(id: number, start: number, end: number): void {
    if (this.length === this.ids.length) {
      this.ids = grown(this.ids);
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
    }
    this.ids[this.length] = id;
    this.starts[this.length] = start;
    this.ends[this.length++] = end;
  }

  /** The ids alone, in an array of their own (the scratch `ids` is reused). */
  copy(): Int32Array {
    return this.ids.slice(0, this.length);
  }
}

function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}

export class WordRunDictionary {
  /** Word by id. */
  readonly words: string[] = [];
  // Open addressing over pairs of slots: hash, id + 1 (0: free).
  private table = new Int32Array(2 << 12);
  private readonly scratch: number[] = [];

  /** Distinct runs interned. */
  get size(): number {
    return this.words.length;
  }

  /** Whether this dictionary has grown past its bound and should be replaced. */
  get full(): boolean {
    return this.words.length >= WORD_LIMIT;
  }

  /** Id of a run, interning it when new. */
  intern(word: string): number {
    return this.find(word, 0, word.length, hashRange(word, 0, word.length));
  }

  /** Fills `out` with the ids of `text`'s word runs (see the file comment). */
  tokenize(text: string, out: WordRunIds): void {
    out.length = 0;
    if (this.tokenizeFast(text, out)) {
      out.plain = true;
      return;
    }
    out.length = 0;
    out.plain = false;
    const nfc = text.normalize('NFC');
    const runs = this.scratch;
    const count = wordRuns(nfc, runs);
    for (let k = 0; k < count; k++) {
      const start = runs[2 * k]!;
      const end = runs[2 * k + 1]!;
      out.push(this.find(nfc, start, end, hashRange(nfc, start, end)), start, end);
    }
  }

  private tokenizeFast(text: string, out: WordRunIds): boolean {
    const length = text.length;
    let start = -1;
    let hash = 0;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      let kind: number;
      let width = 1;
      if (code < 0x80) kind = ASCII_KINDS[code]!;
      else if (code < 0xd800 || code > 0xdfff) kind = bmpKind(code);
      else {
        const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
        if (code > 0xdbff || next < 0xdc00 || next > 0xdfff) return false;
        kind = astralKind(((code - 0xd800) << 10) + (next - 0xdc00) + 0x10000);
        width = 2;
      }
      if (kind === UNSAFE) return false;
      if (kind === WORD) {
        if (start < 0) {
          start = i;
          hash = FNV_OFFSET;
        }
        hash = Math.imul(hash ^ code, FNV_PRIME);
        if (width === 2) hash = Math.imul(hash ^ text.charCodeAt(i + 1), FNV_PRIME);
      } else if (start >= 0) {
        out.push(this.find(text, start, i, hash), start, i);
        start = -1;
      }
      i += width - 1;
    }
    if (start >= 0) out.push(this.find(text, start, length, hash), start, length);
    return true;
  }

  /** Id of `text[start, end)` with hash `hash`, interned when new. */
  private find(text: string, start: number, end: number, hash: number): number {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let slot = hash & mask;
    for (;;) {
      const at = slot << 1;
      const entry = table[at + 1]! - 1;
      if (entry < 0) break;
      if (table[at] === hash && sameRun(this.words[entry]!, text, start, end)) return entry;
      slot = (slot + 1) & mask;
    }
    const id = this.words.length;
    this.words.push(start === 0 && end === text.length ? text : text.slice(start, end));
    const at = slot << 1;
    table[at] = hash;
    table[at + 1] = id + 1;
    if ((id + 1) * 2 > table.length >> 1) this.rehash(table.length);
    return id;
  }

  private rehash(slots: number): void {
    const old = this.table;
    const table = new Int32Array(slots << 1);
    const mask = slots - 1;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === 0) continue;
      let slot = old[at]! & mask;
      while (table[(slot << 1) + 1] !== 0) slot = (slot + 1) & mask;
      table[slot << 1] = old[at]!;
      table[(slot << 1) + 1] = old[at + 1]!;
    }
    this.table = table;
  }
}

let current = new WordRunDictionary();

/** The dictionary texts are tokenised with; replaced by a fresh one when full. */
export function currentWordRuns(): WordRunDictionary {
  if (current.full) current = new WordRunDictionary();
  return current;
}

/**
 * One byte of facts per word id, worked out by `compute` from the word the first time the id is
 * asked about; starts afresh when asked about another dictionary. `compute` returns 0..127.
 */
export class WordFlags {
  private dictionary: WordRunDictionary | undefined;
  private flags = new Uint8Array(1 << 12);

  constructor(private readonly compute: (word: string) => number) {}

  /** The facts of every id of `dictionary` known from now on: the array to read them from. */
  of(dictionary: WordRunDictionary, id: number): number {
    if (dictionary !== this.dictionary) {
      this.dictionary = dictionary;
      this.flags = new Uint8Array(Math.max(1 << 12, dictionary.size * 2));
    }
    if (id >= this.flags.length) {
      const next = new Uint8Array(Math.max(id + 1, this.flags.length * 2));
      next.set(this.flags);
      this.flags = next;
    }
    const known = this.flags[id]!;
    if (known !== 0) return known & 0x7f;
    const value = this.compute(dictionary.words[id]!) & 0x7f;
    this.flags[id] = value | 0x80;
    return value;
  }
}

/**
 * A value per word id (a folded form, a trie node), worked out by `compute` from the word the
 * first time the id is asked about; starts afresh when asked about another dictionary.
 */
export class WordValues<T> {
  private dictionary: WordRunDictionary | undefined;
  private values: (T | undefined)[] = [];

  constructor(private readonly compute: (word: string) => T) {}

  of(dictionary: WordRunDictionary, id: number): T {
    if (dictionary !== this.dictionary) {
      this.dictionary = dictionary;
      this.values = [];
    }
    let value = this.values[id];
    if (value === undefined) {
      value = this.compute(dictionary.words[id]!);
      while (this.values.length < id) this.values.push(undefined);
      this.values[id] = value;
    }
    return value;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashRange(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

function sameRun(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) {
    if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  }
  return true;
}

// Kinds of characters. SEPARATOR and WORD characters (a WORD one is in a run: a letter, mark or
// digit) are those NFC leaves alone, on their own and next to any other safe character, and
// that lower-case on their own (no context) to one character of the same kind and length;
// everything else is UNSAFE and sends the text down the path of the definition.
const SEPARATOR = 1;
const WORD = 2;
const UNSAFE = 3;
const MARK_CHAR = /^\p{M}$/u;

const ASCII_KINDS = Uint8Array.from({ length: 0x80 }, (_, code) =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90)
    ? WORD
    : SEPARATOR,
);
const bmpKinds = new Uint8Array(0x10000);
const astralKinds = new Map<number, number>();

function bmpKind(code: number): number {
  let kind = bmpKinds[code]!;
  if (kind === 0) {
    kind = classify(String.fromCharCode(code), bmpClass(code) & WORD_CHAR);
    bmpKinds[code] = kind;
  }
  return kind;
}

function astralKind(cp: number): number {
  let kind = astralKinds.get(cp);
  if (kind === undefined) {
    kind = classify(String.fromCodePoint(cp), astralClass(cp) & WORD_CHAR);
    if (astralKinds.size < 10_000) astralKinds.set(cp, kind);
  }
  return kind;
}

/** Variation selectors: marks that nothing composes with and that reorder with nothing. */
const isVariationSelector = (cp: number) => cp >= 0xfe00 && cp <= 0xfe0f;

function classify(char: string, bits: number): number {
  const cp = char.codePointAt(0)!;
  // Conjoining Hangul jamo compose with each other and with syllables; capital sigma's lower
  // case depends on the letters after it.
  if ((cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0xa960 && cp <= 0xa97f)) return UNSAFE;
  if ((cp >= 0xd7b0 && cp <= 0xd7ff) || cp === 0x3a3) return UNSAFE;
  if (MARK_CHAR.test(char) && !isVariationSelector(cp)) return UNSAFE;
  if (char.normalize('NFC') !== char) return UNSAFE;
  const lower = char.toLowerCase();
  if (lower.length !== char.length || lower.normalize('NFC') !== lower) return UNSAFE;
  const lowerCp = lower.codePointAt(0)!;
  const lowerBits = (lowerCp > 0xffff ? astralClass(lowerCp) : bmpClass(lowerCp)) & WORD_CHAR;
  if ((lowerBits === 0) !== (bits === 0)) return UNSAFE;
  return bits === 0 ? SEPARATOR : WORD;
}
