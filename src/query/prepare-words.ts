// Document words as integer ids. A WordDictionary interns every folded and exact word form it
// sees (one id per distinct string), and remembers for every distinct raw word of the input —
// case and all — which folded and exact ids it stands for, so a text already seen word for word
// is tokenised by one hash-table probe per word: no string per word, no folding, no
// normalisation. Text the fast path cannot vouch for (combining marks, characters that NFC or
// lower-casing would change, anything outside the BMP) goes through tokenizeColumns, the
// definition, and yields the same ids.
import { tokenizeColumns } from './tokenize.js';

/** Raw word forms remembered before a fresh dictionary is started (bounds memory). */
const RAW_LIMIT = 200_000;
const SLOT_SHIFT = 2;
const SLOT_SIZE = 1 << SLOT_SHIFT;

export class WordDictionary {
  private readonly ids = new Map<string, number>();
  readonly words: string[] = [];
  // Raw words: open addressing over slots of SLOT_SIZE: hash, entry + 1 (0: free), exact id,
  // and the folded id when there is exactly one (else -1: see the entry's folded ids in
  // `folded` from `foldedStart`), so a word already seen reads one slot and its string.
  private table = new Int32Array(SLOT_SIZE << 12);
  private readonly raw: string[] = [];
  private foldedStart = new Int32Array(1 << 11);
  private foldedCount = new Int32Array(1 << 11);
  private folded = new Int32Array(1 << 11);
  private foldedUsed = 0;

  /** Distinct word forms interned. */
  get size(): number {
    return this.words.length;
  }

  /** Whether this dictionary has grown past its bound and should be replaced. */
  get full(): boolean {
    return this.raw.length >= RAW_LIMIT;
  }

