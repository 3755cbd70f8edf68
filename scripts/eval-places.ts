// Place and sector tagging against hand labels, each next to a plain baseline in the same run.
//
// Main figures: the blind set (resources/eval/places/blind-texts.jsonl + blind-labels.jsonl),
// labelled by reading without the tagger's output. Precision, recall and F1 per level (province
// of today, former district, commune or ward of today) for the tagger and for plain alias
// matching (src/places/alias-baseline.ts); per sector, micro and macro, for the sector tagger and
// for plain keyword matching. Changes to the taggers were made looking at the "tune" split only;
// "test" is the figure to quote. A name the labeller could not place (`ambiguous`) counts
// neither way: a prediction among its candidates is ignored, and it is not a miss.
//
// Second figure: the older set resources/eval/places/places.jsonl, whose labels started from the
// tagger's own output, printed as an upper bound.
//
// Run: npm run eval:places [-- --errors tune|test] [-- --split tune|test]
import { readFileSync } from 'node:fs';
import { loadSectors, tagSectors } from '../src/analysis/sectors/index.js';
import { aliasBaseline } from '../src/places/alias-baseline.js';
import { loadGazetteer } from '../src/places/gazetteer.js';
import { buildNameIndex, loadAliases } from '../src/places/name-index.js';
import { tagPlaces } from '../src/places/tag-places.js';
import { foldDiacritics } from '../src/text/fold.js';

type Split = 'tune' | 'test';
const LEVELS = ['provinces', 'districts', 'wards'] as const;
type Level = (typeof LEVELS)[number];

interface Gold {
  id: string;
  source: string;
  text: string;
  split: Split;
  /** Approximate publication date of the corpus the text came from. */
  publishedAt: string;
  provinces: string[];
  districts: string[];
  wards: string[];
  /** Codes a prediction may take without counting, per level. */
  ambiguous: Record<Level, Set<string>>;
  sectors: string[];
}
/** A predicted unit: one code, or the several wards of today a divided former ward became. */
type Predicted = Record<Level, string[][]>;

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const errorsFor = arg('--errors') as Split | undefined;
const splits: Split[] = arg('--split') ? [arg('--split') as Split] : ['test', 'tune'];

const jsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

const gazetteer = loadGazetteer();
const baseline = aliasBaseline(gazetteer, buildNameIndex(gazetteer, loadAliases()));

// Corpus dates: the outlet feeds were saved on 21 November 2022; ViCTSD comments are on 2020
// articles, ViHSD comments from 2019-2020. All are before the July 2025 reorganisation.
const corpusDate = (source: string) =>
  source.startsWith('news:')
    ? '2022-11-21'
    : source.startsWith('victsd:')
      ? '2020-10-01'
      : '2019-12-01';

function blindSet(): Gold[] {
  const texts = jsonl<{ id: string; source: string; text: string; split: Split }>(
    'resources/eval/places/blind-texts.jsonl',
  );
  const labels = new Map(
    jsonl<{
      id: string;
      provinces: string[];
      districts: string[];
      wards: string[];
      ambiguous: { level: 'province' | 'district' | 'ward'; codes: string[] }[];
      sectors: string[];
    }>('resources/eval/places/blind-labels.jsonl').map((l) => [l.id, l]),
  );
  return texts.map((t) => {
    const l = labels.get(t.id);
    if (l === undefined) throw new Error(`eval-places: ${t.id} has no label`);
    const ambiguous: Record<Level, Set<string>> = {
      provinces: new Set(),
      districts: new Set(),
      wards: new Set(),
    };
    for (const a of l.ambiguous) {
      for (const code of a.codes) {
        if (a.level === 'province') ambiguous.provinces.add(code);
        if (a.level === 'district') {
          ambiguous.districts.add(code);
          ambiguous.provinces.add(gazetteer.formerDistrict(code)!.province);
        }
        if (a.level === 'ward') {
          ambiguous.wards.add(code);
          ambiguous.provinces.add(gazetteer.ward(code)!.province);
        }
      }
    }
    return { ...t, ...l, publishedAt: corpusDate(t.source), ambiguous };
  });
}

function upperBoundSet(): Gold[] {
  return jsonl<Omit<Gold, 'ambiguous' | 'sectors' | 'publishedAt'>>(
    'resources/eval/places/places.jsonl',
  ).map((g) => ({
    ...g,
    publishedAt: corpusDate(g.source),
    sectors: [],
    ambiguous: { provinces: new Set(), districts: new Set(), wards: new Set() },
  }));
}

const isWard = (level: string) => level === 'ward' || level === 'commune';

function fromTagger(g: Gold): Predicted {
  const m = tagPlaces(g.text, { publishedAt: g.publishedAt });
  return {
    provinces: [...new Set(m.map((x) => x.provinceCode))].map((c) => [c]),
    districts: [...new Set(m.filter((x) => x.level === 'district').map((x) => x.code))].map((c) => [
      c,
    ]),
    wards: m
      .filter((x) => isWard(x.level))
      .map((x) => (x.structure === 'current' ? [x.code] : [...(x.wards ?? [])])),
  };
}

function fromBaseline(g: Gold): Predicted {
  const m = baseline(g.text);
  return {
    provinces: [...new Set(m.map((x) => x.provinceCode))].map((c) => [c]),
    districts: [...new Set(m.filter((x) => x.level === 'district').map((x) => x.code))].map((c) => [
      c,
    ]),
    wards: [...new Set(m.filter((x) => isWard(x.level)).map((x) => x.code))].map((c) => [c]),
  };
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });

