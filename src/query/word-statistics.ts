// Document frequencies of folded words and word pairs, learned from the mentions that pass
// through, so the topic index can anchor each topic on its rarest required words instead of a
// guess from word shape.
import type { Anchor } from './anchors.js';
import { guessShare } from './anchors.js';
import { lowerBound, type PreparedDocument } from './prepare.js';

/** Distinct words and pairs remembered; later newcomers are not counted (they are rare anyway). */
const MAX_KEYS = 500_000;

export class WordStatistics {
  private documents = 0;
  private readonly counts = new Map<string, number>();
  private sortedWords: string[] | null = null;
  private prefixSums: number[] | null = null;

  get observed(): number {
    return this.documents;
  }

  observe(doc: PreparedDocument): void {
    this.documents++;
    this.sortedWords = null;
    this.prefixSums = null;
    for (const word of doc.foldedWords) this.count(word);
    for (const pair of doc.foldedPairs) this.count(pair);
  }

  /**
   * Estimated share of documents containing the anchor. Below `minDocuments` observations the
   * counts say little and the shape-based guess is used.
   */
  share(anchor: Anchor, minDocuments = 200): number {
    if (this.documents < minDocuments) return guessShare(anchor);
    const count = anchor.prefix
      ? this.prefixCount(anchor.word)
      : (this.counts.get(anchor.word) ?? 0);
    return Math.min(1, (count + 0.5) / (this.documents + 1));
  }

  private count(key: string): void {
    const current = this.counts.get(key);
    if (current !== undefined) this.counts.set(key, current + 1);
    else if (this.counts.size < MAX_KEYS) this.counts.set(key, 1);
  }

  // Sum of the counts of words starting with the prefix: an upper bound on its document share.
  private prefixCount(prefix: string): number {
    if (this.sortedWords === null || this.prefixSums === null) {
      this.sortedWords = [...this.counts.keys()].filter((key) => !key.includes(' ')).sort();
      this.prefixSums = [0];
      for (const word of this.sortedWords) {
        this.prefixSums.push(this.prefixSums[this.prefixSums.length - 1]! + this.counts.get(word)!);
      }
    }
    const from = lowerBound(this.sortedWords, prefix);
    const to = lowerBound(this.sortedWords, `${prefix}\uffff`);
    return this.prefixSums[to]! - this.prefixSums[from]!;
  }
}
