// Builds the small runtime lexicons under resources/lexicons/ from the shared reference data
// (../shared/data/lexicons). Run: npx tsx scripts/build-lexicons.ts
// Outputs are committed; this script documents how they were made and re-makes them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normalizeText } from '../src/analysis/normalize/normalize-text.js';

const shared = resolve(process.cwd(), '../shared/data/lexicons');
const out = resolve(process.cwd(), 'resources/lexicons');

/** ESR rows with fewer occurrences than this are too noisy to label. */
const MIN_OCCURRENCES = 20;
/** Smoothed (pos - neg) / (n + 3) score cut-offs; the corpus leans positive (mean about 0.3). */
const POSITIVE_FROM = 0.4;
const NEGATIVE_UNTIL = 0.05;
/** In Vietnamese social text these mean laughter (often ironic) more than joy. */
const LAUGH = new Set(['😂', '🤣', '😆', '😅', '😹']);

function buildEmoji(): void {
  const lines = readFileSync(join(shared, 'emoji/Emoji_Sentiment_Data_v1.0.csv'), 'utf8')
    .replace(/\r/g, '')
    .split('\n')
    .slice(1);
  const rows: string[] = [];
  for (const line of lines) {
    const [emoji, , occ, , neg, , pos] = line.split(',');
    if (emoji === undefined || occ === undefined || neg === undefined || pos === undefined)
      continue;
    const n = Number(occ);
    if (n < MIN_OCCURRENCES) continue;
    const score = (Number(pos) - Number(neg)) / (n + 3);
    const base = emoji.replace(/\uFE0F/g, '');
    let feature = 'EMO_NEU';
    if (LAUGH.has(base)) feature = 'EMO_LAUGH';
    else if (score >= POSITIVE_FROM) feature = 'EMO_POS';
    else if (score <= NEGATIVE_UNTIL) feature = 'EMO_NEG';
    rows.push(`${base}\t${feature}\t${score.toFixed(3)}`);
  }
  for (const extra of ['🤣', '😹']) {
    if (!rows.some((r) => r.startsWith(`${extra}\t`))) rows.push(`${extra}\tEMO_LAUGH\t`);
  }
  const header = [
    '# Emoji -> sentiment feature. DERIVED from the Emoji Sentiment Ranking v1.0',
    '# (Kralj Novak, Smailović, Sluban, Mozetič 2015, CLARIN.SI hdl:11356/1048), licensed',
    '# CC BY-SA 4.0; this file is shared under the same licence. Made by scripts/build-lexicons.ts:',
    `# emoji seen >= ${MIN_OCCURRENCES} times; score = (pos - neg) / (n + 3);`,
    `# EMO_POS when score >= ${POSITIVE_FROM}, EMO_NEG when <= ${NEGATIVE_UNTIL}, else EMO_NEU;`,
    '# laughing faces are EMO_LAUGH (Vietnamese usage). Skin tones and U+FE0F are stripped.',
    '# emoji\tfeature\tscore',
  ];
  writeFileSync(join(out, 'emoji-sentiment.tsv'), `${[...header, ...rows].join('\n')}\n`);
  console.log(`emoji-sentiment.tsv: ${rows.length} emoji`);
}

function buildStopwords(): void {
  const src = readFileSync(join(shared, 'stopwords/stopwords-iso/stopwords-vi.txt'), 'utf8');
  const words = new Set<string>();
  for (const line of src.split('\n')) {
    const w = normalizeText(line.replace(/-/g, ' '));
    if (w !== '') words.add(w);
  }
  const header = [
    '# Vietnamese stopwords. DERIVED from stopwords-iso/stopwords-vi @0bf911ed (MIT,',
    '# Copyright (c) 2016 Gene Diaz): normalised to NFC, traditional tone placement, lower case,',
    '# hyphens as spaces. Made by scripts/build-lexicons.ts.',
  ];
  writeFileSync(join(out, 'stopwords-vi.txt'), `${[...header, ...[...words].sort()].join('\n')}\n`);
  console.log(`stopwords-vi.txt: ${words.size} entries`);
}

buildEmoji();
buildStopwords();
