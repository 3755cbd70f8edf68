// The topic index's anchor table: which filed parts each anchor (folded word, word prefix or
// pair of consecutive words) stands for, and a per-word look-up that turns a document's words
// into those parts. Everything a word can trigger — its own anchor, the prefix anchors it
// starts with, the pairs it begins by the second word's id — is worked out once per distinct
// word id and remembered in arrays indexed by that id, so a document costs two typed-array
// reads per word plus one small integer look-up after a word that begins a pair.
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

export class AnchorTable {
  private readonly wordAnchors = new Map<string, number>();
  private readonly prefixAnchors = new Map<string, number>();
  private longestPrefix = 0;
  /** First word of a pair -> second word -> anchor. */
  private readonly pairAnchors = new Map<string, Map<string, number>>();
  /** Per anchor: the parts filed under it, and how to find it again to drop it. */
  private readonly postings: number[][] = [];
  private readonly anchorKeys: (Anchor | null)[] = [];
  private readonly freeAnchors: number[] = [];
  private anchorSeenIn = new Int32Array(256);
  private generation = 0;
  private readonly partAnchors = new Map<number, number[]>();
  /** Per anchor: how many compiled word checks read it (see retain). */
  private readonly retained: number[] = [];
  private live = 0;
  // What each word id of `dictionary` triggers, worked out on first sight: entries[entryAt[id]]
  // when entryVersion[id] is `version`. Any change to the anchors moves `version` on.
  private dictionary: WordDictionary | null = null;
  private entryVersion = new Int32Array(0);
  private entryAt = new Int32Array(0);
  private entries: WordEntry[] = [NO_ENTRY];
  private version = 1;

  /** Whether no anchor is filed or retained. */
  get isEmpty(): boolean {
    return this.live === 0;
  }

  /**
   * Keeps the anchor looked for in every document, with or without parts filed under it, so
   * that hit() can answer whether the current document holds it. Undo with release().
   */
  retain(anchor: Anchor): number {
    this.changed();
    const id = this.anchorId(anchor);
    this.retained[id]!++;
    return id;
  }

  release(id: number): void {
    this.changed();
    this.retained[id]!--;
    this.dropIfUnused(id);
  }

  /** Whether the document last passed to collect() holds the anchor. */
  hit(id: number): boolean {
    return this.anchorSeenIn[id] === this.generation;
  }

  /** Files a part under each of its anchors. */
  file(part: number, anchors: readonly Anchor[]): void {
    this.changed();
    const ids: number[] = [];
    for (const anchor of anchors) {
      const id = this.anchorId(anchor);
      if (ids.includes(id)) continue;
      ids.push(id);
      this.postings[id]!.push(part);
    }
    this.partAnchors.set(part, ids);
  }

  unfile(part: number): void {
    this.changed();
    for (const id of this.partAnchors.get(part) ?? []) {
      const posting = this.postings[id]!;
      posting.splice(posting.indexOf(part), 1);
      this.dropIfUnused(id);
    }
    this.partAnchors.delete(part);
  }

  private changed(): void {
    this.version++;
    this.entries = [NO_ENTRY];
    if (this.version === 0x7fffffff) {
      this.version = 1;
      this.entryVersion.fill(0);
    }
  }

  private dropIfUnused(id: number): void {
    if (this.postings[id]!.length === 0 && this.retained[id] === 0) this.dropAnchor(id);
  }

  /**
   * Appends to `out` the parts filed under every anchor found in the fields' words (pairs do
   * not cross fields), one list per anchor found. A part may appear in more than one list.
   * Called once per document: hit() answers for that document.
   */
  collect(title: FieldWords | null, text: FieldWords | null, out: (readonly number[])[]): void {
    if (this.generation === 0x7fffffff) {
      this.generation = 0;
      this.anchorSeenIn.fill(0);
    }
    this.generation++;
    if (this.live === 0) return;
    const dictionary = (title ?? text)!.dictionary;
    if (dictionary !== this.dictionary || this.entryVersion.length < dictionary.size) {
      this.useDictionary(dictionary);
    }
    if (title !== null) this.collectField(title.ids, title.length, out);
    if (text !== null) this.collectField(text.ids, text.length, out);
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
    const version = new Int32Array(size);
    version.set(this.entryVersion);
    this.entryVersion = version;
    const at = new Int32Array(size);
    at.set(this.entryAt);
    this.entryAt = at;
  }

  /** The field's folded word ids are ids[0, length). */
  private collectField(ids: Int32Array, length: number, out: (readonly number[])[]): void {
    const seenIn = this.anchorSeenIn;
    const generation = this.generation;
    const entryVersion = this.entryVersion;
    const entryAt = this.entryAt;
    const version = this.version;
    let previous = NO_ENTRY;
    for (let w = 0; w < length; w++) {
      const id = ids[w]!;
      const entry = entryVersion[id] === version ? this.entries[entryAt[id]!]! : this.entryOf(id);
      const anchors = entry.anchors;
      for (let i = 0; i < anchors.length; i++) {
        const anchor = anchors[i]!;
        if (seenIn[anchor] !== generation) {
          seenIn[anchor] = generation;
          const posting = this.postings[anchor]!;
          if (posting.length > 0) out.push(posting);
        }
      }
      if (previous.pairs !== null) {
        const pair = previous.pairs.get(id);
        if (pair !== undefined && seenIn[pair] !== generation) {
          seenIn[pair] = generation;
          const posting = this.postings[pair]!;
          if (posting.length > 0) out.push(posting);
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

  private anchorId(anchor: Anchor): number {
    const found = this.find(anchor);
    if (found !== undefined) return found;
    const id = this.freeAnchors.pop() ?? this.postings.length;
    this.postings[id] = [];
    this.retained[id] = 0;
    this.anchorKeys[id] = anchor;
    this.live++;
    if (id >= this.anchorSeenIn.length) {
      const next = new Int32Array(this.anchorSeenIn.length * 2);
      next.set(this.anchorSeenIn);
      this.anchorSeenIn = next;
    }
    this.anchorSeenIn[id] = 0;
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

  private dropAnchor(id: number): void {
    const anchor = this.anchorKeys[id]!;
    this.anchorKeys[id] = null;
    this.freeAnchors.push(id);
    this.live--;
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
