// The terms a story is recognised by: content syllables, adjacent syllable pairs (most
// Vietnamese words are two syllables, so pairs stand in for words without running the
// segmenter) and named phrases (capitalised runs: people, places, organisations), which weigh
// double because they pin an event down. Terms are accent-folded so texts without diacritics
// still match.
import { foldDiacritics } from '../../text/fold.js';
import { englishStopwords, vietnameseStopwords } from '../keywords/index.js';
import { normalizeWord } from '../normalize/index.js';
import { stripBoilerplate } from './strip-boilerplate.js';

/** Weight of a named word or phrase against a common one. */
export const NAMED_WEIGHT = 2;

/** Clause boundaries: no pair spans them. */
const CLAUSE = /[.,;:!?()[\]{}"“”‘’'…|/\\–—]+|\s-\s|\n/u;
const WORD = /[\p{L}\p{N}]+/gu;
const UPPER_START = /^\p{Lu}/u;
const HAS_DIGIT = /\p{N}/u;

let stopwords: Set<string> | undefined;
const foldCache = new Map<string, string>();

/** Folding normalises every word to NFD and back; words repeat, so it is cached. */
function foldWord(word: string): string {
  let out = foldCache.get(word);
  if (out === undefined) {
    if (foldCache.size >= 200_000) foldCache.clear();
    out = foldDiacritics(word);
    foldCache.set(word, out);
  }
  return out;
}

/** Single-syllable stopwords, lower case NFC: multi-syllable entries are made of these anyway. */
function stopwordSet(): Set<string> {
  if (!stopwords) {
    stopwords = new Set();
    for (const w of [...vietnameseStopwords(), ...englishStopwords()]) {
      if (!w.includes(' ')) stopwords.add(w);
    }
  }
  return stopwords;
}

/** Term counts of a text, named terms counted `NAMED_WEIGHT` times. */
export function storyTerms(text: string): Map<string, number> {
  return strippedStoryTerms(stripBoilerplate(text));
}

/** `storyTerms` of a text whose boilerplate is already stripped. */
export function strippedStoryTerms(stripped: string): Map<string, number> {
  const stop = stopwordSet();
  const counts = new Map<string, number>();
  const bump = (term: string, by: number) => counts.set(term, (counts.get(term) ?? 0) + by);
  for (const clause of stripped.split(CLAUSE)) {
    const raw = clause.match(WORD);
    if (!raw) continue;
    const words = raw.map((w) => normalizeWord(w));
    const lower = words.map((w) => w.toLowerCase());
    const folded = lower.map(foldWord);
    // A capital on a clause's first word says nothing; inside a clause it marks a name. A
    // capitalised first word still counts as named when the name continues after it.
    const named = words.map((w, i) => UPPER_START.test(w) && i > 0);
    for (let i = 0; i + 1 < words.length; i++) {
      if (UPPER_START.test(words[i]!) && named[i + 1]) named[i] = true;
    }
    const content = lower.map(
      (w, i) => named[i] || (!stop.has(w) && (!HAS_DIGIT.test(w) || w.length > 1)),
    );
    for (let i = 0; i < words.length; i++) {
      if (content[i]) bump(folded[i]!, named[i] ? NAMED_WEIGHT : 1);
      if (i + 1 < words.length && content[i] && content[i + 1]) {
        bump(`${folded[i]} ${folded[i + 1]}`, named[i] && named[i + 1] ? NAMED_WEIGHT : 1);
      }
    }
  }
  return counts;
}
