import { eld } from 'eld/medium';
import { LETTER, MARK, wordsOf } from '../../text/word-chars.js';
import { foldFast } from '../sentiment/fast-fold.js';
import { COMMON_FOLDED_SYLLABLES } from './common-folded-syllables.js';
import { readsAsUrdu } from './urdu.js';
import {
  COMMON_LOANWORDS,
  FOLDED_VIETNAMESE_SYLLABLES,
  VIETNAMESE_SHORTHAND,
} from './vietnamese-syllables.js';

// Language identification for short social text. Order of decisions:
//  1. strip what carries no language (URLs, @mentions, #tags, e-mails, digits, emoji);
//  2. non-Latin scripts decide by themselves (kana -> ja, hangul -> ko, Thai, Khmer …);
//  3. Vietnamese by letters only it writes (ă đ ơ ư, tone-marked vowels of U+1EA0..), by marks
//     it shares with other languages on words that are Vietnamese syllables, or, without
//     accents, by how many words are syllables Vietnamese comments use often;
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
  /** Vowels with a mark Vietnamese shares with other languages (é, à, ô …). */
  shared: number;
  other: ReadonlyMap<string, number>;
}

/** `other` of a text with no letter of those scripts (most texts): never written to. */
const NO_SCRIPTS: ReadonlyMap<string, number> = new Map();

function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { latin: 0, vietnamese: 0, shared: 0, other: NO_SCRIPTS };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) counts.latin++;
      continue;
    }
    if (isLatinLetter(c)) {
      counts.latin++;
      if (isVietnameseLetter(c)) counts.vietnamese++;
      else if (isSharedMarkedVowel(c | (c < 0xe0 ? 0x20 : 0))) counts.shared++;
      continue;
    }
    for (const [lo, hi, script] of SCRIPT_RANGES) {
      if (c >= lo && c <= hi) {
        if (counts.other === NO_SCRIPTS) counts.other = new Map();
        const other = counts.other as Map<string, number>;
        other.set(script, (other.get(script) ?? 0) + 1);
        break;
      }
    }
  }
  return counts;
}

const UKRAINIAN_LETTER = /[іїєґІЇЄҐ]/u;

// Frequent English words spelled like Vietnamese syllables ("the", "can", "man"): they count
// for neither side when a text is read as accent-free Vietnamese.
const ENGLISH_WORDS = new Set(
  `the to of and in on at is it be me he we an am can man you i my this that for with are was
  have not but so no do go by or if as up out all just them then than too got get let lot yet
  may him say via men met son ten sit hit bit hot top try run set long song tip pay ray ban
  gay oh hi ho ha bye`.split(/\s+/),
);

const COMMON_SYLLABLES: ReadonlySet<string> = new Set(COMMON_FOLDED_SYLLABLES);

// Latin-1 vowels with a mark Vietnamese also writes (à á â ã è é ê ì í ò ó ô õ ù ú ý): a word
// carrying one is Vietnamese only if it is also a Vietnamese syllable once folded.
function isSharedMarkedVowel(c: number): boolean {
  return (
    (c >= 0xe0 && c <= 0xe3) ||
    (c >= 0xe8 && c <= 0xea) ||
    c === 0xec ||
    c === 0xed ||
    (c >= 0xf2 && c <= 0xf5) ||
    c === 0xf9 ||
    c === 0xfa ||
    c === 0xfd
  );
}

// What a word is, as bit flags; computed once per distinct word.
const LOANWORD = 1;
/** Spelled like a Vietnamese syllable once folded (or common shorthand for one). */
const SYLLABLE = 2;
/** A folded syllable Vietnamese comments use often (learned; see common-folded-syllables.ts). */
const COMMON = 4;
const ENGLISH = 8;
/** Has a letter only Vietnamese writes (ă đ ơ ư ĩ ũ and the tone-marked vowels of U+1EA0..). */
const VIETNAMESE_MARK = 16;
/** Has a mark Vietnamese shares with other languages (é, à, ô …). */
const SHARED_MARK = 32;
/** Has a letter Vietnamese never writes (ç ñ ü ö ß …). */
const FOREIGN_MARK = 64;
const CLASS_CACHE_LIMIT = 100_000;
const wordClasses = new Map<string, number>();

function markBits(word: string): number {
  let bits = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) | (word.charCodeAt(i) < 0xe0 ? 0x20 : 0);
    if (c < 0x80) continue;
    if (isVietnameseLetter(c) || c === 0x129 || c === 0x169) bits |= VIETNAMESE_MARK;
    else if (isSharedMarkedVowel(c)) bits |= SHARED_MARK;
    else bits |= FOREIGN_MARK;
  }
  return bits;
}

const DOUBLED = /(\p{L})\1+/gu;

