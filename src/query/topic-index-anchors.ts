// The topic index's anchor tables: which anchors (folded word, word prefix or pair of
// consecutive words) the index looks for, and a per-word look-up that marks the anchors a
// document holds. Everything a word can trigger — its own anchor, the prefix anchors it starts
// with, the pairs it begins by the second word's id — is worked out once per distinct word id
// and remembered in arrays indexed by that id, so a document costs two typed-array reads per
// word plus one small integer look-up after a word that begins a pair. The index's tables (either
// field, title only, body only) number their anchors in one AnchorSpace, so whether the current
// document holds an anchor is one read of one array, whichever table it belongs to.
import type { Anchor } from './anchors.js';
import type { FieldWords } from './prepare.js';
import type { WordDictionary } from './prepare-words.js';

interface WordEntry {
  /** Anchors the word triggers on its own: the word itself and prefixes of it. */
  anchors: readonly number[];
  /** Pair anchors starting with this word, by the second word's dictionary id. */
  pairs: ReadonlyMap<number, number> | null;
}

const NO_ENTRY: WordEntry = { anchors: [], pairs: null };

/**
 * Anchor ids shared by several tables, and which of them the current document holds:
 * `seen[id] === generation`. Start every document with next().
 */
export class AnchorSpace {
  seen = new Int32Array(256);
  generation = 1;
  /** Per anchor: how many filed entries it has (see AnchorTable.file). */
  filed = new Int32Array(256);
  private size = 0;
  private readonly free: number[] = [];

  /** Starts a new document: no anchor is held. */
  next(): void {
    if (this.generation === 0x7fffffff) {
      this.generation = 0;
      this.seen.fill(0);
    }
    this.generation++;
  }

  allocate(): number {
    const id = this.free.pop() ?? this.size++;
    if (id >= this.seen.length) {
      this.seen = grown(this.seen, this.seen.length * 2);
      this.filed = grown(this.filed, this.filed.length * 2);
    }
    this.seen[id] = 0;
    this.filed[id] = 0;
    return id;
  }

  release(id: number): void {
    this.free.push(id);
  }
}

export class AnchorTable {
  private readonly wordAnchors = new Map<string, number>();
  private readonly prefixAnchors = new Map<string, number>();
  private longestPrefix = 0;
  /** First word of a pair -> second word -> anchor. */
  private readonly pairAnchors = new Map<string, Map<string, number>>();
  /** Per anchor of this table: its key, and how many holders keep it (see retain). */
  private readonly anchorKeys = new Map<number, { anchor: Anchor; holders: number }>();
  // What each word id of `dictionary` triggers, worked out on first sight: entries[entryAt[id]]
  // when entryVersion[id] is `version`. Adding or dropping an anchor moves `version` on.
  private dictionary: WordDictionary | null = null;
  private entryVersion = new Int32Array(0);
  private entryAt = new Int32Array(0);
  private entries: WordEntry[] = [NO_ENTRY];
  private version = 1;

  constructor(private readonly space: AnchorSpace) {}

  /** Whether no anchor is retained. */
  get isEmpty(): boolean {
    return this.anchorKeys.size === 0;
  }

  /**
   * Keeps the anchor looked for in every document, so that the space can answer whether the
   * current document holds it; its id in the space. Undo with release().
   */
  retain(anchor: Anchor): number {
    const id = this.find(anchor) ?? this.addAnchor(anchor);
    this.anchorKeys.get(id)!.holders++;
    return id;
  }

  release(id: number): void {
    const key = this.anchorKeys.get(id)!;
    if (--key.holders === 0) this.dropAnchor(id, key.anchor);
  }

  /**
   * Retains the anchor and counts an entry filed under it (the space's `filed`). Undo with
   * unfile().
   */
  file(anchor: Anchor): number {
    const id = this.retain(anchor);
    this.space.filed[id]!++;
    return id;
  }

  unfile(id: number): void {
    this.space.filed[id]!--;
    this.release(id);
  }

  /**
   * Marks in the space every anchor of this table found in the fields' words (pairs do not
   * cross fields), and appends each to `out` once per document. Call the space's next() first.
   */
  collect(title: FieldWords | null, text: FieldWords | null, out: number[]): void {
    if (this.anchorKeys.size === 0) return;
    const dictionary = (title ?? text)!.dictionary;
    if (dictionary !== this.dictionary || this.entryVersion.length < dictionary.size) {
      this.useDictionary(dictionary);
    }
    if (title !== null) this.collectField(title.ids, title.length, out);
    if (text !== null) this.collectField(text.ids, text.length, out);
  }

  private changed(): void {
    this.version++;
    this.entries = [NO_ENTRY];
    if (this.version === 0x7fffffff) {
      this.version = 1;
      this.entryVersion.fill(0);
    }
  }

