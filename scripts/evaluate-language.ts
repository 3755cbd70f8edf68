// Language identification accuracy on real text: Vietnamese comments with diacritics, the same
// comments with diacritics stripped (by the project's fold function), very short Vietnamese
// posts, and English feed items.
// Run: npx tsx scripts/evaluate-language.ts [--split train|dev] [--show N]
//   --split  which files to read (dev by default; train is for tuning without touching dev)
//   --show N print up to N misidentified texts per set
import { detectLanguage } from '../src/analysis/language/index.js';
import { foldDiacritics } from '../src/text/fold.js';
import { englishTexts, type Split, sharedDataPresent, vietnameseTexts } from './language-corpus.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const split = (arg('--split') ?? 'dev') as Split;
const show = Number(arg('--show') ?? 0);

if (!sharedDataPresent()) {
  console.error('evaluate-language: ../shared/data is absent');
  process.exit(2);
}

const VIETNAMESE_LETTER = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/iu;
const wordCount = (t: string): number => t.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

const vietnamese = [...new Set(vietnameseTexts(split))];
// "With diacritics" means the comment was typed with them: at least one letter only Vietnamese uses.
const marked = vietnamese.filter((t) => VIETNAMESE_LETTER.test(t));
const long = marked.filter((t) => wordCount(t) >= 3);
const short = marked.filter((t) => wordCount(t) >= 1 && wordCount(t) <= 2);
const english = englishTexts().filter((t) => wordCount(t) >= 3);

interface SetResult {
  name: string;
  n: number;
  accuracy: number;
  confusions: Map<string, number>;
}

function measure(name: string, texts: string[], want: string): SetResult {
  let correct = 0;
  const confusions = new Map<string, number>();
  const wrong: string[] = [];
  for (const text of texts) {
    const got = detectLanguage(text).lang;
    if (got === want) correct++;
    else {
      confusions.set(got, (confusions.get(got) ?? 0) + 1);
      if (wrong.length < show) wrong.push(`  ${got}\t${text.slice(0, 120)}`);
    }
  }
  if (wrong.length > 0) console.log(`${name}: misidentified\n${wrong.join('\n')}`);
  return {
    name,
    n: texts.length,
    accuracy: texts.length === 0 ? 0 : correct / texts.length,
    confusions,
  };
}

const start = performance.now();
const results = [
  measure('Vietnamese, with diacritics (3+ words)', long, 'vi'),
  measure('Vietnamese, diacritics stripped (3+ words)', long.map(foldDiacritics), 'vi'),
  measure('Vietnamese, short posts with diacritics (1-2 words)', short, 'vi'),
  measure('Vietnamese, short posts stripped (1-2 words)', short.map(foldDiacritics), 'vi'),
  measure('English feed titles and summaries (3+ words)', english, 'en'),
];
const seconds = (performance.now() - start) / 1000;
const total = results.reduce((s, r) => s + r.n, 0);

console.log(
  `language ID on ${split} text (${Math.round(total / seconds).toLocaleString('en-US')} texts/s)`,
);
for (const r of results) {
  const top = [...r.confusions.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([lang, n]) => `${lang} ${n}`)
    .join(', ');
  console.log(
    `  ${r.name.padEnd(52)} n=${String(r.n).padStart(6)}  ${(100 * r.accuracy).toFixed(2).padStart(6)} %${top ? `  (wrong: ${top})` : ''}`,
  );
}
