// Public surface of Vietnamese-first text normalisation.
export type { EmoFeature } from './lexicons.js';
export {
  normalizeKeepCase,
  normalizeText,
  normalizeWord,
  SQUEEZE_MIN_RUN,
  squeezeRepeats,
} from './normalize-text.js';
export { mayExpandTeencode, registerOfPlatform, type TextRegister } from './register.js';
export { type Token, type TokenKind, tokenize, wordNorm } from './tokenize.js';
export { placeTone } from './tone.js';
