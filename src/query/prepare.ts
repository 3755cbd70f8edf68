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

/** What a field works out on demand: word strings, position maps, sorted distinct words. */
interface FieldExtras {
  folded: string[] | null;
  exact: string[] | null;
  foldedPositions: Map<number, number[]> | null;
  exactPositions: Map<number, number[]> | null;
  /** Positions of the words asked for so far: folded id, or -1 - exact id. */
  positionsOf: Map<number, number[]>;
  foldedSorted: string[] | null;
  exactSorted: string[] | null;
  // Many topics share a wildcard; merging its positions once per document is enough.
  prefixPositions: Map<string, number[]>;
}

/** The words of one text field with their positions, in folded and exact form. */
export class FieldWords {
  readonly dictionary: WordDictionary;
  /** Word ids by position: the folded forms, then the exact (lower-cased NFC) forms. */
  readonly ids: Int32Array;
  /** Words (positions) in the field. */
  readonly length: number;
  private extras: FieldExtras | null = null;

  constructor(
    tokens: WordToken[] | WordColumns | IdColumns,
    dictionary: WordDictionary = currentDictionary(),
  ) {
    this.dictionary = dictionary;
    if (tokens instanceof IdColumns) {
      this.length = tokens.length;
      this.ids = slab(tokens);
      return;
    }
    const folded = Array.isArray(tokens) ? tokens.map((token) => token.folded) : tokens.folded;
    const exact = Array.isArray(tokens) ? tokens.map((token) => token.exact) : tokens.exact;
    this.length = folded.length;
    this.ids = Int32Array.from([...folded, ...exact], (word) => dictionary.intern(word));
  }

  /** Folded word ids by position. */
  get foldedIds(): Int32Array {
    return this.ids.subarray(0, this.length);
  }

  /** Exact word ids by position. */
  get exactIds(): Int32Array {
    return this.ids.subarray(this.length);
  }

  private get more(): FieldExtras {
    this.extras ??= {
      folded: null,
      exact: null,
      foldedPositions: null,
      exactPositions: null,
      positionsOf: new Map(),
      foldedSorted: null,
      exactSorted: null,
      prefixPositions: new Map(),
    };
    return this.extras;
  }

  /** Folded words by position. */
  get folded(): readonly string[] {
    const more = this.more;
    more.folded ??= this.wordsOf(this.foldedIds);
    return more.folded;
  }

  /** Exact words by position. */
  get exact(): readonly string[] {
    const more = this.more;
    more.exact ??= this.wordsOf(this.exactIds);
    return more.exact;
  }

  /** Positions of every folded word id. */
  get foldedPositions(): ReadonlyMap<number, readonly number[]> {
    const more = this.more;
    more.foldedPositions ??= positionMap(this.ids, 0, this.length);
    return more.foldedPositions;
  }

  /** Positions of every exact word id. */
  get exactPositions(): ReadonlyMap<number, readonly number[]> {
    const more = this.more;
    more.exactPositions ??= positionMap(this.ids, this.length, this.length);
    return more.exactPositions;
  }

  /**
   * Whether the field holds the word with dictionary id `id`. A scan of the ids: queries ask a
   * document about a few words, and a scan costs less than any map built for them.
   */
  hasId(id: number, exact: boolean): boolean {
    if (id < 0) return false;
    const length = this.length;
    const ids = this.ids;
    const end = exact ? length * 2 : length;
    for (let i = exact ? length : 0; i < end; i++) if (ids[i] === id) return true;
    return false;
  }

  /** Sorted positions of the word with dictionary id `id`, remembered for the document. */
  positionsOfId(id: number, exact: boolean): readonly number[] {
    if (id < 0) return NO_POSITIONS;
    const cache = this.more.positionsOf;
    const key = exact ? -1 - id : id;
    let positions = cache.get(key);
    if (positions === undefined) {
      positions = [];
      const length = this.length;
      const from = exact ? length : 0;
      const ids = this.ids;
      for (let i = 0; i < length; i++) if (ids[from + i] === id) positions.push(i);
      cache.set(key, positions);
    }
    return positions;
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
    if (!prefix) return this.positionsOfId(this.dictionary.idOf(word), exact);
    const cacheKey = `${exact ? '=' : ''}${word}`;
    const prefixPositions = this.more.prefixPositions;
    const cached = prefixPositions.get(cacheKey);
    if (cached) return cached;
    const sorted = this.sortedWords(exact);
    const merged: number[] = [];
    for (let i = lowerBound(sorted, word); i < sorted.length && sorted[i]!.startsWith(word); i++) {
      merged.push(...this.positionsOfId(this.dictionary.idOf(sorted[i]!), exact));
    }
    merged.sort((a, b) => a - b);
    prefixPositions.set(cacheKey, merged);
    return merged;
  }

