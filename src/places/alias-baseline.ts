// The baseline the place tagger is measured against: every name and alias of the gazetteer
// matched as folded words, longest first, read as the first unit listed under it, with no
// type words, capitals, diacritics or context considered.
import type { Gazetteer } from './gazetteer.js';
import type { NameIndex } from './name-index.js';
import { scanWords } from './scan-words.js';
import type { PlaceLevel } from './tag-places.js';

export interface BaselinePlace {
  level: PlaceLevel;
  provinceCode: string;
  code: string;
}

export function aliasBaseline(gazetteer: Gazetteer, index: NameIndex) {
  return (text: string): BaselinePlace[] => {
    const { words } = scanWords(text);
    const out: BaselinePlace[] = [];
    let i = 0;
    while (i < words.length) {
      let found = 0;
      for (let n = Math.min(index.maxWords, words.length - i); n >= 1 && found === 0; n--) {
        const key = words
          .slice(i, i + n)
          .map((w) => w.fold)
          .join(' ');
        const e = index.byKey.get(key)?.[0];
        if (e === undefined || /^\d+$/.test(key)) continue;
        found = n;
        if (e.kind === 'province' || e.kind === 'formerProvince') {
          const code = e.kind === 'province' ? e.code : gazetteer.formerProvince(e.code)!.successor;
          const p = gazetteer.province(code)!;
          out.push({
            level: p.type === 'thành phố' ? 'city' : 'province',
            provinceCode: code,
            code,
          });
        } else if (e.kind === 'formerDistrict') {
          const d = gazetteer.formerDistrict(e.code)!;
          out.push({ level: 'district', provinceCode: d.province, code: d.code });
        } else if (e.kind === 'ward') {
          const w = gazetteer.ward(e.code)!;
          out.push({
            level: w.type === 'phường' ? 'ward' : 'commune',
            provinceCode: w.province,
            code: w.code,
          });
        } else {
          const w = gazetteer.formerWard(e.code)!;
          out.push({
            level: w.type === 'phường' ? 'ward' : 'commune',
            provinceCode: w.province,
            code: w.wards[0]!,
          });
        }
      }
      i += found === 0 ? 1 : found;
    }
    return out;
  };
}
