// The terms a story is recognised by: content syllables, adjacent syllable pairs (most
// Vietnamese words are two syllables, so pairs stand in for words without running the
// segmenter) and named phrases (capitalised runs: people, places, organisations), which weigh
// double because they pin an event down. Terms are accent-folded so texts without diacritics
// still match. Ingest reads them as integer ids (term-dictionary.ts); these functions spell
// them out.

import { stripBoilerplate } from './strip-boilerplate.js';
import { NAMED_WEIGHT, TermDictionary } from './term-dictionary.js';

export { NAMED_WEIGHT };

/** Story terms and near-duplicate words of a text, read in one pass. */
export interface StoryTokens {
  /** Term counts, named terms counted `NAMED_WEIGHT` times (`strippedStoryTerms`). */
  terms: Map<string, number>;
  /** The text's accent-folded words (`foldedWords` of minhash.ts). */
  words: string[];
}

let shared = new TermDictionary();

/** Term counts of a text, named terms counted `NAMED_WEIGHT` times. */
export function storyTerms(text: string): Map<string, number> {
  return strippedStoryTerms(stripBoilerplate(text));
}

/** `storyTerms` of a text whose boilerplate is already stripped. */
export function strippedStoryTerms(stripped: string): Map<string, number> {
  return storyTokens(stripped).terms;
}

/** Story terms (spelt out) and accent-folded words of a text whose boilerplate is stripped. */
export function storyTokens(stripped: string): StoryTokens {
  // Ids are only a step here: a dictionary grown large is started afresh.
  if (shared.size > 500_000) shared = new TermDictionary();
  const { terms, words } = shared.read(stripped);
  const out = new Map<string, number>();
  for (let k = 0; k < terms.length; k++) out.set(shared.name(terms.ids[k]!), terms.counts[k]!);
  return { terms: out, words };
}
