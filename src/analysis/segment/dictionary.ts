// Multi-syllable word dictionary held as a set of n-gram hashes.
import { hashRange, hashSyllable } from './syllable-hash.js';

/** Longest dictionary entry, in syllables, that lookups consider. */
export const MAX_WORD_SYLLABLES = 4;

export class WordDictionary {
  private readonly entries = new Set<number>();

  /** Add a word written with spaces or underscores between syllables ("thành phố", "hồ_chí_minh"). */
  add(word: string): void {
    const syllables = word
      .trim()
      .split(/[\s_]+/u)
      .filter((s) => s !== '');
    if (syllables.length < 2 || syllables.length > MAX_WORD_SYLLABLES) return;
    this.entries.add(hashRange(syllables.map(hashSyllable), 0, syllables.length));
  }

  /** True when hashes[start .. start+length) spells a dictionary word. */
  has(hashes: ArrayLike<number>, start: number, length: number): boolean {
    return this.entries.has(hashRange(hashes, start, length));
  }

  get size(): number {
    return this.entries.size;
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
