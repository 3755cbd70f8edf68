// Text -> words: tokenize, segment each run of word tokens, keep other tokens as they are.
import { normalizeWord } from '../normalize/normalize-text.js';
import { type Token, tokenize } from '../normalize/tokenize.js';
import { loadDefaultSegmenter } from './load-model.js';
import type { WordSegmenter } from './word-segmenter.js';

/**
 * Syllables the segmenter sees for one word token: its written form (case kept, so names stay
 * recognisable) unless teencode expansion changed it, then the expansion's syllables.
 */
function syllablesOf(token: Token): string[] {
  const cased = normalizeWord(token.text);
  if (cased.toLowerCase() === token.norm) return [cased];
  return token.norm.split(' ');
}

/**
 * Segment free text into lower-case normalised words (syllables joined by `_`). Non-word tokens
 * (numbers, URLs, mentions, hashtags, emoji, punctuation) are kept in place as their `norm`.
 */
export function segmentText(
  text: string,
  segmenter: WordSegmenter = loadDefaultSegmenter(),
): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    for (const w of segmenter.segment(run)) out.push(w.toLowerCase());
    run = [];
  };
  for (const token of tokenize(text)) {
    if (token.kind === 'word') {
      for (const s of syllablesOf(token)) run.push(s);
    } else {
      flush();
      out.push(token.norm);
    }
  }
  flush();
  return out;
}