  private sortedWords(exact: boolean): string[] {
    const more = this.more;
    if (exact) {
      more.exactSorted ??= this.distinctSorted(this.exactIds);
      return more.exactSorted;
    }
    more.foldedSorted ??= this.distinctSorted(this.foldedIds);
    return more.foldedSorted;
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

/** What a document works out on demand, for the few queries that read it. */
interface DocumentExtras {
  foldedWords: Set<string> | null;
  foldedPairs: Set<string> | null;
  host: string | null | undefined;
  sourceNames: WordToken[][] | null;
  places: Set<string> | null;
  sectors: Set<string> | null;
}

class Prepared implements PreparedDocument {
  readonly platform: string;
  readonly lang: string | null;
  readonly sentiment: string | null;
  readonly sourceIds: readonly number[];
  private readonly source: MatchDocument;
  private extras: DocumentExtras | null = null;

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

  private get more(): DocumentExtras {
    this.extras ??= {
      foldedWords: null,
      foldedPairs: null,
      host: undefined,
      sourceNames: null,
      places: null,
      sectors: null,
    };
    return this.extras;
  }

  get foldedWords(): ReadonlySet<string> {
    const more = this.more;
    if (more.foldedWords === null) {
      more.foldedWords = new Set(this.title.folded);
      for (const word of this.text.folded) more.foldedWords.add(word);
    }
    return more.foldedWords;
  }

  get foldedPairs(): ReadonlySet<string> {
    const more = this.more;
    more.foldedPairs ??= wordPairs([this.title.folded, this.text.folded]);
    return more.foldedPairs;
  }

  // Read by site:, source:, place: and sector: queries only.
  get host(): string | null {
    const more = this.more;
    if (more.host === undefined) more.host = hostOf(this.source.url);
    return more.host;
  }

  get sourceNames(): readonly WordToken[][] {
    const more = this.more;
    more.sourceNames ??= (this.source.sourceNames ?? NO_STRINGS).map(tokenize);
    return more.sourceNames;
  }

  get places(): ReadonlySet<string> {
    const more = this.more;
    more.places ??= new Set(this.source.places);
    return more.places;
  }

  get sectors(): ReadonlySet<string> {
    const more = this.more;
    more.sectors ??= new Set(this.source.sectors);
    return more.sectors;
  }
}

const scratch = new IdColumns();

// Allocating a typed array costs far more than a view on an existing buffer, so word ids are
// copied into views of shared slabs; a slab is freed once no document refers to it.
const SLAB_SIZE = 1 << 16;
let slabBuffer = new Int32Array(SLAB_SIZE);
let slabUsed = 0;
const NO_IDS = new Int32Array(0);

function slab(columns: IdColumns): Int32Array {
  const length = columns.length;
  if (length === 0) return NO_IDS;
  const size = length * 2;
  let view: Int32Array;
  if (size > SLAB_SIZE / 4) {
    view = new Int32Array(size);
  } else {
    if (slabUsed + size > SLAB_SIZE) {
      slabBuffer = new Int32Array(SLAB_SIZE);
      slabUsed = 0;
    }
    view = slabBuffer.subarray(slabUsed, slabUsed + size);
    slabUsed += size;
  }
  const { folded, exact } = columns;
  for (let i = 0; i < length; i++) {
    view[i] = folded[i]!;
    view[length + i] = exact[i]!;
  }
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

// A field without words is the same for every document of a dictionary.
let emptyField: FieldWords | null = null;

function fieldWords(dictionary: WordDictionary, text: string): FieldWords {
  dictionary.tokenize(text, scratch);
  if (scratch.length > 0) return new FieldWords(scratch, dictionary);
  if (emptyField === null || emptyField.dictionary !== dictionary) {
    emptyField = new FieldWords(scratch, dictionary);
  }
  return emptyField;
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

function positionMap(ids: Int32Array, from: number, length: number): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (let position = 0; position < length; position++) {
    const id = ids[from + position]!;
    const list = map.get(id);
    if (list) list.push(position);
    else map.set(id, [position]);
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
