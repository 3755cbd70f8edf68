import { sentimentTokens } from './tokens.js';

// The token stream the Vietnamese model is trained and run on. One function, used by the
// trainer and by prediction, so the two cannot drift apart.
export function viSentimentTokens(text: string): string[] {
  return sentimentTokens(text);
}
