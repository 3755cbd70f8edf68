// Builds resources/places/gazetteer.json from ../shared/data/geo: the 34 provinces and 3,321
// communes and wards in force since 1 July 2025, the 63 provinces, 696 districts and 10,035
// communes and wards before it, and each former unit's successors.
// Run: npx tsx scripts/build-gazetteer.ts [GEO_DIR]
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { GAZETTEER_FORMAT, type GazetteerFile } from '../src/places/gazetteer-file.js';
import { foldDiacritics } from '../src/text/fold.js';

const geo = resolve(process.argv[2] ?? '../shared/data/geo');
const OUT = resolve('resources/places/gazetteer.json');

const readJson = (path: string): unknown => JSON.parse(readFileSync(resolve(geo, path), 'utf8'));
const readCsv = (path: string): Record<string, string>[] =>
  parse(readFileSync(resolve(geo, path), 'utf8').replace(/^\uFEFF/, ''), {
    columns: true,
    skip_empty_lines: true,
  });

const nfc = (s: string) => s.normalize('NFC').trim();
/** "Quận Ba Đình" with name "Ba Đình" -> "quận". */
function typeOf(fullName: string, name: string): string {
  const full = nfc(fullName);
  const short = nfc(name);
  const prefix = full.endsWith(short) ? full.slice(0, full.length - short.length).trim() : '';
  if (prefix === '') throw new Error(`no unit type in "${full}"`);
  return prefix.toLowerCase();
}
const pad = (code: string, width: number) => String(Math.trunc(Number(code))).padStart(width, '0');
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

interface NewUnit {
  Code: string;
  Name: string;
  NameEn: string;
  FullName: string;
  AdministrativeUnitShortName: string;
  Wards?: NewUnit[];
}
interface OldUnit {
  Code: string;
  Name: string;
  FullName: string;
  District?: OldUnit[] | null;
  Ward?: OldUnit[] | null;
}

const POST = 'post2025/thanglequoc/full_json_generated_data_vn_units_2026-07-25__20_49_07.json';
const PRE = 'pre2025/thanglequoc-v2.4.1/simplified_json_generated_data_vn_units_minified.json';
const LOCATIONS = 'post2025/vietnamadminunits/2025_34-province-3221-ward_with_location.csv';
const MAPPING = 'mapping/vietnamadminunits/convert_legacy_2025_simple.csv';

const located = new Map<string, [number, number]>();
const provinceLocated = new Map<string, [number, number]>();
const wardNameCode = new Map<string, string>();
for (const row of readCsv(LOCATIONS)) {
  const ward = pad(row.wardCode!, 5);
  located.set(ward, [round4(Number(row.wardLat)), round4(Number(row.wardLon))]);
  provinceLocated.set(pad(row.provinceCode!, 2), [
    round4(Number(row.provinceLat)),
    round4(Number(row.provinceLon)),
  ]);
  wardNameCode.set(`${pad(row.provinceCode!, 2)}|${nfc(row.ward!)}`, ward);
}

const file: GazetteerFile = {
  format: GAZETTEER_FORMAT,
  sources: [
    'thanglequoc/vietnamese-provinces-database cd58063 json/full_json_generated_data_vn_units_2026-07-25__20_49_07.json (MIT)',
    'thanglequoc/vietnamese-provinces-database v2.4.1 json/simplified_json_generated_data_vn_units_minified.json (MIT)',
    'tranngocminhhieu/vietnamadminunits 780c279 data/processed/2025_34-province-3221-ward_with_location.csv (MIT)',
    'tranngocminhhieu/vietnamadminunits 780c279 data/interim/convert_legacy_2025_simple.csv (MIT)',
  ],
  provinces: [],
  wards: [],
  formerProvinces: [],
  formerDistricts: [],
  formerWards: [],
  formerWardAliases: [],
};

const newWardCodes = new Set<string>();
for (const p of readJson(POST) as NewUnit[]) {
  const [lat, lon] = provinceLocated.get(p.Code) ?? [0, 0];
  file.provinces.push([
    p.Code,
    nfc(p.Name),
    nfc(p.AdministrativeUnitShortName).toLowerCase(),
    p.NameEn,
    lat,
    lon,
  ]);
  for (const w of p.Wards ?? []) {
    // One unit is coded differently by the two MIT sources; its location is found by name.
    const at =
      located.get(w.Code) ?? located.get(wardNameCode.get(`${p.Code}|${nfc(w.FullName)}`)!);
    file.wards.push([
      w.Code,
      nfc(w.Name),
      nfc(w.AdministrativeUnitShortName).toLowerCase(),
      p.Code,
      at?.[0] ?? lat,
      at?.[1] ?? lon,
    ]);
    newWardCodes.add(w.Code);
  }
}

