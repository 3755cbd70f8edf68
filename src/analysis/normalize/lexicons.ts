// Runtime lexicons for normalisation, loaded once on first use from resources/lexicons/.

import { readTsvResource } from '../../package-root.js';
import { normalizeText } from './normalize-text.js';

/** Feature names that emoji and emoticon tokens carry in `Token.norm`. */
export type EmoFeature = 'EMO_POS' | 'EMO_NEG' | 'EMO_NEU' | 'EMO_LAUGH';

const FEATURES = new Set<string>(['EMO_POS', 'EMO_NEG', 'EMO_NEU', 'EMO_LAUGH']);

function asFeature(value: string | undefined, where: string): EmoFeature {
  if (value === undefined || !FEATURES.has(value)) throw new Error(`bad feature in ${where}`);
  return value as EmoFeature;
}

let teencode: Map<string, string> | undefined;
let emoticons: Map<string, EmoFeature> | undefined;
let emoji: Map<string, EmoFeature> | undefined;

/** Social abbreviation / teencode -> standard Vietnamese (keys and values normalised). */
export function teencodeLexicon(): Map<string, string> {
  if (teencode === undefined) {
    const map = new Map<string, string>();
    for (const [key, value] of readTsvResource('resources/lexicons/teencode.tsv')) {
      if (key === undefined || value === undefined) continue;
      map.set(normalizeText(key), normalizeText(value));
    }
    teencode = map;
  }
  return teencode;
}

/** Emoticon (canonical spelling) -> feature. */
export function emoticonLexicon(): Map<string, EmoFeature> {
  if (emoticons === undefined) {
    const map = new Map<string, EmoFeature>();
    for (const [key, value] of readTsvResource('resources/lexicons/emoticons.tsv')) {
      if (key === undefined) continue;
      map.set(key, asFeature(value, 'emoticons.tsv'));
    }
    emoticons = map;
  }
  return emoticons;
}

/** Emoji (no skin tone, no U+FE0F) -> feature. */
export function emojiLexicon(): Map<string, EmoFeature> {
  if (emoji === undefined) {
    const map = new Map<string, EmoFeature>();
    for (const [key, value] of readTsvResource('resources/lexicons/emoji-sentiment.tsv')) {
      if (key === undefined) continue;
      map.set(key, asFeature(value, 'emoji-sentiment.tsv'));
    }
    emoji = map;
  }
  return emoji;
}
