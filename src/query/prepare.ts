// A document tokenised once, ready to be checked against any number of queries.
import { lowerNfc } from '../text/fold.js';
import { tokenize, tokenizeColumns, type WordColumns, type WordToken } from './tokenize.js';

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

/** The words of one text field with their positions, in folded and exact form. */
export class FieldWords {
  readonly folded: string[];
  readonly exact: string[];
  // Position maps are built on first use: the topic index reads the word lists, and only the
  // few topics it evaluates need positions; few queries ask for exact diacritics.
  private foldedPositionsCache: Map<string, number[]> | null = null;
  private exactPositionsCache: Map<string, number[]> | null = null;
  private foldedSorted: string[] | null = null;
  // Many topics share a wildcard; merging its positions once per document is enough.
  private readonly prefixPositions = new Map<string, number[]>();
  private exactSorted: string[] | null = null;

  constructor(tokens: WordToken[] | WordColumns) {
    if (Array.isArray(tokens)) {
      this.folded = tokens.map((token) => token.folded);
      this.exact = tokens.map((token) => token.exact);
    } else {
      this.folded = tokens.folded;
      this.exact = tokens.exact;
    }
  }

  get foldedPositions(): Map<string, number[]> {
    if (this.foldedPositionsCache === null) {
      this.foldedPositionsCache = new Map();
      for (const [position, word] of this.folded.entries()) {
        addPosition(this.foldedPositionsCache, word, position);
      }
    }
    return this.foldedPositionsCache;
  }

  private get exactPositions(): Map<string, number[]> {
    if (this.exactPositionsCache === null) {
      this.exactPositionsCache = new Map();
      for (const [position, word] of this.exact.entries()) {
        addPosition(this.exactPositionsCache, word, position);
      }
    }
    return this.exactPositionsCache;
  }

  has(word: string, exact: boolean): boolean {
    return (exact ? this.exactPositions : this.foldedPositions).has(word);
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
    if (!prefix) return byWord.get(word) ?? NO_POSITIONS;
    const cacheKey = `${exact ? '=' : ''}${word}`;
    const cached = this.prefixPositions.get(cacheKey);
    if (cached) return cached;
    const sorted = this.sortedWords(exact);
    const merged: number[] = [];
    for (let i = lowerBound(sorted, word); i < sorted.length && sorted[i]!.startsWith(word); i++) {
      merged.push(...byWord.get(sorted[i]!)!);
    }
    merged.sort((a, b) => a - b);
    this.prefixPositions.set(cacheKey, merged);
    return merged;
  }

  private sortedWords(exact: boolean): string[] {
    if (exact) {
      this.exactSorted ??= [...this.exactPositions.keys()].sort();
      return this.exactSorted;
    }
    this.foldedSorted ??= [...this.foldedPositions.keys()].sort();
    return this.foldedSorted;
  }
}

export interface PreparedDocument {
  title: FieldWords;
  text: FieldWords;
  /** Every folded word of title and text, for the topic index's anchor lookup. */
  foldedWords: ReadonlySet<string>;
  /** Every two consecutive folded words of one field, joined by a space, for the same. */
  foldedPairs: ReadonlySet<string>;
  /** Lower-cased; empty string when unknown. */
  platform: string;
  lang: string | null;
  sentiment: string | null;
  /** Lower-cased host of the URL, without a trailing dot. */
  host: string | null;
  sourceIds: readonly number[];
  sourceNames: readonly WordToken[][];
  places: ReadonlySet<string>;
  sectors: ReadonlySet<string>;
}

const NO_POSITIONS: readonly number[] = [];

export function prepareDocument(doc: MatchDocument): PreparedDocument {
  const title = new FieldWords(tokenizeColumns(doc.title ?? ''));
  const text = new FieldWords(tokenizeColumns(doc.text));
  let foldedWords: Set<string> | null = null;
  let foldedPairs: Set<string> | null = null;
  const { url, sourceNames: names = [], places: placeCodes = [], sectors: sectorIds = [] } = doc;
  let host: string | null | undefined;
  let sourceNames: WordToken[][] | null = null;
  let places: Set<string> | null = null;
  let sectors: Set<string> | null = null;
  return {
    title,
    text,
    get foldedWords() {
      if (foldedWords === null) {
        foldedWords = new Set(title.folded);
        for (const word of text.folded) foldedWords.add(word);
      }
      return foldedWords;
    },
    get foldedPairs() {
      foldedPairs ??= wordPairs([title.folded, text.folded]);
      return foldedPairs;
    },
    platform: lowerNfc(doc.platform),
    lang: doc.lang === null ? null : lowerNfc(doc.lang).replace(/_/g, '-'),
    sentiment: doc.sentiment === null ? null : lowerNfc(doc.sentiment),
    // Read by site:, source: and place: queries only.
    get host() {
      if (host === undefined) host = hostOf(url);
      return host;
    },
    sourceIds: doc.sourceIds ?? [],
    get sourceNames() {
      sourceNames ??= names.map(tokenize);
      return sourceNames;
    },
    get places() {
      places ??= new Set(placeCodes);
      return places;
    },
    get sectors() {
      sectors ??= new Set(sectorIds);
      return sectors;
    },
  };
}

function wordPairs(fields: readonly string[][]): Set<string> {
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

function addPosition(map: Map<string, number[]>, word: string, position: number): void {
  const list = map.get(word);
  if (list) list.push(position);
  else map.set(word, [position]);
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
