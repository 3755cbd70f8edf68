// Draws the texts of the blind place and sector set (resources/eval/places/blind-texts.jsonl)
// from the outlet feed items and the two social corpora, by a fixed seed, so the selection can be
// re-run and checked. From each pool, after leaving out texts the older place set already holds
// and texts shorter than 20 or longer than 400 characters: up to `cue` texts in which a place cue
// occurs (a unit-type word or a province name, never the tagger's output), then `random` texts
// drawn from everything left, cue or not, so recall is also measured on text nobody pre-selected.
// Splits alternate tune/test within each pool and stratum in drawn order.
// Run: npx tsx scripts/select-place-texts.ts [../shared/data]
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { seededRandom } from '../src/seeded-random.js';

const shared = resolve(process.argv[2] ?? '../shared/data');
const SEED = 20250701;
const OUT = 'resources/eval/places/blind-texts.jsonl';

interface Candidate {
  source: string;
  text: string;
}
interface Pool {
  name: string;
  cue: number;
  random: number;
  texts: Candidate[];
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const clean = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

// Place cues: unit-type words (not "xã hội", "tỉnh táo"), "Q1"/"P.7", common city aliases and
// every province name of both structures, as whole words, with their diacritics.
const gazetteer = JSON.parse(readFileSync('resources/places/gazetteer.json', 'utf8')) as {
  provinces: [string, string][];
  formerProvinces: [string, string][];
};
const provinceNames = [
  ...new Set([...gazetteer.provinces, ...gazetteer.formerProvinces].map((p) => p[1].toLowerCase())),
];
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CUE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[
    'phường',
    'quận',
    'huyện',
    'thị xã',
    'thị trấn',
    'thành phố',
    'xã(?! hội)',
    'tỉnh(?! (?:táo|ngộ|dậy|giấc|rượu))',
    'tp',
    '[qp]\\.? ?\\d{1,2}',
    'sài gòn',
    'hcm',
    'tphcm',
    ...provinceNames.map(escapeRegExp),
  ].join('|')})(?![\\p{L}\\p{N}])`,
  'u',
);
const hasCue = (text: string) => CUE.test(text.toLowerCase());
/** A commune or ward type word followed by a capitalised name or a number. */
const WARD_CUE =
  /(?<![\p{L}\p{N}])(?:[Pp]hường|[Xx]ã(?! [Hh]ội)|[Tt]hị trấn|P\.)\s*(?:\d{1,2}(?!\d)|\p{Lu}\p{Ll}+)/u;

const oldTexts = new Set(
  readFileSync('resources/eval/places/places.jsonl', 'utf8')
    .trim()
    .split('\n')
    .map((l) => clean((JSON.parse(l) as { text: string }).text)),
);

function newsPool(): Candidate[] {
  // The outlet feed items as resources/eval/news-sentiment.jsonl extracted them from
  // ../shared/data/feeds/vietnamese (title and summary; Thanh Niên's related headlines alone).
  return readFileSync('resources/eval/news-sentiment.jsonl', 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; outlet: string; title: string; summary: string })
    .map((n) => ({
      source: `news:${n.outlet}:${n.id}`,
      text: clean(n.summary ? `${n.title}. ${n.summary}` : n.title),
    }));
}

function csvRows(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
}

function victsd(): { comments: Candidate[]; titles: Candidate[] } {
  const comments: Candidate[] = [];
  const titles = new Map<string, Candidate>();
  for (const file of ['ViCTSD_train.csv', 'ViCTSD_valid.csv']) {
    for (const row of csvRows(`${shared}/social/uit-victsd/${file}`)) {
      const id = row[''] ?? '';
      comments.push({ source: `victsd:comment:${id}`, text: clean(row.Comment ?? '') });
      const title = clean(row.Title ?? '');
      if (!titles.has(title)) titles.set(title, { source: `victsd:title:${id}`, text: title });
    }
  }
  return { comments, titles: [...titles.values()] };
}

function vihsd(): Candidate[] {
  const out: Candidate[] = [];
  for (const file of ['train.csv', 'dev.csv']) {
    csvRows(`${shared}/social/vihsd/${file}`).forEach((row, i) => {
      out.push({
        source: `vihsd:${file.replace('.csv', '')}:${i}`,
        text: clean(row.free_text ?? ''),
      });
    });
  }
  return out;
}

const social = victsd();
const pools: Pool[] = [
  { name: 'news', cue: 70, random: 100, texts: newsPool() },
  { name: 'victsd-comment', cue: 120, random: 70, texts: social.comments },
  { name: 'victsd-title', cue: 40, random: 34, texts: social.titles },
  { name: 'vihsd', cue: 40, random: 40, texts: vihsd() },
];

const random = seededRandom(SEED);
const seen = new Set(oldTexts);
const lines: string[] = [];
const leftOver: Candidate[] = [];
const emit = (list: readonly Candidate[], picked: string) => {
  list.forEach((c, i) => {
    lines.push(
      JSON.stringify({
        id: `b${String(lines.length + 1).padStart(3, '0')}`,
        source: c.source,
        picked,
        split: i % 2 === 0 ? 'tune' : 'test',
        text: c.text,
      }),
    );
  });
};
for (const pool of pools) {
  const usable = shuffled(
    pool.texts.filter((c) => c.text.length >= 20 && c.text.length <= 400),
    random,
  ).filter((c) => {
    if (seen.has(c.text)) return false;
    seen.add(c.text); // also drops repeats within the pool
    return true;
  });
  const cued = usable.filter((c) => hasCue(c.text)).slice(0, pool.cue);
  const taken = new Set(cued);
  const drawn = usable.filter((c) => !taken.has(c)).slice(0, pool.random);
  for (const c of drawn) taken.add(c);
  emit(cued, 'cue');
  emit(drawn, 'random');
  leftOver.push(...usable.filter((c) => !taken.has(c)));
  console.log(`${pool.name}: ${cued.length} by cue, ${drawn.length} at random`);
}
// Communes and wards are named so rarely that the draws above hold almost none: every text
// left in any pool that names one ("phường Tân Định", "xã An Đồng", "P.7") is added.
const wardCued = leftOver.filter((c) => WARD_CUE.test(c.text));
emit(wardCued, 'ward-cue');
console.log(`all pools: ${wardCued.length} by ward cue`);
writeFileSync(OUT, `${lines.join('\n')}\n`);
console.log(`${lines.length} texts -> ${OUT}`);