function wordClass(word: string): number {
  let bits = wordClasses.get(word);
  if (bits === undefined) {
    let folded = foldFast(word);
    // Stretched words ("lennnn", "anhhh") are read as the word stretched.
    if (!FOLDED_VIETNAMESE_SYLLABLES.has(folded) && DOUBLED.test(folded)) {
      folded = folded.replace(DOUBLED, '$1');
    }
    const syllable = FOLDED_VIETNAMESE_SYLLABLES.has(folded);
    bits =
      (COMMON_LOANWORDS.has(folded) ? LOANWORD : 0) |
      (syllable || VIETNAMESE_SHORTHAND.has(folded) ? SYLLABLE : 0) |
      ((syllable && COMMON_SYLLABLES.has(folded)) || VIETNAMESE_SHORTHAND.has(folded)
        ? COMMON
        : 0) |
      (ENGLISH_WORDS.has(folded) ? ENGLISH : 0) |
      markBits(word);
    if (wordClasses.size >= CLASS_CACHE_LIMIT) wordClasses.clear();
    wordClasses.set(word, bits);
  }
  return bits;
}

interface WordEvidence {
  /** Words weighed (loanwords are not). */
  counted: number;
  /** Share of counted words spelled like Vietnamese syllables. */
  syllables: number;
  /** Counted words with a Vietnamese-only letter / a shared mark, and syllables among the latter. */
  vietnameseMarked: number;
  sharedMarkedSyllables: number;
  foreignMarked: number;
  /**
   * Mean over counted words of how Vietnamese each reads without its marks: a common syllable
   * 1, a rare one 0.25, one English also writes 0, anything else -NOT_SYLLABLE_PENALTY.
   */
  accentFree: number;
}

// Chosen on the train splits (scripts/evaluate-language.ts --split train): a milder penalty
// keeps comments with an English word or a name in them; English sentences score far below.
const NOT_SYLLABLE_PENALTY = 0.75;

function weighWords(words: readonly string[]): WordEvidence {
  let counted = 0;
  let syllables = 0;
  let vietnameseMarked = 0;
  let sharedMarkedSyllables = 0;
  let foreignMarked = 0;
  let score = 0;
  for (const w of words) {
    const bits = wordClass(w);
    if (bits & LOANWORD) continue;
    counted++;
    if (bits & VIETNAMESE_MARK) vietnameseMarked++;
    if (bits & FOREIGN_MARK) foreignMarked++;
    if (bits & SYLLABLE) {
      syllables++;
      if (bits & SHARED_MARK) sharedMarkedSyllables++;
      if (bits & ENGLISH) continue;
      score += bits & COMMON ? 1 : 0.25;
    } else score -= NOT_SYLLABLE_PENALTY;
  }
  const n = Math.max(1, counted);
  return {
    counted,
    syllables: syllables / n,
    vietnameseMarked,
    sharedMarkedSyllables,
    foreignMarked,
    accentFree: score / n,
  };
}

/** Mean word score (see WordEvidence.accentFree) from which accent-free text reads as Vietnamese. */
const ACCENT_FREE_THRESHOLD = 0.4;

function detectLatin(text: string, words: readonly string[]): DetectedLanguage {
  const e = weighWords(words);
  // Few words are thin evidence: one word caps confidence at 0.6, five or more leave it whole.
  const evidence = Math.min(1, 0.5 + words.length / 10);
  // Letters only Vietnamese writes decide, even for one word ("ổn", "ờ").
  if (e.vietnameseMarked > 0 && e.syllables >= 0.5) {
    return { lang: 'vi', confidence: Math.min(1, 0.5 + e.syllables / 2) * evidence };
  }
  // Marks other languages share ("chán", "có"): Vietnamese when nearly every word is a syllable
  // and no word has a letter Vietnamese lacks.
  if (e.sharedMarkedSyllables > 0 && e.foreignMarked === 0 && e.syllables >= 0.7) {
    return { lang: 'vi', confidence: Math.min(1, 0.4 + e.syllables / 2) * evidence };
  }
  // Without accents: most words common Vietnamese syllables, few English or foreign words.
  if (e.counted > 0 && e.foreignMarked === 0 && e.accentFree >= ACCENT_FREE_THRESHOLD) {
    return { lang: 'vi', confidence: Math.min(1, 0.4 + e.accentFree / 2) * evidence };
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
  if (lang === 'vi' && e.vietnameseMarked === 0 && e.syllables < 0.6) {
    return { lang: 'und', confidence: 0.2 };
  }
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
  if (letters < 2 && counts.vietnamese === 0) return UND;
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
    if (lang === 'ar' && readsAsUrdu(clean)) lang = 'ur';
    const share = bestCount / letters;
    return { lang, confidence: Math.min(1, share * Math.min(1, bestCount / 4)) };
  }
  // Two Latin letters say nothing ("ok", "hi") unless one is a letter only Vietnamese writes.
  if (counts.latin < 3 && counts.vietnamese === 0 && !(counts.latin === 2 && counts.shared > 0)) {
    return UND;
  }
  const words = wordsOf(clean, LETTER | MARK);
  if (words.length === 0) return UND;
  return detectLatin(clean, words);
}
