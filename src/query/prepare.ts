// A document tokenised once, ready to be checked against any number of queries. Words are
// integer ids of a WordDictionary (prepare-words.ts); strings, position maps and sorted word
// lists are built only when a query that needs them asks.
import { lowerNfc } from '../text/fold.js';
import { currentDictionary, IdColumns, type WordDictionary } from './prepare-words.js';
import { tokenize, type WordColumns, type WordToken } from './tokenize.js';

/** What the matcher needs to know about a mention. */
export interface MatchDocument {
  title: string | null;
  text: string;
  sourceIds?: number[];
  sourceNames?: string[];
  platform: string;
  lang: string | null;
  sentiment: string | null;
  url: string | null;
  /**
   * Codes of the places the mention is about (src/places/resolve-place.ts placeCodesOf): each
   * place's province, its ward, a former district's own code; absent when not tagged.
   */
  places?: string[];
  /** Sector ids the mention was tagged with, when known. */
  sectors?: string[];
}

/** Fields shorter than this are searched word by word; longer ones get a position map. */
const SCAN_LIMIT = 48;

/** The words of one text field with their positions, in folded and exact form. */
export class FieldWords {
  readonly dictionary: WordDictionary;
  /** Folded word ids by position. */
  readonly foldedIds: Int32Array;
  /** Exact (lower-cased NFC) word ids by position, parallel to foldedIds. */
  readonly exactIds: Int32Array;
  private foldedList: string[] | null = null;
  private exactList: string[] | null = null;
  private foldedPositionsCache: Map<number, number[]> | null = null;
  private exactPositionsCache: Map<number, number[]> | null = null;
  private foldedSorted: string[] | null = null;
  private exactSorted: string[] | null = null;
  // Many topics share a wildcard; merging its positions once per document is enough.
  private prefixPositions: Map<string, number[]> | null = null;

  constructor(
    tokens: WordToken[] | WordColumns | IdColumns,
    dictionary: WordDictionary = currentDictionary(),
  ) {
    this.dictionary = dictionary;
    if (tokens instanceof IdColumns) {
      this.foldedIds = slab(tokens.folded, tokens.length);
      this.exactIds = slab(tokens.exact, tokens.length);
      return;
    }
    const folded = Array.isArray(tokens) ? tokens.map((token) => token.folded) : tokens.folded;
    const exact = Array.isArray(tokens) ? tokens.map((token) => token.exact) : tokens.exact;
    this.foldedIds = Int32Array.from(folded, (word) => dictionary.intern(word));
    this.exactIds = Int32Array.from(exact, (word) => dictionary.intern(word));
  }

  get length(): number {
    return this.foldedIds.length;
  }

  /** Folded words by position. */
  get folded(): readonly string[] {
    this.foldedList ??= this.wordsOf(this.foldedIds);
    return this.foldedList;
  }

  /** Exact words by position. */
  get exact(): readonly string[] {
    this.exactList ??= this.wordsOf(this.exactIds);
    return this.exactList;
  }

  /** Positions of every folded word id. */
  get foldedPositions(): ReadonlyMap<number, readonly number[]> {
    this.foldedPositionsCache ??= positionMap(this.foldedIds);
    return this.foldedPositionsCache;
  }

  private get exactPositions(): ReadonlyMap<number, readonly number[]> {
    this.exactPositionsCache ??= positionMap(this.exactIds);
    return this.exactPositionsCache;
  }

  /** Whether the field holds the word with dictionary id `id`. */
  hasId(id: number, exact: boolean): boolean {
    if (id < 0) return false;
    const ids = exact ? this.exactIds : this.foldedIds;
    if (ids.length <= SCAN_LIMIT) return ids.includes(id);
    return (exact ? this.exactPositions : this.foldedPositions).has(id);
  }

  has(word: string, exact: boolean): boolean {
    return this.hasId(this.dictionary.idOf(word), exact);
  }

  /** Whether some word starts with `start`. */
  hasPrefix(start: string, exact: boolean): boolean {
    const sorted = this.sortedWords(exact);
    const at = lowerBound(sorted, start);
    return at < sorted.length && sorted[at]!.startsWith(start);
  }

  /** Sorted positions of a word, or of every word starting with it when `prefix`. */
  positions(word: string, exact: boolean, prefix: boolean): readonly number[] {
    const byWord = exact ? this.exactPositions : this.foldedPositions;
    if (!prefix) return byWord.get(this.dictionary.idOf(word)) ?? NO_POSITIONS;
    const cacheKey = `${exact ? '=' : ''}${word}`;
    this.prefixPositions ??= new Map();
    const cached = this.prefixPositions.get(cacheKey);
    if (cached) return cached;
    const sorted = this.sortedWords(exact);
    const merged: number[] = [];
    for (let i = lowerBound(sorted, word); i < sorted.length && sorted[i]!.startsWith(word); i++) {
      merged.push(...byWord.get(this.dictionary.idOf(sorted[i]!))!);
    }
    merged.sort((a, b) => a - b);
    this.prefixPositions.set(cacheKey, merged);
    return merged;
  }

  private sortedWords(exact: boolean): string[] {
    if (exact) {
      this.exactSorted ??= this.distinctSorted(this.exactIds);
      return this.exactSorted;
    }
    this.foldedSorted ??= this.distinctSorted(this.foldedIds);
    return this.foldedSorted;
  }

  private distinctSorted(ids: Int32Array): string[] {
    const words = this.dictionary.words;
    return [...new Set(ids)].map((id) => words[id]!).sort();
  }

  private wordsOf(ids: Int32Array): string[] {
    const words = this.dictionary.words;
    return Array.from(ids, (id) => words[id]!);
  }
}

