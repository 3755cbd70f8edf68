import { eld } from 'eld/medium';
import { foldFast } from '../sentiment/fast-fold.js';
import {
  COMMON_LOANWORDS,
  FOLDED_VIETNAMESE_SYLLABLES,
  VIETNAMESE_MARKER_WORDS,
  VIETNAMESE_SHORTHAND,
} from './vietnamese-syllables.js';

// Language identification for short social text. Order of decisions:
//  1. strip what carries no language (URLs, @mentions, #tags, e-mails, digits, emoji);
//  2. non-Latin scripts decide by themselves (kana -> ja, hangul -> ko, Thai, Khmer …);
//  3. Vietnamese by its letters (ă â đ ê ô ơ ư and tone-marked vowels) or, without accents,
//     by the share of words that are Vietnamese syllables;
//  4. other Latin-script languages by the ELD n-gram detector (Apache-2.0).

export interface DetectedLanguage {
  /** ISO 639-1 code, or 'und' when the text gives too little to decide. */
  lang: string;
  /** 0..1. */
  confidence: number;
}

const UND: DetectedLanguage = { lang: 'und', confidence: 0 };

const NOISE =
  /(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|[@#][\p{L}\p{N}_]+|\p{N}+|\p{Extended_Pictographic}/gu;

// Code-point ranges of scripts that identify a language by themselves (checked in one pass).
const SCRIPT_RANGES: readonly [number, number, string][] = [
  [0xac00, 0xd7af, 'ko'],
  [0x1100, 0x11ff, 'ko'],
  [0x3130, 0x318f, 'ko'],
  [0x3040, 0x30ff, 'kana'],
  [0x4e00, 0x9fff, 'han'],
  [0x3400, 0x4dbf, 'han'],
  [0x0e00, 0x0e7f, 'th'],
  [0x0e80, 0x0eff, 'lo'],
  [0x1780, 0x17ff, 'km'],
  [0x1000, 0x109f, 'my'],
  [0x0400, 0x04ff, 'ru'],
  [0x0600, 0x06ff, 'ar'],
  [0x0590, 0x05ff, 'he'],
  [0x0370, 0x03ff, 'el'],
  [0x0900, 0x097f, 'hi'],
  [0x0980, 0x09ff, 'bn'],
  [0x0b80, 0x0bff, 'ta'],
];

function isLatinLetter(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
    (c >= 0x1e00 && c <= 0x1eff)
  );
}

// Letters found in Vietnamese and in no other major Latin orthography: ă, ơ, ư, đ and the
// precomposed tone-marked vowels of the Latin Extended Additional block.
function isVietnameseLetter(c: number): boolean {
  return (
    c === 0x103 ||
    c === 0x102 ||
    c === 0x1a1 ||
    c === 0x1a0 ||
    c === 0x1b0 ||
    c === 0x1af ||
    c === 0x111 ||
    c === 0x110 ||
    (c >= 0x1ea0 && c <= 0x1ef9)
  );
}

interface ScriptCounts {
  latin: number;
  vietnamese: number;
  other: Map<string, number>;
}

function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { latin: 0, vietnamese: 0, other: new Map() };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) counts.latin++;
      continue;
    }
    if (isLatinLetter(c)) {
      counts.latin++;
      if (isVietnameseLetter(c)) counts.vietnamese++;
      continue;
    }
    for (const [lo, hi, script] of SCRIPT_RANGES) {
      if (c >= lo && c <= hi) {
        counts.other.set(script, (counts.other.get(script) ?? 0) + 1);
        break;
      }
    }
  }
  return counts;
}

const UKRAINIAN_LETTER = /[іїєґІЇЄҐ]/u;
const WORD = /[\p{L}\p{M}]+/gu;

// Frequent English function words; a text with many of them is not accent-free Vietnamese
// even when each is spelled like a Vietnamese syllable ("to", "me", "the").
const ENGLISH_WORDS = new Set(
  `the to of and in on at is it be me he we an am can man you i my this that for with are was
  have not but so no do go by or if as up out all just`.split(/\s+/),
);

// What a word's folded form is, as bit flags; computed once per distinct word.
const LOANWORD = 1;
const SYLLABLE = 2;
const SHORTHAND = 4;
const MARKER = 8;
const ENGLISH = 16;
const CLASS_CACHE_LIMIT = 100_000;
const wordClasses = new Map<string, number>();

function wordClass(word: string): number {
  let bits = wordClasses.get(word);
  if (bits === undefined) {
    const folded = foldFast(word);
    bits =
      (COMMON_LOANWORDS.has(folded) ? LOANWORD : 0) |
      (FOLDED_VIETNAMESE_SYLLABLES.has(folded) ? SYLLABLE : 0) |
      (VIETNAMESE_SHORTHAND.has(folded) ? SHORTHAND : 0) |
      (VIETNAMESE_MARKER_WORDS.has(folded) ? MARKER : 0) |
      (ENGLISH_WORDS.has(folded) ? ENGLISH : 0);
    if (wordClasses.size >= CLASS_CACHE_LIMIT) wordClasses.clear();
    wordClasses.set(word, bits);
  }
  return bits;
}

