// A place as a user names it in a query or a filter ("TP.HCM", "quan 1", "phường Bến Nghé",
// "79", "26734") resolved to the codes a tagged mention carries: today's province codes (two
// digits), today's ward and commune codes (five digits) and former district codes (three
// digits). A province covers its wards because every tagged place also carries its province;
// a former district covers the wards its territory became.
import type { Gazetteer } from './gazetteer.js';
import { loadGazetteer } from './gazetteer.js';
import { buildNameIndex, loadAliases, type NameEntry, type NameIndex } from './name-index.js';
import { foldWord } from './scan-words.js';

export interface ResolvedPlace {
  /** Codes a mention's places must share one of. */
  codes: string[];
  /** Today's name of the unit, with its type word. */
  label: string;
  level: 'province' | 'district' | 'ward';
}

/** Unit type words a user may put before a name; the name itself is what is looked up. */
const TYPE_PREFIXES = [
  ['thanh', 'pho'],
  ['tinh'],
  ['tp'],
  ['quan'],
  ['q'],
  ['huyen'],
  ['thi', 'xa'],
  ['phuong'],
  ['p'],
  ['xa'],
  ['thi', 'tran'],
  ['dac', 'khu'],
];
const DISTRICT_WORDS = new Set(['quan', 'q', 'huyen', 'thi xa']);
const WARD_WORDS = new Set(['phuong', 'p', 'xa', 'thi tran', 'dac khu']);
const PROVINCE_WORDS = new Set(['thanh pho', 'tinh', 'tp']);

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

export interface PlaceResolver {
  resolve(text: string): ResolvedPlace | null;
}

export function createPlaceResolver(gazetteer: Gazetteer, index: NameIndex): PlaceResolver {
  const province = (code: string): ResolvedPlace | null => {
    const p = gazetteer.province(code);
    if (p) return { codes: [p.code], label: `${p.type} ${p.name}`, level: 'province' };
    const former = gazetteer.formerProvince(code);
    return former ? province(former.successor) : null;
  };
  const district = (code: string): ResolvedPlace | null => {
    const d = gazetteer.formerDistrict(code);
    if (!d) return null;
    return { codes: [d.code, ...d.wards], label: `${d.type} ${d.name}`, level: 'district' };
  };
  const ward = (code: string): ResolvedPlace | null => {
    const w = gazetteer.ward(code);
    if (w) return { codes: [w.code], label: `${w.type} ${w.name}`, level: 'ward' };
    const fw = gazetteer.formerWard(code);
    if (!fw) return null;
    return { codes: [...fw.wards], label: `${fw.type} ${fw.name}`, level: 'ward' };
  };
  const ofEntry = (e: NameEntry): ResolvedPlace | null => {
    switch (e.kind) {
      case 'province':
      case 'formerProvince':
        return province(e.code);
      case 'formerDistrict':
        return district(e.code);
      case 'ward':
      case 'formerWard':
        return ward(e.code);
    }
  };

  const resolve = (text: string): ResolvedPlace | null => {
    const trimmed = text.trim();
    if (/^\d+$/.test(trimmed)) {
      if (trimmed.length <= 2) return province(trimmed.padStart(2, '0'));
      if (trimmed.length === 3) return district(trimmed);
      return ward(trimmed.padStart(5, '0'));
    }
    const raw = trimmed.normalize('NFC').match(WORD) ?? [];
    let words = raw.map(foldWord);
    let typeWords = '';
    for (const prefix of TYPE_PREFIXES) {
      if (words.length > prefix.length && prefix.every((w, i) => words[i] === w)) {
        typeWords = prefix.join(' ');
        words = words.slice(prefix.length);
        break;
      }
    }
    // "Q.1", "quận 01": numbered units are stored without leading zeros.
    const key = words.map((w) => (/^\d+$/.test(w) ? String(Number(w)) : w)).join(' ');
    const all = [
      ...(index.byKey.get(key) ?? []),
      ...(index.byKey.get(raw.map(foldWord).join(' ')) ?? []),
    ];
    const entries = all.filter((e) => e.exact === undefined || raw.join(' ') === e.exact);
    const wanted = (e: NameEntry): boolean => {
      if (DISTRICT_WORDS.has(typeWords)) return e.kind === 'formerDistrict';
      if (WARD_WORDS.has(typeWords)) return e.kind === 'ward' || e.kind === 'formerWard';
      if (PROVINCE_WORDS.has(typeWords)) {
        return e.kind === 'province' || e.kind === 'formerProvince' || e.kind === 'formerDistrict';
      }
      return true;
    };
    const candidates = entries.filter(wanted);
    // Larger units first: a bare "Huế" is the city, not a ward of that name; today's units
    // before former ones.
    const rank: Record<NameEntry['kind'], number> = {
      province: 0,
      formerProvince: 1,
      formerDistrict: 2,
      ward: 3,
      formerWard: 4,
    };
    candidates.sort((a, b) => rank[a.kind] - rank[b.kind]);
    const best = candidates[0];
    if (!best) return null;
    // A ward name shared by several provinces names none of them in particular: every one of
    // them counts.
    const same = candidates.filter((e) => e.kind === best.kind);
    const resolved = same.map(ofEntry).filter((r): r is ResolvedPlace => r !== null);
    if (resolved.length === 0) return null;
    return {
      codes: [...new Set(resolved.flatMap((r) => r.codes))],
      label: resolved[0]!.label,
      level: resolved[0]!.level,
    };
  };
  return { resolve };
}

let cached: PlaceResolver | undefined;

/** The resolver over the committed gazetteer and aliases, built once. */
export function defaultPlaceResolver(): PlaceResolver {
  if (cached === undefined) {
    const gazetteer = loadGazetteer();
    cached = createPlaceResolver(gazetteer, buildNameIndex(gazetteer, loadAliases()));
  }
  return cached;
}

/** Codes of a place named by a user, or null when the gazetteer knows no such place. */
export function resolvePlace(text: string): ResolvedPlace | null {
  return defaultPlaceResolver().resolve(text);
}

/**
 * The codes a tagged mention is matched and filtered by: each place's province, its ward or
 * wards, and a former district's own code.
 */
export function placeCodesOf(
  places: readonly { province: string; ward: string | null; code: string; level: string }[],
): string[] {
  const out = new Set<string>();
  for (const p of places) {
    out.add(p.province);
    if (p.ward) out.add(p.ward);
    if (p.level === 'district') out.add(p.code);
  }
  return [...out];
}
