// Words of a text as the place tagger compares them: folded (no diacritics, lower case, numbers
// without leading zeros) for lookup, tone-normalised lower case for the diacritics check, and
// the facts about how each was written that decide whether a bare name counts.
import { placeTone } from '../analysis/normalize/index.js';
import { foldDiacritics } from '../text/fold.js';

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

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
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

function push(words: ScannedWord[], text: string, source: string, start: number): void {
  const end = start + text.length;
  const fold = foldWord(text);
  const lower = text.toLowerCase();
  const between = words.length === 0 ? '' : source.slice(words[words.length - 1]!.end, start);
  words.push({
    text,
    fold,
    accent: accentWord(text),
    start,
    end,
    capital: CAPITAL.test(text),
    marked: fold !== lower && !/^\d+$/.test(text),
    dotAfter: source[end] === '.',
    breakBefore: words.length === 0 || /[^\s]/.test(between),
    joinedBefore:
      /^\s*[-–]\s*$/.test(between) ||
      (between === '.' && (words[words.length - 1]?.text.length ?? 9) <= 2),
  });
}

/** Split an NFC text into words. Offsets refer to `text.normalize('NFC')`. */
export function scanWords(raw: string): ScannedText {
  const text = raw.normalize('NFC');
  const words: ScannedWord[] = [];
  let marked = 0;
  let capital = 0;
  let letters = 0;
  for (const m of text.matchAll(WORD)) {
    const glued = GLUED.exec(m[0]);
    if (glued) {
      push(words, glued[1]!, text, m.index);
      push(words, glued[2]!, text, m.index + 1);
      continue;
    }
    push(words, m[0], text, m.index);
    const w = words[words.length - 1]!;
    if (!/^\d/.test(w.text)) {
      letters++;
      if (w.marked) marked++;
      if (w.capital) capital++;
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
