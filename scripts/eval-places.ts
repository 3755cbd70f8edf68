// Place tagging on the labelled set resources/eval/places/places.jsonl: precision and recall per
// level (province of today, former district, commune or ward of today) for the tagger and, in
// the same run, for plain alias matching (src/places/alias-baseline.ts). Settings were tuned on
// the "tune" split; figures are printed for "test" and, as a check, for "tune".
// Run: npm run eval:places
import { readFileSync } from 'node:fs';
import { aliasBaseline } from '../src/places/alias-baseline.js';
import { loadGazetteer } from '../src/places/gazetteer.js';
import { buildNameIndex, loadAliases } from '../src/places/name-index.js';
import { tagPlaces } from '../src/places/tag-places.js';

interface Labelled {
  id: string;
  text: string;
  provinces: string[];
  districts: string[];
  wards: string[];
  split: 'tune' | 'test';
}
type Levels = { provinces: Set<string>; districts: Set<string>; wards: Set<string> };

const items = readFileSync('resources/eval/places/places.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Labelled);
const gazetteer = loadGazetteer();
const baseline = aliasBaseline(gazetteer, buildNameIndex(gazetteer, loadAliases()));

const isWard = (level: string) => level === 'ward' || level === 'commune';
const fromTagger = (text: string): Levels => {
  const m = tagPlaces(text);
  return {
    provinces: new Set(m.map((x) => x.provinceCode)),
    districts: new Set(m.filter((x) => x.level === 'district').map((x) => x.code)),
    wards: new Set(m.filter((x) => isWard(x.level)).map((x) => x.code)),
  };
};
const fromBaseline = (text: string): Levels => {
  const m = baseline(text);
  return {
    provinces: new Set(m.map((x) => x.provinceCode)),
    districts: new Set(m.filter((x) => x.level === 'district').map((x) => x.code)),
    wards: new Set(m.filter((x) => isWard(x.level)).map((x) => x.code)),
  };
};

function score(set: readonly Labelled[], predict: (t: string) => Levels) {
  const rows: Record<string, { tp: number; fp: number; fn: number }> = {};
  for (const item of set) {
    const got = predict(item.text);
    for (const level of ['provinces', 'districts', 'wards'] as const) {
      const gold = new Set(item[level]);
      rows[level] ??= { tp: 0, fp: 0, fn: 0 };
      const r = rows[level];
      for (const c of got[level]) {
        if (gold.has(c)) r.tp++;
        else r.fp++;
      }
      for (const c of gold) if (!got[level].has(c)) r.fn++;
    }
  }
  return rows;
}

const pct = (a: number, b: number) =>
  b === 0 ? '   –  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`;
for (const split of ['test', 'tune'] as const) {
  const set = items.filter((i) => i.split === split);
  console.log(`\n${split} split: ${set.length} texts`);
  console.log('level       method      gold   precision  recall');
  for (const [name, predict] of [
    ['tagger', fromTagger],
    ['aliases', fromBaseline],
  ] as const) {
    for (const [level, r] of Object.entries(score(set, predict))) {
      console.log(
        `${level.padEnd(11)} ${name.padEnd(10)} ${String(r.tp + r.fn).padStart(5)}   ${pct(r.tp, r.tp + r.fp)}    ${pct(r.tp, r.tp + r.fn)}`,
      );
    }
  }
}
