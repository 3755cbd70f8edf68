// A tagged place read in either structure: today's (province -> commune or ward) or the former
// one (province -> district -> commune or ward), so counts and reports can be rolled up by
// either. A unit of one structure may cover several of the other.
import type { Gazetteer, Structure } from './gazetteer.js';
import type { PlaceMention } from './tag-places.js';

export interface UnitInStructure {
  level: 'province' | 'district' | 'ward';
  code: string;
  name: string;
}

/** The units of `structure` a mention covers, from the province down to its own level. */
export function readInStructure(
  gazetteer: Gazetteer,
  mention: PlaceMention,
  structure: Structure,
): UnitInStructure[] {
  const out: UnitInStructure[] = [];
  const add = (level: UnitInStructure['level'], code: string, name: string) => {
    if (!out.some((u) => u.level === level && u.code === code)) out.push({ level, code, name });
  };
  const todayWards =
    mention.level === 'province' || mention.level === 'city'
      ? []
      : (mention.wards ?? [mention.code]);
  if (structure === 'current') {
    const p = gazetteer.province(mention.provinceCode)!;
    add('province', p.code, p.name);
    for (const code of todayWards) {
      const w = gazetteer.ward(code);
      if (w) add('ward', w.code, `${w.type} ${w.name}`);
    }
    return out;
  }
  if (mention.level === 'province' || mention.level === 'city') {
    const former = mention.formerCode
      ? [gazetteer.formerProvince(mention.formerCode)!]
      : gazetteer.formerProvinces.filter((p) => p.successor === mention.provinceCode);
    for (const p of former) add('province', p.code, p.name);
    return out;
  }
  const formerWards =
    mention.level === 'district'
      ? []
      : mention.formerCode
        ? [gazetteer.formerWard(mention.formerCode)!]
        : todayWards.flatMap((code) => gazetteer.predecessorsOf(code));
  const districts =
    mention.level === 'district'
      ? [gazetteer.formerDistrict(mention.code)!]
      : formerWards.map((w) => gazetteer.formerDistrict(w.district)!);
  for (const d of districts) {
    const p = gazetteer.formerProvince(d.formerProvince)!;
    add('province', p.code, p.name);
  }
  for (const d of districts) add('district', d.code, `${d.type} ${d.name}`);
  for (const w of formerWards) add('ward', w.code, `${w.type} ${w.name}`);
  return out;
}