  /** Id of a word form, or -1 when no text or query has used it. */
  idOf(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  intern(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  /**
   * Appends the folded ids of `text`'s words to `out.folded` and the matching exact ids to
   * `out.exact` (parallel, one entry per folded word).
   */
  tokenize(text: string, out: IdColumns): void {
    out.length = 0;
    if (text.length === 0) return;
    if (!this.tokenizeFast(text, out)) {
      out.length = 0;
      const columns = tokenizeColumns(text);
      for (let i = 0; i < columns.folded.length; i++) {
        out.push(this.intern(columns.folded[i]!), this.intern(columns.exact[i]!));
      }
    }
  }

  private tokenizeFast(text: string, out: IdColumns): boolean {
    let start = -1;
    let hash = 0;
    const length = text.length;
    for (let i = 0; i <= length; i++) {
      let kind = SEPARATOR;
      let code = 0;
      if (i < length) {
        code = text.charCodeAt(i);
        kind = code < 0x80 ? ASCII_CLASSES[code]! : rawClassOf(code);
        if (kind === UNSAFE) return false;
      }
      if (kind === WORD) {
        if (start < 0) {
          start = i;
          hash = 0x811c9dc5;
        }
        hash = Math.imul(hash ^ code, 0x01000193);
      } else if (start >= 0) {
        this.emit(text, start, i, hash, out);
        start = -1;
      }
    }
    return true;
  }

  private emit(text: string, start: number, end: number, hash: number, out: IdColumns): void {
    const table = this.table;
    const mask = (table.length >> SLOT_SHIFT) - 1;
    let slot = hash & mask;
    for (;;) {
      const at = slot << SLOT_SHIFT;
      const entry = table[at + 1]! - 1;
      if (entry < 0) break;
      if (table[at] === hash && sameWord(this.raw[entry]!, text, start, end)) {
        const exact = table[at + 2]!;
        const folded = table[at + 3]!;
        if (folded >= 0) {
          out.push(folded, exact);
          return;
        }
        const from = this.foldedStart[entry]!;
        const to = from + this.foldedCount[entry]!;
        for (let f = from; f < to; f++) out.push(this.folded[f]!, exact);
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.add(text.slice(start, end), hash, out);
  }

  /** A raw word seen for the first time: tokenised by the definition and remembered. */
  private add(raw: string, hash: number, out: IdColumns): void {
    const entry = this.raw.length;
    const columns = tokenizeColumns(raw);
    // A raw word of safe characters is one exact word; its folded forms may be several.
    const exact = this.intern(columns.exact[0] ?? raw.toLowerCase());
    if (entry >= this.foldedStart.length) {
      this.foldedStart = grown(this.foldedStart, entry * 2);
      this.foldedCount = grown(this.foldedCount, entry * 2);
    }
    if (this.foldedUsed + columns.folded.length > this.folded.length) {
      this.folded = grown(this.folded, (this.foldedUsed + columns.folded.length) * 2);
    }
    this.raw.push(raw);
    this.foldedStart[entry] = this.foldedUsed;
    this.foldedCount[entry] = columns.folded.length;
    for (const form of columns.folded) {
      const id = this.intern(form);
      this.folded[this.foldedUsed++] = id;
      out.push(id, exact);
    }
    const slots = this.table.length >> SLOT_SHIFT;
    if ((this.raw.length + 1) * 2 > slots) this.rehash(slots * 2);
    const single = columns.folded.length === 1 ? this.folded[this.foldedUsed - 1]! : -1;
    this.place(this.table, hash, entry + 1, exact, single);
  }

  private place(table: Int32Array, hash: number, entry: number, exact: number, folded: number) {
    const mask = (table.length >> SLOT_SHIFT) - 1;
    let slot = hash & mask;
    while (table[(slot << SLOT_SHIFT) + 1] !== 0) slot = (slot + 1) & mask;
    const at = slot << SLOT_SHIFT;
    table[at] = hash;
    table[at + 1] = entry;
    table[at + 2] = exact;
    table[at + 3] = folded;
  }

  private rehash(slots: number): void {
    const old = this.table;
    const table = new Int32Array(slots << SLOT_SHIFT);
    for (let at = 0; at < old.length; at += SLOT_SIZE) {
      if (old[at + 1] !== 0) this.place(table, old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!);
    }
    this.table = table;
  }
}

/** Growable parallel lists of folded and exact word ids, reused between documents. */
export class IdColumns {
  folded = new Int32Array(256);
  exact = new Int32Array(256);
  length = 0;

  push(folded: number, exact: number): void {
    if (this.length === this.folded.length) {
      this.folded = grown(this.folded, this.length * 2);
      this.exact = grown(this.exact, this.length * 2);
    }
    this.folded[this.length] = folded;
    this.exact[this.length++] = exact;
  }
}

let current = new WordDictionary();

/** The dictionary new documents are tokenised with; replaced by a fresh one when full. */
export function currentDictionary(): WordDictionary {
  if (current.full) current = new WordDictionary();
  return current;
}

function sameWord(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) {
    if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  }
  return true;
}

function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}

// Classes of raw characters. WORD and SEPARATOR characters are those whose class as
// tokenize.ts sees it is the same before and after NFC and lower-casing, which lower-case to
// one character on their own (no context), and which NFC leaves alone next to anything else
// that is safe; every other character is UNSAFE and sends the text down the slow path.
const SEPARATOR = 1;
const WORD = 2;
const UNSAFE = 3;
const WORD_CHAR = /^[\p{L}\p{N}\p{Co}]$/u;
const MARK_CHAR = /^\p{M}$/u;

const ASCII_CLASSES = Uint8Array.from({ length: 0x80 }, (_, code) =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90)
    ? WORD
    : SEPARATOR,
);
const rawClasses = new Uint8Array(0x10000);

function rawClassOf(code: number): number {
  let known = rawClasses[code]!;
  if (known === 0) {
    known = classifyRaw(code);
    rawClasses[code] = known;
  }
  return known;
}

function classifyRaw(code: number): number {
  // Surrogates, conjoining Hangul jamo (they compose with each other), capital sigma (its lower
  // case depends on the next letters), marks (they may compose with what precedes them).
  if (code >= 0xd800 && code <= 0xdfff) return UNSAFE;
  if ((code >= 0x1100 && code <= 0x11ff) || code === 0x3a3) return UNSAFE;
  const char = String.fromCharCode(code);
  if (MARK_CHAR.test(char) || char.normalize('NFC') !== char) return UNSAFE;
  const lower = char.toLowerCase();
  if (lower.length !== 1 || lower.normalize('NFC') !== lower) return UNSAFE;
  const kind = WORD_CHAR.test(char) ? WORD : SEPARATOR;
  const lowerKind = WORD_CHAR.test(lower) ? WORD : MARK_CHAR.test(lower) ? UNSAFE : SEPARATOR;
  return kind === lowerKind ? kind : UNSAFE;
}