export interface PreparedDocument {
  title: FieldWords;
  text: FieldWords;
  /** Every folded word of title and text. */
  readonly foldedWords: ReadonlySet<string>;
  /** Every two consecutive folded words of one field, joined by a space. */
  readonly foldedPairs: ReadonlySet<string>;
  /** Lower-cased; empty string when unknown. */
  platform: string;
  lang: string | null;
  sentiment: string | null;
  /** Lower-cased host of the URL, without a trailing dot. */
  readonly host: string | null;
  sourceIds: readonly number[];
  readonly sourceNames: readonly WordToken[][];
  readonly places: ReadonlySet<string>;
  readonly sectors: ReadonlySet<string>;
}

const NO_POSITIONS: readonly number[] = [];
const NO_NUMBERS: number[] = [];
const NO_STRINGS: string[] = [];

// Metadata values repeat (a few platforms, languages and sentiments): normalised once each.
const NORMALISED_LIMIT = 1000;
const platforms = new Map<string, string>();
const langs = new Map<string, string>();

function normalised(
  cache: Map<string, string>,
  value: string,
  normalise: (value: string) => string,
) {
  let result = cache.get(value);
  if (result === undefined) {
    result = normalise(value);
    if (cache.size >= NORMALISED_LIMIT) cache.clear();
    cache.set(value, result);
  }
  return result;
}

const normaliseLang = (lang: string) => lowerNfc(lang).replace(/_/g, '-');

class Prepared implements PreparedDocument {
  readonly platform: string;
  readonly lang: string | null;
  readonly sentiment: string | null;
  readonly sourceIds: readonly number[];
  private readonly source: MatchDocument;
  private foldedWordsCache: Set<string> | null = null;
  private foldedPairsCache: Set<string> | null = null;
  private hostCache: string | null | undefined = undefined;
  private sourceNamesCache: WordToken[][] | null = null;
  private placesCache: Set<string> | null = null;
  private sectorsCache: Set<string> | null = null;

  constructor(
    readonly title: FieldWords,
    readonly text: FieldWords,
    doc: MatchDocument,
  ) {
    this.source = doc;
    this.platform = normalised(platforms, doc.platform, lowerNfc);
    this.lang = doc.lang === null ? null : normalised(langs, doc.lang, normaliseLang);
    this.sentiment = doc.sentiment === null ? null : normalised(platforms, doc.sentiment, lowerNfc);
    this.sourceIds = doc.sourceIds ?? NO_NUMBERS;
  }

  get foldedWords(): ReadonlySet<string> {
    if (this.foldedWordsCache === null) {
      this.foldedWordsCache = new Set(this.title.folded);
      for (const word of this.text.folded) this.foldedWordsCache.add(word);
    }
    return this.foldedWordsCache;
  }

  get foldedPairs(): ReadonlySet<string> {
    this.foldedPairsCache ??= wordPairs([this.title.folded, this.text.folded]);
    return this.foldedPairsCache;
  }

  // Read by site:, source:, place: and sector: queries only.
  get host(): string | null {
    if (this.hostCache === undefined) this.hostCache = hostOf(this.source.url);
    return this.hostCache;
  }

  get sourceNames(): readonly WordToken[][] {
    this.sourceNamesCache ??= (this.source.sourceNames ?? NO_STRINGS).map(tokenize);
    return this.sourceNamesCache;
  }

  get places(): ReadonlySet<string> {
    this.placesCache ??= new Set(this.source.places);
    return this.placesCache;
  }

  get sectors(): ReadonlySet<string> {
    this.sectorsCache ??= new Set(this.source.sectors);
    return this.sectorsCache;
  }
}

const scratch = new IdColumns();

// Allocating a typed array costs far more than a view on an existing buffer, so word ids are
// copied into views of shared slabs; a slab is freed once no document refers to it.
const SLAB_SIZE = 1 << 16;
let slabBuffer = new Int32Array(SLAB_SIZE);
let slabUsed = 0;
const NO_IDS = new Int32Array(0);

function slab(ids: Int32Array, length: number): Int32Array {
  if (length === 0) return NO_IDS;
  if (length > SLAB_SIZE / 4) return ids.slice(0, length);
  if (slabUsed + length > SLAB_SIZE) {
    slabBuffer = new Int32Array(SLAB_SIZE);
    slabUsed = 0;
  }
  const view = slabBuffer.subarray(slabUsed, slabUsed + length);
  view.set(ids.subarray(0, length));
  slabUsed += length;
  return view;
}

export function prepareDocument(doc: MatchDocument): PreparedDocument {
  const dictionary = currentDictionary();
  return new Prepared(
    fieldWords(dictionary, doc.title ?? ''),
    fieldWords(dictionary, doc.text),
    doc,
  );
}

function fieldWords(dictionary: WordDictionary, text: string): FieldWords {
  dictionary.tokenize(text, scratch);
  return new FieldWords(scratch, dictionary);
}

function wordPairs(fields: readonly (readonly string[])[]): Set<string> {
  const pairs = new Set<string>();
  for (const words of fields) {
    for (let i = 1; i < words.length; i++) pairs.add(`${words[i - 1]} ${words[i]}`);
  }
  return pairs;
}

function hostOf(url: string | null): string | null {
  if (url === null || !URL.canParse(url)) return null;
  const host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  return host === '' ? null : host;
}

function positionMap(ids: Int32Array): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (let position = 0; position < ids.length; position++) {
    const list = map.get(ids[position]!);
    if (list) list.push(position);
    else map.set(ids[position]!, [position]);
  }
  return map;
}

export function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
