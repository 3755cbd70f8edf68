/** Splits a sentence's syllables into words; a word's syllables are joined by `_`. */
export interface WordSegmenter {
  segment(syllables: string[]): string[];
}

/** Join syllables into words given one join/split decision per gap (true = same word). */
export function joinByGaps(syllables: string[], joins: ArrayLike<boolean | number>): string[] {
  const words: string[] = [];
  let current = syllables[0];
  if (current === undefined) return words;
  for (let i = 1; i < syllables.length; i++) {
    if (joins[i - 1]) current += `_${syllables[i]!}`;
    else {
      words.push(current);
      current = syllables[i]!;
    }
  }
  words.push(current);
  return words;
}