/**
 * Share of words that are Vietnamese syllables (or shorthand) once folded, of frequent
 * Vietnamese words, and of English function words. Loanwords count for neither side.
 */
function vietnameseWordShare(words: readonly string[]) {
  let syllables = 0;
  let markers = 0;
  let english = 0;
  let counted = 0;
  for (const w of words) {
    const bits = wordClass(w);
    if (bits & LOANWORD) continue;
    counted++;
    if (bits & SYLLABLE) syllables++;
    else if (bits & SHORTHAND) {
      syllables++;
      markers++;
      continue;
    }
    if (bits & MARKER) markers++;
    if (bits & ENGLISH) english++;
  }
  const n = Math.max(1, counted);
  return { syllables: syllables / n, markers: markers / n, english: english / n, counted };
}

function detectLatin(text: string, words: readonly string[], vnLetters: number): DetectedLanguage {
  const { syllables, markers, english, counted } = vietnameseWordShare(words);
  // Few words are thin evidence: one word caps confidence at 0.6, five or more leave it whole.
  const evidence = Math.min(1, 0.5 + words.length / 10);
  if (vnLetters > 0 && syllables >= 0.5) {
    return { lang: 'vi', confidence: Math.min(1, 0.5 + syllables / 2) * evidence };
  }
  // Without accents: nearly every word a Vietnamese syllable, and some of them frequent
  // Vietnamese words, or a long run of syllables.
  if (
    counted > 0 &&
    syllables >= 0.8 &&
    (english < 0.3 || markers > english) &&
    (markers >= 0.2 || (words.length >= 5 && syllables >= 0.95))
  ) {
    return { lang: 'vi', confidence: Math.min(1, 0.4 + syllables / 2 + markers / 2) * evidence };
  }
  const result = eld.detect(text);
  const lang = result.language;
  if (!lang) return UND;
  const scores = result.getScores();
  const top = scores[lang] ?? 0;
  let second = 0;
  for (const [code, score] of Object.entries(scores)) {
    if (code !== lang && score > second) second = score;
  }
  // ELD knows Vietnamese too; trust it only when our syllable test agrees somewhat.
  if (lang === 'vi' && vnLetters === 0 && syllables < 0.6) return { lang: 'und', confidence: 0.2 };
  const margin = top - second;
  const confidence = Math.max(0, Math.min(1, top * 0.6 + margin * 2));
  if (words.length < 2 && !result.isReliable()) return { lang: 'und', confidence: 0.2 };
  if (confidence < 0.35) return { lang: 'und', confidence: Math.min(confidence, 0.3) };
  // One or two words are thin evidence whatever the scores say.
  return { lang, confidence: words.length < 3 ? confidence * 0.6 : confidence };
}

const NEEDS_CLEANING = /[/@#\d\uD800-\uDFFF\u2600-\u27BF]/;

/** ISO 639-1 language of a short text, or 'und' when unsure. */
export function detectLanguage(text: string): DetectedLanguage {
  const nfc = text.normalize('NFC');
  const clean = NEEDS_CLEANING.test(nfc) ? nfc.replace(NOISE, ' ') : nfc;
  const counts = countScripts(clean);
  let bestScript: string | null = null;
  let bestCount = 0;
  let otherLetters = 0;
  for (const [script, n] of counts.other) {
    otherLetters += n;
    if (n > bestCount) {
      bestCount = n;
      bestScript = script;
    }
  }
  const letters = counts.latin + otherLetters;
  if (letters < 2) return UND;
  if (bestScript !== null && bestCount >= counts.latin) {
    const kana = counts.other.get('kana') ?? 0;
    const han = counts.other.get('han') ?? 0;
    let lang = bestScript;
    // Japanese mixes kanji with kana: any real share of kana makes it Japanese.
    if (bestScript === 'han' || bestScript === 'kana') {
      lang = kana >= 2 || kana > 0.1 * (han + kana) ? 'ja' : 'zh';
      bestCount = han + kana;
    }
    if (lang === 'ru' && UKRAINIAN_LETTER.test(clean)) lang = 'uk';
    const share = bestCount / letters;
    return { lang, confidence: Math.min(1, share * Math.min(1, bestCount / 4)) };
  }
  if (counts.latin < 3) return UND;
  const words = clean.match(WORD) ?? [];
  if (words.length === 0) return UND;
  const result = detectLatin(clean, words, counts.vietnamese);
  return result;
}