// Old ward -> new ward(s). A divided old ward has one row per receiving new ward.
const successors = new Map<string, Set<string>>();
const provinceSuccessor = new Map<string, string>();
const aliasCode = new Map<string, string>(); // vietnamadminunits code -> thanglequoc code
for (const row of readCsv(MAPPING)) {
  const oldWard = row.wardCode === '' ? '' : pad(row.wardCode!, 5);
  let newWard = pad(row.newWardCode!, 5);
  if (!newWardCodes.has(newWard)) {
    const fixed = file.wards.find(
      (w) => w[3] === pad(row.newProvinceCode!, 2) && w[1] === nfc(row.newWardShort!),
    )?.[0];
    if (fixed === undefined) throw new Error(`new ward ${newWard} ${row.newWard} not found`);
    aliasCode.set(newWard, fixed);
    newWard = fixed;
  }
  provinceSuccessor.set(pad(row.provinceCode!, 2), pad(row.newProvinceCode!, 2));
  const key = oldWard === '' ? `district:${pad(row.districtCode!, 3)}` : oldWard;
  let set = successors.get(key);
  if (set === undefined) {
    set = new Set();
    successors.set(key, set);
  }
  set.add(newWard);
}

for (const p of readJson(PRE) as OldUnit[]) {
  const newProvince = provinceSuccessor.get(p.Code);
  if (newProvince === undefined) throw new Error(`province ${p.Code} has no successor`);
  file.formerProvinces.push([p.Code, nfc(p.Name), typeOf(p.FullName, p.Name), newProvince]);
  for (const d of p.District ?? []) {
    const districtWards = new Set<string>(successors.get(`district:${d.Code}`) ?? []);
    for (const w of d.Ward ?? []) {
      const next = successors.get(w.Code);
      if (next === undefined) throw new Error(`ward ${w.Code} ${w.FullName} has no successor`);
      for (const c of next) districtWards.add(c);
      file.formerWards.push([w.Code, nfc(w.Name), typeOf(w.FullName, w.Name), d.Code, [...next]]);
    }
    if (districtWards.size === 0)
      throw new Error(`district ${d.Code} ${d.FullName} has no successor`);
    file.formerDistricts.push([
      d.Code,
      nfc(d.Name),
      typeOf(d.FullName, d.Name),
      p.Code,
      [...districtWards].sort(),
    ]);
  }
}

// Wards merged before 2025 ("Phường 10" of Quận 3 into Phường 9 in 2024) are still named in
// older texts. The source keys units by folded, space-free full names.
const squash = (s: string) => foldDiacritics(s).replace(/[^a-z0-9]/g, '');
const spaced = new Map<string, string>();
for (const w of [...file.wards, ...file.formerWards]) spaced.set(squash(w[1]), w[1]);
const unitKey = new Map<string, string>();
const districtsByCode = new Map(file.formerDistricts.map((d) => [d[0], d]));
const provincesByCode = new Map(file.formerProvinces.map((p) => [p[0], p]));
for (const w of file.formerWards) {
  const d = districtsByCode.get(w[3])!;
  const p = provincesByCode.get(d[3])!;
  const key = [`${p[2]} ${p[1]}`, `${d[2]} ${d[1]}`, `${w[2]} ${w[1]}`].map(squash).join('|');
  unitKey.set(key, w[0]);
}
const TYPED = /^(phuong|xa|thitran)(.+)$/;
const TYPE_NAME: Record<string, string> = { phuong: 'phường', xa: 'xã', thitran: 'thị trấn' };
const seenAlias = new Set<string>();
for (const row of readCsv('aliases/vietnamadminunits/alias_keywords/legacy/alias_ward.csv')) {
  const code = unitKey.get(`${row.province_key}|${row.district_key}|${row.ward_key}`);
  const m = TYPED.exec(row.alias_keyword ?? '');
  if (code === undefined || m === null) continue;
  const rest = m[2]!;
  const name = /^\d+$/.test(rest) ? String(Number(rest)) : spaced.get(rest);
  if (name === undefined) continue;
  const key = `${name}|${code}`;
  if (seenAlias.has(key)) continue;
  seenAlias.add(key);
  file.formerWardAliases.push([name, TYPE_NAME[m[1]!]!, code]);
}
file.sources.push(
  'tranngocminhhieu/vietnamadminunits 780c279 data/alias_keywords/legacy/alias_ward.csv (MIT)',
);

writeFileSync(OUT, `${JSON.stringify(file)}\n`);
console.log(
  `${OUT}: ${file.provinces.length} provinces, ${file.wards.length} communes and wards; ` +
    `before 1 July 2025 ${file.formerProvinces.length} provinces, ${file.formerDistricts.length} districts, ` +
    `${file.formerWards.length} communes and wards, ${file.formerWardAliases.length} merged before 2025; ${aliasCode.size} codes matched by name`,
);
