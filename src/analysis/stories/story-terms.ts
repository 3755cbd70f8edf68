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

/** What a text's words contribute, worked out once per distinct spelling (words repeat). */
interface WordForm {
  /** Accent-folded, lower case, after `normalizeWord`: the story term. */
  term: string;
  /** Starts with a capital (after `normalizeWord`). */
  upper: boolean;
  /** A content word unless named: not a stopword, not a lone digit. */
  content: boolean;
  /** `foldDiacritics` of the word as written: what near-duplicate shingles are made of. */
  folded: string;
}

const forms = new Map<string, WordForm>();

function formOf(word: string): WordForm {
  let form = forms.get(word);
  if (form === undefined) {
    if (forms.size >= 200_000) forms.clear();
    const normal = normalizeWord(word);
    const lower = normal.toLowerCase();
    form = {
      term: foldDiacritics(lower),
      upper: UPPER_START.test(normal),
      content: !stopwordSet().has(lower) && (!HAS_DIGIT.test(lower) || lower.length > 1),
      folded: foldDiacritics(word),
    };
    forms.set(word, form);
  }
  return form;
}

/**
 * Whole-text folding can join or split words differently from word-by-word folding only around
 * combining marks left after NFC (folding drops them) and capital sigma (lower-cased by its
 * context): such texts take the whole-text path.
 */
const FOLDS_ACROSS_WORDS = /[\p{M}\u03a3]/u;

/** Story terms and near-duplicate words of a text, read in one pass. */
export interface StoryTokens {
  /** Term counts, named terms counted `NAMED_WEIGHT` times (`strippedStoryTerms`). */
  terms: Map<string, number>;
  /** The text's accent-folded words (`foldedWords` of minhash.ts). */
  words: string[];
}

/** Term counts of a text, named terms counted `NAMED_WEIGHT` times. */
export function storyTerms(text: string): Map<string, number> {
  return strippedStoryTerms(stripBoilerplate(text));
}

/** `storyTerms` of a text whose boilerplate is already stripped. */
export function strippedStoryTerms(stripped: string): Map<string, number> {
  return storyTokens(stripped).terms;
}

/**
 * One pass over a text whose boilerplate is already stripped. Clauses end at the punctuation
 * of CLAUSE, which holds no word character, so the text's words are the clauses' words in
 * order, and a clause ends between two words where the gap holds a CLAUSE match.
 */
export function storyTokens(stripped: string): StoryTokens {
  const counts = new Map<string, number>();
  const bump = (term: string, by: number) => counts.set(term, (counts.get(term) ?? 0) + by);
  const raw = stripped.match(WORD) ?? [];
  const clause: WordForm[] = [];
  const flushClause = () => {
    const n = clause.length;
    if (n === 0) return;
    // A capital on a clause's first word says nothing; inside a clause it marks a name. A
    // capitalised first word still counts as named when the name continues after it.
    let nextNamed = false;
    const named: boolean[] = new Array(n);
    for (let i = n - 1; i >= 0; i--) {
      const upper = clause[i]!.upper;
      named[i] = upper && (i > 0 || nextNamed);
      nextNamed = upper && i > 0;
    }
    for (let i = 0; i < n; i++) {
      const a = clause[i]!;
      if (!(named[i] || a.content)) continue;
      bump(a.term, named[i] ? NAMED_WEIGHT : 1);
      if (i + 1 < n) {
        const b = clause[i + 1]!;
        if (named[i + 1] || b.content) {
          bump(`${a.term} ${b.term}`, named[i] && named[i + 1] ? NAMED_WEIGHT : 1);
        }
      }
    }
    clause.length = 0;
  };
  const words: string[] = new Array(raw.length);
  let end = 0;
  let from = 0;
  for (let k = 0; k < raw.length; k++) {
    const word = raw[k]!;
    const start = stripped.indexOf(word, from);
    if (k > 0 && !(start - end === 1 && stripped.charCodeAt(end) === 32)) {
      if (CLAUSE.test(stripped.slice(end, start))) flushClause();
    }
    end = start + word.length;
    from = end;
    const form = formOf(word);
    clause.push(form);
    words[k] = form.folded;
  }
  flushClause();
  return {
    terms: counts,
    words: FOLDS_ACROSS_WORDS.test(stripped) ? (foldDiacritics(stripped).match(WORD) ?? []) : words,
  };
}
