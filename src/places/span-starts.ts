// Whether a text can hold a place name at all, read from the ids of its words (text/word-ids.ts)
// and facts kept per id, before any word of it is sliced, folded or scanned. findSpans starts a
// span only at a unit-type word followed by the first word of a name, or at a name read bare;
// a bare name is a province, a typed or exact alias, or else needs its first word capitalised
// and two words or a former district. The test below asks for no less than that (it ignores
// punctuation, the writer's habits and the heads that block a name), so a text it turns down
// has no span and no place: most texts are turned down here.
import { WordFlags, type WordRunDictionary, WordValues } from '../text/word-ids.js';
import { PREFIX_WORDS } from './find-spans.js';
import type { NameIndex, NameTrieNode } from './name-index.js';
import { factsOf } from './scan-words.js';

/** A unit letter glued to its number ("Q1"): scanned as two words. */
const GLUED = 1;
/** First folded word of a unit-type word. */
const PREFIX = 2;
/** First folded word of a name. */
const NAME = 4;
/** First letter upper case. */
const CAPITAL = 8;

/** Bits of a trie node's entries. */
const READ_BARE = 1; // a province, a typed or an exact alias: read bare whatever the case
const FORMER_DISTRICT = 2;

export interface SpanStartFilter {
  /** False when `ids` (words of one text, of `dictionary`) can hold no place name. */
  mayName(dictionary: WordRunDictionary, ids: Int32Array, count?: number): boolean;
}

export function createSpanStartFilter(index: NameIndex): SpanStartFilter {
  const prefixFirst = new Set(PREFIX_WORDS.map((p) => p[0]!));
  const flags = new WordFlags((word) => {
    const f = factsOf(word);
    if (f.glued !== undefined) return GLUED;
    return (
      (prefixFirst.has(f.fold) ? PREFIX : 0) |
      (index.trie.next.has(f.fold) ? NAME : 0) |
      (f.capital ? CAPITAL : 0)
    );
  });
  const nodeBits = new WeakMap<NameTrieNode, number>();
  const bitsOf = (node: NameTrieNode): number => {
    let bits = nodeBits.get(node);
    if (bits === undefined) {
      bits = 0;
      for (const e of node.entries ?? []) {
        if (e.kind === 'province' || e.kind === 'formerProvince' || e.typed) bits |= READ_BARE;
        if (e.exact !== undefined) bits |= READ_BARE;
        if (e.kind === 'formerDistrict') bits |= FORMER_DISTRICT;
      }
      nodeBits.set(node, bits);
    }
    return bits;
  };

  const folds = new WordValues((word) => factsOf(word).fold);
  const foldOf = (dictionary: WordRunDictionary, id: number): string => folds.of(dictionary, id);
  /** The names a word starts (a trie node below the root), null when none. */
  const names = new WordValues((word) => index.trie.next.get(factsOf(word).fold) ?? null);

  /** A unit-type word at `k` followed by the first word of a name. */
  const prefixAt = (dictionary: WordRunDictionary, ids: Int32Array, count: number, k: number) => {
    const fold = foldOf(dictionary, ids[k]!);
    for (const words of PREFIX_WORDS) {
      if (words[0] !== fold) continue;
      const n = words.length;
      if (k + n >= count) continue;
      let same = true;
      for (let j = 1; j < n && same; j++) same = foldOf(dictionary, ids[k + j]!) === words[j];
      if (same && flags.of(dictionary, ids[k + n]!) & NAME) return true;
    }
    return false;
  };

  /** A name starting at `k` that could be read bare. */
  const nameAt = (
    dictionary: WordRunDictionary,
    ids: Int32Array,
    count: number,
    k: number,
    capital: boolean,
  ) => {
    let node: NameTrieNode | null | undefined = names.of(dictionary, ids[k]!);
    for (let n = 1; node != null; n++) {
      if (node.entries !== undefined) {
        const bits = bitsOf(node);
        if (bits & READ_BARE) return true;
        if (capital && (n >= 2 || bits & FORMER_DISTRICT)) return true;
      }
      if (k + n >= count) break;
      node = node.next.get(foldOf(dictionary, ids[k + n]!));
    }
    return false;
  };

  return {
    mayName(dictionary, ids, count = ids.length) {
      for (let k = 0; k < count; k++) {
        const f = flags.of(dictionary, ids[k]!);
        if (f === 0) continue;
        if (f & GLUED) return true;
        if (f & PREFIX && prefixAt(dictionary, ids, count, k)) return true;
        if (f & NAME && nameAt(dictionary, ids, count, k, (f & CAPITAL) !== 0)) return true;
      }
      return false;
    },
  };
}
