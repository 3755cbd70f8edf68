// Multi-syllable word dictionary held as an open-addressing table of n-gram hashes: lookups
// allocate nothing and never touch strings.
import { hashSyllable, mix } from './syllable-hash.js';

/** Longest dictionary entry, in syllables, that lookups consider. */
export const MAX_WORD_SYLLABLES = 4;

const EMPTY = 0;
const SEED = 0x2545f491;

/** Hash of a syllable n-gram; extends one syllable at a time (prefix hashes are reused). */
function extend(h: number, syllableHash: number): number {
  return mix(h, syllableHash) | 1; // never EMPTY
}

export class WordDictionary {
  private table = new Uint32Array(1 << 12);
  private count = 0;

  /** Add a word written with spaces or underscores between syllables ("thành phố", "hồ_chí_minh"). */
  add(word: string): void {
    const syllables = word
      .trim()
      .split(/[\s_]+/u)
      .filter((s) => s !== '');
    if (syllables.length < 2 || syllables.length > MAX_WORD_SYLLABLES) return;
    let h = SEED;
    for (const s of syllables) h = extend(h, hashSyllable(s));
    this.insert(h >>> 0);
  }

  private insert(key: number): void {
    if ((this.count + 1) * 3 > this.table.length) this.grow();
    const mask = this.table.length - 1;
    let slot = key & mask;
    while (this.table[slot] !== EMPTY) {
      if (this.table[slot] === key) return;
      slot = (slot + 1) & mask;
    }
    this.table[slot] = key;
    this.count++;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.count = 0;
    for (const key of old) if (key !== EMPTY) this.insert(key);
  }

  private contains(key: number): boolean {
    const mask = this.table.length - 1;
    let slot = key & mask;
    for (;;) {
      const k = this.table[slot]!;
      if (k === key) return true;
      if (k === EMPTY) return false;
      slot = (slot + 1) & mask;
    }
  }

  /** True when the syllable hashes [start .. start+length) spell a dictionary word. */
  has(hashes: ArrayLike<number>, start: number, length: number): boolean {
    let h = SEED;
    for (let i = start; i < start + length; i++) h = extend(h, hashes[i]!);
    return this.contains(h >>> 0);
  }

  /**
   * Bit (len - 2) set when [start .. start+len) is a word, for len 2..MAX_WORD_SYLLABLES within
   * `end`: one pass that reuses each prefix hash.
   */
  matchLengths(hashes: ArrayLike<number>, start: number, end: number): number {
    let h = extend(SEED, hashes[start]!);
    let bits = 0;
    const last = Math.min(end, start + MAX_WORD_SYLLABLES);
    for (let i = start + 1; i < last; i++) {
      h = extend(h, hashes[i]!);
      if (this.contains(h >>> 0)) bits |= 1 << (i - start - 1);
    }
    return bits;
  }

  get size(): number {
    return this.count;
  }

  static fromLines(text: string): WordDictionary {
    const dict = new WordDictionary();
    for (const line of text.split('\n')) {
      const word = line.replace(/\r$/, '').normalize('NFC');
      if (word !== '' && !word.startsWith('#')) dict.add(word);
    }
    return dict;
  }
}
