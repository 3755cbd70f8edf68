// Keyword extraction from segmented words: frequency x length scoring, no model.
import { normalizeText } from '../normalize/normalize-text.js';
import { englishStopwords, vietnameseStopwords } from './stopwords.js';

export const DEFAULT_KEYWORD_LIMIT = 10;

const HAS_LETTER = /\p{L}/u;
const EDGE_PUNCT = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
/** "500k", "9h", "1.500.000đ": amounts, not topics. */
const NUMBER_WITH_UNIT = /^[\p{N}.,:/]+\p{L}{0,3}$/u;
const NON_TERM = /^(?:[@#]|emo_)|:\/\/|^www\.|@/u;

export interface Candidate {
  term: string;
  count: number;
  length: number;
  first: number;
  /** Words (segmented units) in the term. */
  words: number;
}

const TERM_CACHE_LIMIT = 100_000;
/** word -> termOf(word); a few thousand words make up most of any stream of posts. */
const termCache = new Map<string, string | null>();

/** Normalised, `_` -> space form of a word; null for anything that cannot be a keyword. */
function termOf(word: string): string | null {
  let term = termCache.get(word);
  if (term === undefined) {
    term = computeTerm(word);
    if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
    termCache.set(word, term);
  }
  return term;
}

function computeTerm(word: string): string | null {
  const lower = normalizeText(word);
  if (NON_TERM.test(lower)) return null;
  const w = lower.replace(EDGE_PUNCT, '');
  if (!HAS_LETTER.test(w) || NUMBER_WITH_UNIT.test(w)) return null;
  return w.replaceAll('_', ' ');
}

/** Syllables (space-separated parts) in a term, counted without splitting. */
function partCount(term: string): number {
  let n = 1;
  for (let i = term.indexOf(' '); i !== -1; i = term.indexOf(' ', i + 1)) n++;
  return n;
}

function tally(
  map: Map<string, Candidate>,
  term: string,
  length: number,
  pos: number,
  words = 1,
): void {
  const c = map.get(term);
  if (c !== undefined) c.count++;
  else map.set(term, { term, count: 1, length, first: pos, words });
}

/** Split the word list into runs of candidate terms, broken at stopwords and non-terms. */
function contentRuns(words: string[], stop: Set<string>): { term: string; pos: number }[][] {
  const runs: { term: string; pos: number }[][] = [];
  let run: { term: string; pos: number }[] = [];
  words.forEach((word, pos) => {
    const term = termOf(word);
    if (term === null || stop.has(term)) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push({ term, pos });
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Texts of up to this many words compare their word pairs one by one instead of keying them. */
const PAIRS_COMPARED = 48;
// A short text's pairs of adjacent terms: first term, second term, position, syllables; reused.
const pairFirst: string[] = [];
const pairSecond: string[] = [];
const pairPos: number[] = [];
const pairSyllables: number[] = [];
/** 1: the pair equals an earlier one. */
const pairSeen: number[] = [];

/** `${a} ${b}` === `${c} ${d}`, mostly without building either. */
function sameBigram(a: string, b: string, c: string, d: string): boolean {
  if (a.length + b.length !== c.length + d.length) return false;
  if (a.length === c.length) return a === c && b === d;
  // Terms may hold spaces: "x y" + "z" reads as "x" + "y z".
  return `${a} ${b}` === `${c} ${d}`;
}

/**
 * Multi-syllable words and recurring pairs of a Vietnamese text. `compared`: up to how many
 * words pairs are compared one by one rather than keyed (exported for the test of both ways).
 */
export function vietnameseCandidates(
  words: string[],
  stop: Set<string>,
  compared = PAIRS_COMPARED,
): Map<string, Candidate> {
  const found = new Map<string, Candidate>();
  const keyed = words.length > compared;
  const bigrams = keyed ? new Map<string, Candidate>() : undefined;
  let pairs = 0;
  let prev: string | null = null;
  let prevPos = 0;
  let prevSyllables = 0;
  for (let pos = 0; pos < words.length; pos++) {
    const term = termOf(words[pos]!);
    if (term === null || stop.has(term)) {
      prev = null;
      continue;
    }
    const syllables = partCount(term);
    if (syllables >= 2) tally(found, term, syllables, pos);
    if (prev !== null) {
      if (bigrams !== undefined) {
        tally(bigrams, `${prev} ${term}`, prevSyllables + syllables, prevPos, 2);
      } else {
        pairFirst[pairs] = prev;
        pairSecond[pairs] = term;
        pairPos[pairs] = prevPos;
        pairSyllables[pairs] = prevSyllables + syllables;
        pairSeen[pairs] = 0;
        pairs++;
      }
    }
    prev = term;
    prevPos = pos;
    prevSyllables = syllables;
  }
  if (bigrams !== undefined) {
    for (const c of bigrams.values()) if (c.count >= 2) found.set(c.term, c);
    return found;
  }
  // The pairs seen twice or more, in the order they first occur, as the keyed tally gives them.
  for (let i = 0; i < pairs; i++) {
    if (pairSeen[i] === 1) continue;
    const a = pairFirst[i]!;
    const b = pairSecond[i]!;
    let count = 1;
    for (let j = i + 1; j < pairs; j++) {
      if (pairSeen[j] === 0 && sameBigram(a, b, pairFirst[j]!, pairSecond[j]!)) {
        pairSeen[j] = 1;
        count++;
      }
    }
    if (count < 2) continue;
    const term = `${a} ${b}`;
    found.set(term, { term, count, length: pairSyllables[i]!, first: pairPos[i]!, words: 2 });
  }
  return found;
}

function phraseCandidates(words: string[], stop: Set<string>): Map<string, Candidate> {
  const grams = new Map<string, Candidate>();
  const wholeRuns = new Set<string>();
  for (const run of contentRuns(words, stop)) {
    if (run.length <= 3) wholeRuns.add(run.map((r) => r.term).join(' '));
    for (let i = 0; i < run.length; i++) {
      let phrase = '';
      for (let n = 1; n <= 3 && i + n <= run.length; n++) {
        const part = run[i + n - 1]!.term;
        phrase = n === 1 ? part : `${phrase} ${part}`;
        tally(grams, phrase, partCount(phrase), run[i]!.pos, n);
      }
    }
  }
  // A multi-word phrase counts when it recurs or is a whole stopword-bounded phrase.
  const found = new Map<string, Candidate>();
  for (const c of grams.values()) {
    if (c.term.length < 2) continue; // single letters are noise
    if (c.words === 1 || c.count >= 2 || wholeRuns.has(c.term)) found.set(c.term, c);
  }
  return found;
}

let mixed: Set<string> | undefined;

/** Vietnamese and English stopwords together, for text in another or an unknown language. */
function mixedStopwords(): Set<string> {
  mixed ??= new Set([...vietnameseStopwords(), ...englishStopwords()]);
  return mixed;
}

/**
 * Keywords of a segmented text, best first. Vietnamese ("vi"): multi-syllable words
 * ("thành phố") and recurring pairs of adjacent content words. Other languages: stopword-bounded
 * phrases of 1-3 words. Score = frequency x length in syllables/words; ties go to the term seen
 * first. A term is dropped when a longer chosen term contains it and occurs as often.
 */
export function extractKeywords(
  words: string[],
  lang: string | null,
  limit: number = DEFAULT_KEYWORD_LIMIT,
): string[] {
  const code = (lang ?? '').toLowerCase();
  const isVietnamese = code === 'vi' || code.startsWith('vi-') || code === 'vie';
  const isEnglish = code === 'en' || code.startsWith('en-') || code === 'eng';
  let candidates: Map<string, Candidate>;
  if (isVietnamese) candidates = vietnameseCandidates(words, vietnameseStopwords());
  else if (isEnglish) candidates = phraseCandidates(words, englishStopwords());
  else {
    const both = mixedStopwords();
    candidates = words.some((w) => w.includes('_'))
      ? vietnameseCandidates(words, both)
      : phraseCandidates(words, both);
  }
  const ranked = [...candidates.values()].sort(
    (a, b) =>
      b.count * b.length - a.count * a.length || a.first - b.first || (a.term < b.term ? -1 : 1),
  );
  const chosen: Candidate[] = [];
  // Terms padded with spaces, so containment is whole words only; made once per term.
  const paddedChosen: string[] = [];
  for (const c of ranked) {
    if (chosen.length >= limit) break;
    const padded = ` ${c.term} `;
    let subsumed = false;
    for (let i = 0; i < chosen.length && !subsumed; i++) {
      subsumed = chosen[i]!.count >= c.count && paddedChosen[i]!.includes(padded);
    }
    if (!subsumed) {
      chosen.push(c);
      paddedChosen.push(padded);
    }
  }
  return chosen.map((c) => c.term);
}