/** Counts for one text and level; `wrong` collects what was predicted or missed wrongly. */
function compare(
  predicted: string[][],
  gold: readonly string[],
  ambiguous: ReadonlySet<string>,
  wrong?: string[],
): Counts {
  const c = zero();
  const found = new Set<string>();
  for (const unit of predicted) {
    const hit = unit.find((code) => gold.includes(code));
    if (hit !== undefined) {
      if (!found.has(hit)) c.tp++;
      found.add(hit);
    } else if (!unit.some((code) => ambiguous.has(code))) {
      c.fp++;
      wrong?.push(`+${unit.join('/')}`);
    }
  }
  for (const code of gold) {
    if (!found.has(code)) {
      c.fn++;
      wrong?.push(`-${code}`);
    }
  }
  return c;
}

const f1 = (c: Counts) => (2 * c.tp === 0 ? 0 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn));
const pct = (a: number, b: number) => (b === 0 ? '    –' : ((100 * a) / b).toFixed(1).padStart(5));
const row = (label: string, c: Counts) =>
  `${label}${String(c.tp + c.fn).padStart(6)}${String(c.tp + c.fp).padStart(7)}   ${pct(c.tp, c.tp + c.fp)}   ${pct(c.tp, c.tp + c.fn)}   ${c.tp + c.fp + c.fn === 0 ? '    –' : (100 * f1(c)).toFixed(1).padStart(5)}`;

function placeTable(title: string, set: readonly Gold[]) {
  console.log(`\n${title}: ${set.length} texts`);
  console.log('level       method        gold   found   precision recall   F1');
  for (const level of LEVELS) {
    for (const [name, predict] of [
      ['tagger', fromTagger],
      ['aliases', fromBaseline],
    ] as const) {
      const total = zero();
      for (const g of set) {
        const c = compare(predict(g)[level], g[level], g.ambiguous[level]);
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn += c.fn;
      }
      console.log(row(`${level.padEnd(11)} ${name.padEnd(10)}`, total));
    }
  }
}

// Sectors: the tagger against plain keyword matching, i.e. any of a sector's phrases (strong or
// weak) found as a substring of the folded text, with no weights, word bounds or exclusions.
const sectors = loadSectors();
const SECTOR_IDS = sectors.map((s) => s.id).filter((id) => id !== 'other');
const keywordBaseline = (() => {
  const fold = (s: string) => foldDiacritics(s.normalize('NFC').toLowerCase());
  const lists = sectors.map((s) => ({
    id: s.id,
    keys: [...s.phrases, ...s.weakPhrases].map(fold),
  }));
  return (text: string): string[] => {
    const t = fold(text);
    const out = lists.filter((l) => l.keys.some((k) => t.includes(k))).map((l) => l.id);
    return out.length > 0 ? out : ['other'];
  };
})();
const fromSectorTagger = (text: string) => tagSectors(text).map((t) => t.sector as string);

function sectorTable(title: string, set: readonly Gold[]) {
  console.log(`\n${title}: ${set.length} texts`);
  console.log('sector          method        gold   found   precision recall   F1');
  const results: Record<string, Record<string, Counts>> = {};
  for (const [name, predict] of [
    ['tagger', fromSectorTagger],
    ['keywords', keywordBaseline],
  ] as const) {
    const per: Record<string, Counts> = {};
    for (const id of [...SECTOR_IDS, 'other']) per[id] = zero();
    for (const g of set) {
      const got = new Set(predict(g.text));
      for (const id of Object.keys(per)) {
        const inGold = g.sectors.includes(id);
        const c = per[id]!;
        if (got.has(id) && inGold) c.tp++;
        else if (got.has(id)) c.fp++;
        else if (inGold) c.fn++;
      }
    }
    results[name] = per;
  }
  for (const id of [...SECTOR_IDS, 'other']) {
    for (const name of ['tagger', 'keywords']) {
      console.log(row(`${id.padEnd(15)} ${name.padEnd(10)}`, results[name]![id]!));
    }
  }
  for (const name of ['tagger', 'keywords']) {
    const per = results[name]!;
    const micro = zero();
    const present = SECTOR_IDS.filter((id) => per[id]!.tp + per[id]!.fn > 0);
    for (const id of SECTOR_IDS) {
      micro.tp += per[id]!.tp;
      micro.fp += per[id]!.fp;
      micro.fn += per[id]!.fn;
    }
    const macro = present.reduce((s, id) => s + f1(per[id]!), 0) / present.length;
    console.log(
      `${name.padEnd(8)} micro (11 sectors, not "other"): ${row('', micro).trim()}   macro F1 over the ${present.length} sectors present: ${(100 * macro).toFixed(1)}`,
    );
  }
}

function showErrors(set: readonly Gold[]) {
  for (const g of set) {
    const wrong: string[] = [];
    const p = fromTagger(g);
    for (const level of LEVELS) compare(p[level], g[level], g.ambiguous[level], wrong);
    const got = fromSectorTagger(g.text).sort();
    const sectorsWrong = got.join(',') !== [...g.sectors].sort().join(',');
    if (wrong.length > 0 || sectorsWrong) {
      console.log(
        `${g.id} places ${wrong.join(' ') || 'ok'} | sectors gold ${g.sectors.join(',')} got ${got.join(',')}\n   ${g.text.slice(0, 220)}`,
      );
    }
  }
}

const blind = blindSet();
if (errorsFor !== undefined) {
  showErrors(blind.filter((g) => g.split === errorsFor));
} else {
  for (const split of splits) {
    const set = blind.filter((g) => g.split === split);
    const note = split === 'test' ? 'quote these' : 'used while changing the taggers';
    placeTable(`Places, blind set, ${split} split (${note})`, set);
    sectorTable(`Sectors, blind set, ${split} split (${note})`, set);
  }
  const old = upperBoundSet().filter((g) => g.split === 'test');
  placeTable('Places, older set (labels started from the tagger: an upper bound), test split', old);
}
