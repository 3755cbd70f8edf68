// Text normalisation shared by tokenizing, segmentation, keywords and search features.
import { isVietnameseVowel, placeTone, toneOf } from './tone.js';

/**
 * Runs of this many or more copies of one letter are squeezed to a single letter: social
 * writing stretches words ("điiiiii", "quáaaaa", "ngonnnn"), while real words never hold three
 * identical letters in a row. Doubled letters are kept: "xoong", "coffee", "soóc".
 */
export const SQUEEZE_MIN_RUN = 3;

const WORD_RE = /[\p{L}\p{M}]+/gu;
const SPACE_RE = /\s+/gu;
const CACHE_LIMIT = 200_000;
const IS_LETTER = /\p{L}/u;
/** Icelandic eth (U+00D0/U+00F0) looks like Đ/đ and turns up in Vietnamese text typed with it. */
const ETH = /[Ðð]/gu;

/** Letter identity used for squeezing: a vowel's base without its tone, otherwise lower case. */
function letterKey(ch: string): string {
  const lower = ch.toLowerCase();
  if (!isVietnameseVowel(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '')
    .normalize('NFC');
}

/** Squeeze letter runs of SQUEEZE_MIN_RUN or more to one letter, keeping a toned copy if any. */
export function squeezeRepeats(word: string): string {
  const chars = Array.from(word);
  if (chars.length < SQUEEZE_MIN_RUN) return word;
  let out = '';
  let i = 0;
  let changed = false;
  while (i < chars.length) {
    const key = letterKey(chars[i]!);
    let j = i + 1;
    while (j < chars.length && letterKey(chars[j]!) === key) j++;
    if (j - i >= SQUEEZE_MIN_RUN && IS_LETTER.test(chars[i]!)) {
      let keep = chars[i]!;
      for (let k = i; k < j; k++) {
        if (toneOf(chars[k]!.toLowerCase()) !== 0) keep = chars[k]!;
      }
      out += keep;
      changed = true;
    } else {
      for (let k = i; k < j; k++) out += chars[k]!;
    }
    i = j;
  }
  return changed ? out : word;
}

const wordCache = new Map<string, string>();

/**
 * One NFC letter run: eth -> đ, squeezed, then its tone mark moved to the canonical vowel.
 * Keeps case.
 */
export function normalizeWord(word: string): string {
  const hit = wordCache.get(word);
  if (hit !== undefined) return hit;
  const squeezed = squeezeRepeats(word.replace(ETH, (ch) => (ch === 'Ð' ? 'Đ' : 'đ')));
  const out = placeTone(squeezed);
  if (wordCache.size >= CACHE_LIMIT) wordCache.clear();
  wordCache.set(word, out);
  return out;
}

/** NFC, one tone placement, squeezed repeats, whitespace collapsed; case kept. */
export function normalizeKeepCase(text: string): string {
  return text.normalize('NFC').replace(WORD_RE, normalizeWord).replace(SPACE_RE, ' ').trim();
}

/**
 * Canonical form of free text for matching and features: Unicode NFC, one tone placement
 * (traditional: hòa, thúy), lower case (Đ -> đ), letter runs of 3+ squeezed to one, whitespace
 * collapsed to single spaces.
 */
export function normalizeText(text: string): string {
  return normalizeKeepCase(text.toLowerCase());
}