  private useDictionary(dictionary: WordDictionary): void {
    const size = Math.max(1024, dictionary.size * 2);
    if (dictionary !== this.dictionary) {
      this.dictionary = dictionary;
      this.entryVersion = new Int32Array(size);
      this.entryAt = new Int32Array(size);
      this.changed();
      return;
    }
    this.entryVersion = grown(this.entryVersion, size);
    this.entryAt = grown(this.entryAt, size);
  }

  /** The field's folded word ids are ids[0, length). */
  private collectField(ids: Int32Array, length: number, out: number[]): void {
    const space = this.space;
    const seen = space.seen;
    const generation = space.generation;
    const entryVersion = this.entryVersion;
    const entryAt = this.entryAt;
    const entries = this.entries;
    const version = this.version;
    let previous = NO_ENTRY;
    for (let w = 0; w < length; w++) {
      const id = ids[w]!;
      const entry = entryVersion[id] === version ? entries[entryAt[id]!]! : this.entryOf(id);
      const anchors = entry.anchors;
      for (let i = 0; i < anchors.length; i++) {
        const anchor = anchors[i]!;
        if (seen[anchor] !== generation) {
          seen[anchor] = generation;
          out.push(anchor);
        }
      }
      if (previous.pairs !== null) {
        const pair = previous.pairs.get(id);
        if (pair !== undefined && seen[pair] !== generation) {
          seen[pair] = generation;
          out.push(pair);
        }
      }
      previous = entry;
    }
  }

  private entryOf(id: number): WordEntry {
    const dictionary = this.dictionary!;
    const word = dictionary.words[id]!;
    const anchors: number[] = [];
    const own = this.wordAnchors.get(word);
    if (own !== undefined) anchors.push(own);
    // UTF-16 units, as the matcher's prefix test (startsWith) counts them.
    const longest = Math.min(word.length, this.longestPrefix);
    for (let length = 1; length <= longest; length++) {
      const prefix = this.prefixAnchors.get(word.slice(0, length));
      if (prefix !== undefined) anchors.push(prefix);
    }
    const bySecond = this.pairAnchors.get(word);
    let pairs: Map<number, number> | null = null;
    if (bySecond !== undefined) {
      pairs = new Map();
      for (const [second, anchor] of bySecond) pairs.set(dictionary.intern(second), anchor);
    }
    let entry = NO_ENTRY;
    let at = 0;
    if (anchors.length > 0 || pairs !== null) {
      entry = { anchors, pairs };
      at = this.entries.length;
      this.entries.push(entry);
    }
    // Interning a pair's second word may have grown the dictionary past the arrays.
    if (dictionary.size > this.entryVersion.length) this.useDictionary(dictionary);
    this.entryVersion[id] = this.version;
    this.entryAt[id] = at;
    return entry;
  }

  private addAnchor(anchor: Anchor): number {
    this.changed();
    const id = this.space.allocate();
    this.anchorKeys.set(id, { anchor, holders: 0 });
    const space = anchor.word.indexOf(' ');
    if (anchor.prefix) {
      this.prefixAnchors.set(anchor.word, id);
      this.longestPrefix = Math.max(this.longestPrefix, anchor.word.length);
    } else if (space < 0) {
      this.wordAnchors.set(anchor.word, id);
    } else {
      const first = anchor.word.slice(0, space);
      const second = anchor.word.slice(space + 1);
      let bySecond = this.pairAnchors.get(first);
      if (!bySecond) {
        bySecond = new Map();
        this.pairAnchors.set(first, bySecond);
      }
      bySecond.set(second, id);
    }
    return id;
  }

  private find(anchor: Anchor): number | undefined {
    if (anchor.prefix) return this.prefixAnchors.get(anchor.word);
    const space = anchor.word.indexOf(' ');
    if (space < 0) return this.wordAnchors.get(anchor.word);
    return this.pairAnchors.get(anchor.word.slice(0, space))?.get(anchor.word.slice(space + 1));
  }

  private dropAnchor(id: number, anchor: Anchor): void {
    this.changed();
    this.anchorKeys.delete(id);
    this.space.release(id);
    if (anchor.prefix) {
      this.prefixAnchors.delete(anchor.word);
      return;
    }
    const space = anchor.word.indexOf(' ');
    if (space < 0) {
      this.wordAnchors.delete(anchor.word);
      return;
    }
    const first = anchor.word.slice(0, space);
    const bySecond = this.pairAnchors.get(first);
    bySecond?.delete(anchor.word.slice(space + 1));
    if (bySecond?.size === 0) this.pairAnchors.delete(first);
  }
}

function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}
