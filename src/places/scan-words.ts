// Words of a text as the place tagger compares them: folded (no diacritics, lower case, numbers
// without leading zeros) for lookup, tone-normalised lower case for the diacritics check, and
// the facts about how each was written that decide whether a bare name counts.
import { placeTone } from '../analysis/normalize/index.js';
import { foldDiacritics } from '../text/fold.js';
import { wordRuns } from '../text/word-chars.js';

export interface ScannedWord {
  /** As written (NFC). */
  text: string;
  /** Folded: "Quận" -> "quan", "01" -> "1". */
  fold: string;
  /** Lower case, one tone-mark placement. */
  accent: string;
  start: number;
  end: number;
  /** First letter upper case. */
  capital: boolean;
  /** Carries a Vietnamese diacritic. */
  marked: boolean;
  /** Immediately followed by a full stop ("Q.", "TP."). */
  dotAfter: boolean;
  /** Separated from the previous word by punctuation (a comma, a full stop, a bracket). */
  breakBefore: boolean;
  /** Joined to the previous word by a hyphen, or by the dot of a short abbreviation ("TP.HCM"). */
  joinedBefore: boolean;
}

export interface ScannedText {
  words: ScannedWord[];
  /** Share of words written with diacritics (low: the writer typed without them). */
  markedShare: number;
  /** Share of words written with a capital first letter (near 0: the writer types in lower case). */
  capitalShare: number;
}

/** "Q1", "P10", "F7": a unit letter glued to its number. */
const GLUED = /^([qpfQPF])(\d{1,2})$/;
const CAPITAL = /^\p{Lu}/u;

/** Folded form of one word or name: lower case, no diacritics, numbers without leading zeros. */
export function foldWord(word: string): string {
  const hit = folds.get(word);
  if (hit !== undefined) return hit;
  const f = foldDiacritics(word);
  const out = /^\d+$/.test(f) ? String(Number(f)) : f;
  remember(folds, word, out);
  return out;
}

// Words repeat (Zipf), and folding is most of the tagger's time: both forms are memoised.
const CACHE_LIMIT = 100_000;
const folds = new Map<string, string>();
const accents = new Map<string, string>();
function remember(cache: Map<string, string>, key: string, value: string): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

/** Lower case with one tone-mark placement, so "Hoà" and "Hòa" compare equal. */
export function accentWord(word: string): string {
  const hit = accents.get(word);
  if (hit !== undefined) return hit;
  const out = placeTone(word.normalize('NFC').toLowerCase());
  remember(accents, word, out);
  return out;
}

/** What a word's spelling says, the same wherever it stands: worked out once per spelling. */
export interface WordFacts {
  fold: string;
  accent: string;
  capital: boolean;
  marked: boolean;
  /** Digits only. */
  digits: boolean;
  /** A unit letter glued to its number ("Q1"): the two parts; else undefined. */
  glued: [string, string] | undefined;
}

const facts = new Map<string, WordFacts>();

export function factsOf(text: string): WordFacts {
  let f = facts.get(text);
  if (f === undefined) {
    const fold = foldWord(text);
    const digits = DIGITS.test(text);
    const glued = GLUED.exec(text);
    f = {
      fold,
      accent: accentWord(text),
      capital: CAPITAL.test(text),
      marked: fold !== text.toLowerCase() && !digits,
      digits,
      glued: glued ? [glued[1]!, glued[2]!] : undefined,
    };
    if (facts.size >= CACHE_LIMIT) facts.clear();
    facts.set(text, f);
  }
  return f;
}

const DIGITS = /^\d+$/;

/** White space as /\s/ reads it. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `source[from, to)` holds something other than white space. */
function hasNonSpace(source: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(source.charCodeAt(i))) return true;
  return false;
}

/** `source[from, to)` is a hyphen or en dash, with white space around it or not. */
function isDash(source: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && isSpace(source.charCodeAt(i))) i++;
  if (i >= to) return false;
  const c = source.charCodeAt(i);
  if (c !== 0x2d && c !== 0x2013) return false;
  for (i++; i < to; i++) if (!isSpace(source.charCodeAt(i))) return false;
  return true;
}

function push(
  words: ScannedWord[],
  text: string,
  f: WordFacts,
  source: string,
  start: number,
): void {
  const end = start + text.length;
  const prev = words.length === 0 ? undefined : words[words.length - 1]!;
  const gapFrom = prev === undefined ? start : prev.end;
  words.push({
    text,
    fold: f.fold,
    accent: f.accent,
    start,
    end,
    capital: f.capital,
    marked: f.marked,
    dotAfter: source.charCodeAt(end) === 0x2e,
    breakBefore: prev === undefined || hasNonSpace(source, gapFrom, start),
    joinedBefore:
      isDash(source, gapFrom, start) ||
      (start - gapFrom === 1 &&
        source.charCodeAt(gapFrom) === 0x2e &&
        (prev?.text.length ?? 9) <= 2),
  });
}

const runs: number[] = [];

/** Split an NFC text into words. Offsets refer to `text.normalize('NFC')`. */
export function scanWords(raw: string): ScannedText {
  const text = raw.normalize('NFC');
  const words: ScannedWord[] = [];
  let marked = 0;
  let capital = 0;
  let letters = 0;
  const count = wordRuns(text, runs);
  for (let k = 0; k < count; k++) {
    const start = runs[2 * k]!;
    const word = text.slice(start, runs[2 * k + 1]!);
    const f = factsOf(word);
    if (f.glued !== undefined) {
      push(words, f.glued[0], factsOf(f.glued[0]), text, start);
      push(words, f.glued[1], factsOf(f.glued[1]), text, start + 1);
      continue;
    }
    push(words, word, f, text, start);
    const c = word.charCodeAt(0);
    if (!(c >= 0x30 && c <= 0x39)) {
      letters++;
      if (f.marked) marked++;
      if (f.capital) capital++;
    }
  }
  // Text in capitals says nothing about proper nouns.
  const shouting =
    letters >= 4 &&
    capital / letters > 0.7 &&
    words.filter(
      (w) => w.text.length > 1 && w.text === w.text.toUpperCase() && /\p{L}/u.test(w.text),
    ).length /
      letters >
      0.6;
  if (shouting) for (const w of words) w.capital = false;
  return {
    words,
    markedShare: letters === 0 ? 0 : marked / letters,
    capitalShare: letters === 0 ? 0 : capital / letters,
  };
}
