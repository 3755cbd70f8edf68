import { DIGIT, hasCharIn, LETTER } from '../../text/word-chars.js';
import { type TextRegister, tokenize } from '../normalize/index.js';
import { segmentText } from '../segment/index.js';
import { sentimentTokens } from './tokens.js';

// The token streams the Vietnamese model can be trained and run on. The trainer records which
// one it chose in the model file; prediction uses the same one, so the two cannot drift apart.

export type TokenScheme = 'internal' | 'syllables' | 'segmented';

const DROPPED_KINDS = new Set(['url', 'mention', 'email', 'phone']);

/** Normalised tokens with teencode expanded, one syllable each; emoji/emoticons as EMO_*. */
function syllableTokens(text: string, register?: TextRegister): string[] {
  const out: string[] = [];
  for (const token of tokenize(text, register)) {
    if (DROPPED_KINDS.has(token.kind)) continue;
    if (token.kind === 'word') {
      for (const s of token.norm.split(' ')) out.push(s);
    } else if (token.kind === 'punct') {
      out.push(token.norm.charAt(0));
    } else {
      out.push(token.norm);
    }
  }
  return out;
}

/** Map segmented words (as the pipeline produces them) to sentiment tokens. */
export function tokensFromWords(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const c = w.charCodeAt(0);
    // Links, mentions and tags say who and where, not how someone feels.
    if (c === 0x40 || c === 0x23 || w.startsWith('http') || w.startsWith('www.')) continue;
    const isPunct = !hasCharIn(w, LETTER | DIGIT) && !w.includes('_');
    out.push(isPunct ? w.charAt(0) : w);
  }
  return out;
}

/**
 * `register` decides how teencode is expanded (see normalize/register.ts); the trainer passes
 * 'social', since every labelled set is text people wrote (feedback, forum posts, reviews).
 */
export function viSentimentTokens(
  text: string,
  scheme: TokenScheme,
  register?: TextRegister,
): string[] {
  switch (scheme) {
    case 'internal':
      return sentimentTokens(text);
    case 'syllables':
      return syllableTokens(text, register);
    case 'segmented':
      return tokensFromWords(segmentText(text, undefined, register));
  }
}
