// Every name a unit can be called by, keyed by its folded words: official names of both
// structures, English names and the hand-written aliases. Unit-type words ("quận", "P.") are
// not part of a name; the tagger reads them separately.
import { readResource } from '../package-root.js';
import type { Gazetteer } from './gazetteer.js';
import { accentWord, foldWord } from './scan-words.js';

export type UnitKind = 'province' | 'formerProvince' | 'formerDistrict' | 'ward' | 'formerWard';

export interface NameEntry {
  kind: UnitKind;
  code: string;
  /** The unit's type word in its structure: "tỉnh", "quận", "phường"… */
  type: string;
  /** Tone-normalised lower-case words of the name, joined by spaces. */
  accent: string;
  /** True when the name already holds its type word ("Quận 2", "TP.HCM"). */
  typed: boolean;
  /** When set, only this exact spelling counts ("SG", "HN"). */
  exact?: string;
  /** A common name or abbreviation rather than the official name. */
  alias: boolean;
}

/** One folded word deeper into the names: the entries named by the words so far, if any. */
export interface NameTrieNode {
  readonly next: Map<string, NameTrieNode>;
  entries: readonly NameEntry[] | undefined;
}

export interface NameIndex {
  /** Entries by folded words joined by single spaces. */
  readonly byKey: ReadonlyMap<string, readonly NameEntry[]>;
  /**
   * The same names as a trie of folded words: a text is walked word by word from a start and
   * the walk ends at the first word no name continues with, without building keys.
   */
  readonly trie: NameTrieNode;
  /** Folded first words of every name, to skip words that start none. */
  readonly firstWords: ReadonlySet<string>;
  readonly maxWords: number;
}

interface AliasFile {
  provinces: Record<string, string[]>;
  caseSensitive: Record<string, string[]>;
  formerDistricts: Record<string, string[]>;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const wordsOf = (name: string): string[] => name.normalize('NFC').match(WORD) ?? [];
const TYPE_WORDS = /^(tp|tphcm|quan|q|thanh|thu)$/;

export function buildNameIndex(gazetteer: Gazetteer, aliases?: AliasFile): NameIndex {
  const byKey = new Map<string, NameEntry[]>();
  const firstWords = new Set<string>();
  let maxWords = 1;
  const add = (
    name: string,
    entry: Omit<NameEntry, 'accent' | 'typed' | 'alias'>,
    alias = false,
  ): void => {
    const words = wordsOf(name);
    if (words.length === 0) return;
    const key = words.map(foldWord).join(' ');
    const accent = words.map(accentWord).join(' ');
    const list = byKey.get(key) ?? [];
    if (list.some((e) => e.kind === entry.kind && e.code === entry.code && e.accent === accent)) {
      return;
    }
    list.push({ ...entry, accent, typed: alias && TYPE_WORDS.test(foldWord(words[0]!)), alias });
    byKey.set(key, list);
    firstWords.add(foldWord(words[0]!));
    maxWords = Math.max(maxWords, words.length);
  };

  const todayNames = new Set<string>();
  for (const p of gazetteer.provinces) {
    add(p.name, { kind: 'province', code: p.code, type: p.type });
    if (foldWord(p.nameEn) !== foldWord(p.name).replace(/ /g, '')) {
      add(p.nameEn, { kind: 'province', code: p.code, type: p.type }, true);
    }
    todayNames.add(wordsOf(p.name).map(foldWord).join(' '));
  }
  for (const p of gazetteer.formerProvinces) {
    if (todayNames.has(wordsOf(p.name).map(foldWord).join(' '))) continue;
    add(p.name, { kind: 'formerProvince', code: p.code, type: p.type });
  }
  for (const d of gazetteer.formerDistricts) {
    add(d.name, { kind: 'formerDistrict', code: d.code, type: d.type });
  }
  for (const w of gazetteer.wards) add(w.name, { kind: 'ward', code: w.code, type: w.type });
  for (const w of gazetteer.formerWards) {
    add(w.name, { kind: 'formerWard', code: w.code, type: w.type });
  }
  for (const a of gazetteer.formerWardAliases) {
    add(a.name, { kind: 'formerWard', code: a.code, type: a.type }, true);
  }
  if (aliases) {
    for (const [code, names] of Object.entries(aliases.provinces)) {
      const type = gazetteer.province(code)?.type ?? 'tỉnh';
      for (const name of names) add(name, { kind: 'province', code, type }, true);
    }
    for (const [code, names] of Object.entries(aliases.caseSensitive)) {
      const type = gazetteer.province(code)?.type ?? 'tỉnh';
      for (const name of names) add(name, { kind: 'province', code, type, exact: name }, true);
    }
    for (const [code, names] of Object.entries(aliases.formerDistricts)) {
      const type = gazetteer.formerDistrict(code)?.type ?? 'quận';
      for (const name of names) add(name, { kind: 'formerDistrict', code, type }, true);
    }
  }
  const trie: NameTrieNode = { next: new Map(), entries: undefined };
  for (const [key, entries] of byKey) {
    let node = trie;
    for (const word of key.split(' ')) {
      let child = node.next.get(word);
      if (child === undefined) {
        child = { next: new Map(), entries: undefined };
        node.next.set(word, child);
      }
      node = child;
    }
    node.entries = entries;
  }
  return { byKey, trie, firstWords, maxWords };
}

export function loadAliases(): AliasFile {
  return JSON.parse(readResource('resources/places/aliases.json')) as AliasFile;
}
