// Text -> words: tokenize, segment each run of word tokens, keep other tokens as they are.
import { normalizeWord } from '../normalize/normalize-text.js';
import type { TextRegister } from '../normalize/register.js';
import { type Token, tokenize } from '../normalize/tokenize.js';
import { loadDefaultSegmenter } from './load-model.js';
import type { WordSegmenter } from './word-segmenter.js';

/**
 * Append the syllables the segmenter sees for one word token: its written form (case kept, so
 * names stay recognisable) unless teencode expansion changed it, then the expansion's syllables.
 * Returns true when a syllable with capitals was appended (`norm` is always lower case).
 */
function pushSyllables(token: Token, run: string[]): boolean {
  // Lower-case text already in normal form (most social writing) is its own syllable.
  if (token.text === token.norm) {
    run.push(token.norm);
    return false;
  }
  const cased = normalizeWord(token.text);
  if (cased.toLowerCase() === token.norm) {
    run.push(cased);
    return cased !== token.norm;
  }
  for (const s of token.norm.split(' ')) run.push(s);
  return false;
}

/** Segment one run of syllables onto `out`, lower-cased (a no-op skipped for lower-case runs). */
function flushRun(run: string[], hasCapitals: boolean, segmenter: WordSegmenter, out: string[]) {
  if (run.length === 0) return;
  if (hasCapitals) for (const w of segmenter.segment(run)) out.push(w.toLowerCase());
  else for (const w of segmenter.segment(run)) out.push(w);
  run.length = 0;
}

/**
 * Segment free text into lower-case normalised words (syllables joined by `_`). Non-word tokens
 * (numbers, URLs, mentions, hashtags, emoji, punctuation) are kept in place as their `norm`.
 */
export function segmentText(
  text: string,
  segmenter: WordSegmenter = loadDefaultSegmenter(),
  register?: TextRegister,
): string[] {
  return segmentTokens(tokenize(text, register), segmenter);
}

/** segmentText for text already tokenised (the pipeline tokenises once for every stage). */
export function segmentTokens(
  tokens: readonly Token[],
  segmenter: WordSegmenter = loadDefaultSegmenter(),
): string[] {
  const out: string[] = [];
  const run: string[] = [];
  let hasCapitals = false;
  for (const token of tokens) {
    if (token.kind === 'word') {
      if (pushSyllables(token, run)) hasCapitals = true;
    } else {
      flushRun(run, hasCapitals, segmenter, out);
      hasCapitals = false;
      out.push(token.norm);
    }
  }
  flushRun(run, hasCapitals, segmenter, out);
  return out;
}
