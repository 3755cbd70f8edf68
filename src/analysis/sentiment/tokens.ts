// Sentiment-oriented tokens from raw text: lower-cased words, sentence punctuation (it ends a
// negation scope) and polarity markers for emoticons and emoji, which carry much of the
// sentiment in social comments.

export const EMO_POS = 'EMO_POS';
export const EMO_NEG = 'EMO_NEG';

// Written here from common usage. `:))`, `=))`, `:v` read as laughter in Vietnamese comments.
const EMOTICONS = new Map<string, string>([
  [':)', EMO_POS],
  [':))', EMO_POS],
  [':)))', EMO_POS],
  ['=))', EMO_POS],
  ['=)))', EMO_POS],
  [':d', EMO_POS],
  [':p', EMO_POS],
  [';)', EMO_POS],
  ['^^', EMO_POS],
  ['^_^', EMO_POS],
  ['<3', EMO_POS],
  [':v', EMO_POS],
  ['xd', EMO_POS],
  [':(', EMO_NEG],
  [':((', EMO_NEG],
  [':(((', EMO_NEG],
  [":'(", EMO_NEG],
  ['-_-', EMO_NEG],
  [':/', EMO_NEG],
  ['t_t', EMO_NEG],
  [':@', EMO_NEG],
]);

// UIT-VSFC replaced emoticons by words; map them to the same markers so raw text and the
// training corpus agree.
const EMOTICON_WORDS = new Map<string, string>([
  ['colonsmile', EMO_POS],
  ['colonsmilesmile', EMO_POS],
  ['colonbigsmile', EMO_POS],
  ['colonsmallsmile', EMO_POS],
  ['colonlove', EMO_POS],
  ['colonhihi', EMO_POS],
  ['colonsad', EMO_NEG],
  ['colonsadcolon', EMO_NEG],
  ['coloncontemn', EMO_NEG],
]);

const POSITIVE_EMOJI = new Set([
  ...'😀😃😄😁😆😊😍🥰😘😗😙😚🙂🤗🤩👍👏🙌💪❤💕💖💗💓💞💯🎉✨🌟⭐😎😻👌🥳😋🤤💙💚💛💜🧡',
]);
const NEGATIVE_EMOJI = new Set([...'😞😟😠😡🤬😢😭😤😩😫😒🙄👎💔😔😕🙁☹😣😖😱😨😰🤮🤢😑😐😬🥺😓']);

/** Polarity marker of one emoji or emoticon, or null. */
export function emotionMarker(symbol: string): string | null {
  const lower = symbol.toLowerCase();
  const emoticon = EMOTICONS.get(lower) ?? EMOTICON_WORDS.get(lower);
  if (emoticon) return emoticon;
  const base = symbol.replace(/\uFE0F/g, '');
  if (POSITIVE_EMOJI.has(base)) return EMO_POS;
  if (NEGATIVE_EMOJI.has(base)) return EMO_NEG;
  return null;
}

const TOKEN_RE =
  /([:;=][-']?[()dpv@/]+|\^_?\^|<3|-_-|t_t|x[d]+\b)|([\p{L}\p{M}\p{N}_]+(?:'[\p{L}]+)?)|(\p{Extended_Pictographic})|([.,!?;])/giu;

/** Tokens for sentiment features from raw (un-normalised) text. */
export function sentimentTokens(text: string): string[] {
  const out: string[] = [];
  const lower = text.normalize('NFC').toLowerCase();
  for (const m of lower.matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) {
      const marker = emotionMarker(m[1].replace(/\)+$/, (p) => p.slice(0, 3)));
      if (marker) out.push(marker);
    } else if (m[2] !== undefined) {
      // "quáaaa" -> "quá": stretched letters are emphasis, not a new word.
      const word = m[2].replace(/(\p{L})\1{2,}/gu, '$1');
      out.push(EMOTICON_WORDS.get(word) ?? word);
    } else if (m[3] !== undefined) {
      const marker = emotionMarker(m[3]);
      if (marker) out.push(marker);
    } else if (m[4] !== undefined) {
      out.push(m[4]);
    }
  }
  return out;
}
