import { readFileSync } from 'node:fs';
import { isNegator } from './features.js';

// A lexicon scorer: sums word valences (multi-syllable entries matched as joined n-grams),
// flips them inside a negation scope and scales them after an intensifier. Used as the
// Vietnamese baseline and, with an English word list, as the English model.

export type Polarity = 'positive' | 'negative' | 'neutral';

export interface LexiconScore {
  score: number;
  /** Lexicon words matched. */
  hits: number;
}

export class LexiconScorer {
  private readonly maxWords: number;

  constructor(
    private readonly valences: ReadonlyMap<string, number>,
    private readonly intensifiers: ReadonlyMap<string, number> = new Map(),
    /** How multi-word entries are joined (`_` for segmented Vietnamese, ' ' for English). */
    private readonly joiner = '_',
  ) {
    let max = 1;
    for (const key of valences.keys()) max = Math.max(max, key.split(joiner).length);
    this.maxWords = Math.min(max, 4);
  }

  score(tokens: readonly string[]): LexiconScore {
    let score = 0;
    let hits = 0;
    let negLeft = 0;
    let boost = 1;
    for (let i = 0; i < tokens.length; ) {
      const token = tokens[i]!;
      if (token === '.' || token === ',' || token === '!' || token === '?' || token === ';') {
        negLeft = 0;
        boost = 1;
        i++;
        continue;
      }
      // Longest match first, so "không tốt" style phrases in the lexicon win over their parts.
      let matched = 0;
      let valence = 0;
      for (let n = Math.min(this.maxWords, tokens.length - i); n >= 1; n--) {
        const key = n === 1 ? token : tokens.slice(i, i + n).join(this.joiner);
        const v = this.valences.get(key);
        if (v !== undefined) {
          matched = n;
          valence = v;
          break;
        }
      }
      if (matched > 0) {
        score += valence * boost * (negLeft > 0 ? -0.8 : 1);
        hits++;
        boost = 1;
        if (negLeft > 0) negLeft--;
        i += matched;
        continue;
      }
      const intensity = this.intensifiers.get(token);
      if (intensity !== undefined) boost = intensity;
      if (isNegator(token)) negLeft = 3;
      else if (negLeft > 0) negLeft--;
      i++;
    }
    return { score, hits };
  }

  predict(tokens: readonly string[], threshold = 0): Polarity {
    const { score } = this.score(tokens);
    if (score > threshold) return 'positive';
    if (score < -threshold) return 'negative';
    return 'neutral';
  }
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#') && !l.startsWith('\uFEFF#'));
}

/**
 * VietSentiWordNet 1.3.5 (Vu & Park 2014): valence = PosScore - NegScore averaged over senses;
 * intensifiers from its SacThaiDict. Read from the data folder at training time, never shipped.
 */
export function loadVietSentiWordNet(dir: string): LexiconScorer {
  const sums = new Map<string, { total: number; n: number }>();
  for (const line of lines(`${dir}/VietSentiWordnet_Ver1.3.5.txt`)) {
    const cols = line.split('\t');
    const pos = Number(cols[2]);
    const neg = Number(cols[3]);
    if (!Number.isFinite(pos) || !Number.isFinite(neg)) continue;
    for (const term of (cols[4] ?? '').split(' ')) {
      const word = term.replace(/#\d+$/, '').toLowerCase();
      if (!word) continue;
      const entry = sums.get(word) ?? { total: 0, n: 0 };
      entry.total += pos - neg;
      entry.n++;
      sums.set(word, entry);
    }
  }
  const valences = new Map<string, number>();
  for (const [word, { total, n }] of sums) if (total !== 0) valences.set(word, total / n);
  const intensifiers = new Map<string, number>();
  for (const line of lines(`${dir}/SacThaiDict.txt`)) {
    const [word, weight] = line.split(/[\t ]+/);
    const w = Number(weight);
    if (word && Number.isFinite(w)) intensifiers.set(word.replace(/^\uFEFF/, ''), w);
  }
  return new LexiconScorer(valences, intensifiers, '_');
}
