// Word-level precision / recall / F1 against gold segmentation (words joined by `_`).
import type { WordSegmenter } from './word-segmenter.js';

export interface GoldSentence {
  syllables: string[];
  words: string[];
}

/** Parse gold text: one sentence a line, words separated by spaces, syllables by `_`. */
export function parseGoldCorpus(text: string): GoldSentence[] {
  const out: GoldSentence[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').normalize('NFC').trim();
    if (line === '') continue;
    const words = line.split(/\s+/u).filter((w) => w !== '' && w !== '_');
    const syllables = words.flatMap((w) => w.split('_').filter((s) => s !== ''));
    out.push({
      syllables,
      words: words.map((w) =>
        w
          .split('_')
          .filter((s) => s !== '')
          .join('_'),
      ),
    });
  }
  return out;
}

const NO_LETTER_OR_DIGIT = /^[^\p{L}\p{N}]+$/u;

/**
 * Span keys "start:end" (syllable offsets) of a word sequence; punctuation-only words are left
 * out unless `countPunctuation`.
 */
function spans(words: string[], countPunctuation: boolean): Set<string> {
  const set = new Set<string>();
  let pos = 0;
  for (const w of words) {
    const len = w.split('_').length;
    if (countPunctuation || !NO_LETTER_OR_DIGIT.test(w)) set.add(`${pos}:${pos + len}`);
    pos += len;
  }
  return set;
}

export interface ScoreOptions {
  /** Count punctuation tokens as words (they are always right); true by default. */
  countPunctuation?: boolean;
}

export interface SegmentationScore {
  precision: number;
  recall: number;
  f1: number;
  goldWords: number;
}

export function scoreSegmenter(
  segmenter: WordSegmenter,
  gold: GoldSentence[],
  options: ScoreOptions = {},
): SegmentationScore {
  const countPunctuation = options.countPunctuation ?? true;
  let correct = 0;
  let predicted = 0;
  let expected = 0;
  for (const sentence of gold) {
    const want = spans(sentence.words, countPunctuation);
    const got = spans(segmenter.segment(sentence.syllables), countPunctuation);
    for (const s of got) if (want.has(s)) correct++;
    predicted += got.size;
    expected += want.size;
  }
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = expected === 0 ? 0 : correct / expected;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, goldWords: expected };
}
