// The topic index's anchor table: which filed parts each anchor (folded word, word prefix or
// pair of consecutive words) stands for, and a per-word look-up that turns a document's words
// into those parts. Everything a word can trigger — its own anchor, the prefix anchors it
// starts with, its integer id for pairs — is worked out once per distinct word and remembered,
// so a document costs one map look-up per word plus one small integer look-up per word pair.
import type { Anchor } from './anchors.js';

interface WordEntry {
  /** Anchors the word triggers on its own: the word itself and prefixes of it. */
  anchors: readonly number[];
  /** Id as the second word of a pair anchor, or -1 when it ends none. */
  pairId: number;
  /** Pair anchors starting with this word, by the second word's id. */
  pairs: ReadonlyMap<number, number> | null;
}

const NO_ENTRY: WordEntry = { anchors: [], pairId: -1, pairs: null };

/** Distinct document words remembered; the memory is dropped whole past this bound. */
const WORD_CACHE_LIMIT = 100_000;

export class AnchorTable {
  private readonly wordAnchors = new Map<string, number>();
  private readonly prefixAnchors = new Map<string, number>();
  private longestPrefix = 0;
  /** First word of a pair -> second word's pair id -> anchor. */
  private readonly pairAnchors = new Map<string, Map<number, number>>();
  private readonly pairIds = new Map<string, number>();
  /** Per anchor: the parts filed under it, and how to find it again to drop it. */
  private readonly postings: number[][] = [];
  private readonly anchorKeys: (Anchor | null)[] = [];
  private readonly freeAnchors: number[] = [];
  private anchorSeenIn = new Int32Array(256);
  private generation = 0;
  private readonly partAnchors = new Map<number, number[]>();
  /** Per anchor: how many compiled word checks read it (see retain). */
  private readonly retained: number[] = [];
  private readonly entries = new Map<string, WordEntry>();
  private live = 0;

  /** Whether no anchor is filed or retained. */
  get isEmpty(): boolean {
    return this.live === 0;
  }

  /**
   * Keeps the anchor looked for in every document, with or without parts filed under it, so
   * that hit() can answer whether the current document holds it. Undo with release().
   */
  retain(anchor: Anchor): number {
    this.entries.clear();
    const id = this.anchorId(anchor);
    this.retained[id]!++;
    return id;
  }

  release(id: number): void {
    this.entries.clear();
    this.retained[id]!--;
    this.dropIfUnused(id);
  }

  /** Whether the document last passed to collect() holds the anchor. */
  hit(id: number): boolean {
    return this.anchorSeenIn[id] === this.generation;
  }

  /** Files a part under each of its anchors. */
  file(part: number, anchors: readonly Anchor[]): void {
    this.entries.clear();
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
    this.entries.clear();
    for (const id of this.partAnchors.get(part) ?? []) {
      const posting = this.postings[id]!;
      posting.splice(posting.indexOf(part), 1);
      this.dropIfUnused(id);
    }
    this.partAnchors.delete(part);
  }

  private dropIfUnused(id: number): void {
    if (this.postings[id]!.length === 0 && this.retained[id] === 0) this.dropAnchor(id);
  }

  /**
   * Appends to `out` the parts filed under every anchor found in the fields' words (each field
   * a list of folded words; pairs do not cross fields), one list per anchor found. A part may
   * appear in more than one list. Called once per document: hit() answers for that document.
   */
  collect(title: readonly string[], text: readonly string[], out: (readonly number[])[]): void {
    if (this.generation === 0x7fffffff) {
      this.generation = 0;
      this.anchorSeenIn.fill(0);
    }
    this.generation++;
    if (this.live === 0) return;
    this.collectField(title, out);
    this.collectField(text, out);
  }

  private collectField(words: readonly string[], out: (readonly number[])[]): void {
    const seenIn = this.anchorSeenIn;
    const generation = this.generation;
    let previous = NO_ENTRY;
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      let entry = this.entries.get(word);
      if (entry === undefined) entry = this.entryOf(word);
      const anchors = entry.anchors;
      for (let i = 0; i < anchors.length; i++) {
        const anchor = anchors[i]!;
        if (seenIn[anchor] !== generation) {
          seenIn[anchor] = generation;
          const posting = this.postings[anchor]!;
          if (posting.length > 0) out.push(posting);
        }
      }
      if (previous.pairs !== null && entry.pairId >= 0) {
        const pair = previous.pairs.get(entry.pairId);
        if (pair !== undefined && seenIn[pair] !== generation) {
          seenIn[pair] = generation;
          const posting = this.postings[pair]!;
          if (posting.length > 0) out.push(posting);
        }
      }
      previous = entry;
    }
  }

  private entryOf(word: string): WordEntry {
    const anchors: number[] = [];
    const own = this.wordAnchors.get(word);
    if (own !== undefined) anchors.push(own);
    // UTF-16 units, as the matcher's prefix test (startsWith) counts them.
    const longest = Math.min(word.length, this.longestPrefix);
    for (let length = 1; length <= longest; length++) {
      const prefix = this.prefixAnchors.get(word.slice(0, length));
      if (prefix !== undefined) anchors.push(prefix);
    }
    const pairId = this.pairIds.get(word) ?? -1;
    const pairs = this.pairAnchors.get(word) ?? null;
    const entry =
      anchors.length === 0 && pairId < 0 && pairs === null ? NO_ENTRY : { anchors, pairId, pairs };
    if (this.entries.size >= WORD_CACHE_LIMIT) this.entries.clear();
    this.entries.set(word, entry);
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
      const second = this.pairIdOf(anchor.word.slice(space + 1));
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
    const second = this.pairIds.get(anchor.word.slice(space + 1));
    if (second === undefined) return undefined;
    return this.pairAnchors.get(anchor.word.slice(0, space))?.get(second);
  }

  private pairIdOf(word: string): number {
    let id = this.pairIds.get(word);
    if (id === undefined) {
      id = this.pairIds.size;
      this.pairIds.set(word, id);
    }
    return id;
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
    bySecond?.delete(this.pairIds.get(anchor.word.slice(space + 1))!);
    if (bySecond?.size === 0) this.pairAnchors.delete(first);
  }
}
