// Vietnam's administrative units in both structures: since 1 July 2025 (province -> commune or
// ward) and until 30 June 2025 (province -> district -> commune or ward), with each former
// unit's successors, so a count kept under either structure can be read in the other.
import { readResource } from '../package-root.js';
import { GAZETTEER_FORMAT, type GazetteerFile } from './gazetteer-file.js';

/** The day the two-level structure took effect. */
export const REORGANISATION_DATE = '2025-07-01';

export type Structure = 'current' | 'former';

export interface Province {
  code: string;
  name: string;
  /** "tỉnh" or "thành phố" (a city run by the central government). */
  type: string;
  nameEn: string;
  lat: number;
  lon: number;
}

export interface Ward {
  code: string;
  name: string;
  /** "phường", "xã" or "đặc khu". */
  type: string;
  province: string;
  lat: number;
  lon: number;
}

export interface FormerProvince {
  code: string;
  name: string;
  type: string;
  /** Today's province it became part of. */
  successor: string;
}

export interface FormerDistrict {
  code: string;
  name: string;
  /** "quận", "huyện", "thị xã" or "thành phố". */
  type: string;
  formerProvince: string;
  /** Today's province. */
  province: string;
  /** Today's communes and wards its territory became. */
  wards: readonly string[];
}

export interface FormerWard {
  code: string;
  name: string;
  /** "phường", "xã" or "thị trấn". */
  type: string;
  district: string;
  formerProvince: string;
  province: string;
  /** Today's communes and wards it became (several when it was divided). */
  wards: readonly string[];
}

export interface Gazetteer {
  readonly provinces: readonly Province[];
  readonly wards: readonly Ward[];
  readonly formerProvinces: readonly FormerProvince[];
  readonly formerDistricts: readonly FormerDistrict[];
  readonly formerWards: readonly FormerWard[];
  /** Names of units merged between 2018 and 2025, with the former ward that took each in. */
  readonly formerWardAliases: readonly { name: string; type: string; code: string }[];
  readonly sources: readonly string[];
  province(code: string): Province | undefined;
  ward(code: string): Ward | undefined;
  formerProvince(code: string): FormerProvince | undefined;
  formerDistrict(code: string): FormerDistrict | undefined;
  formerWard(code: string): FormerWard | undefined;
  /** Former communes and wards whose territory (or part of it) a ward of today took in. */
  predecessorsOf(wardCode: string): FormerWard[];
  /** Former districts that (in part) became the given ward of today. */
  formerDistrictsOf(wardCode: string): FormerDistrict[];
}

export function createGazetteer(file: GazetteerFile): Gazetteer {
  if (file.format !== GAZETTEER_FORMAT) {
    throw new Error(`gazetteer format ${file.format}, expected ${GAZETTEER_FORMAT}`);
  }
  const provinces = file.provinces.map(
    ([code, name, type, nameEn, lat, lon]): Province => ({ code, name, type, nameEn, lat, lon }),
  );
  const wards = file.wards.map(
    ([code, name, type, province, lat, lon]): Ward => ({ code, name, type, province, lat, lon }),
  );
  const formerProvinces = file.formerProvinces.map(
    ([code, name, type, successor]): FormerProvince => ({ code, name, type, successor }),
  );
  const formerProvinceBy = new Map(formerProvinces.map((p) => [p.code, p]));
  const formerDistricts = file.formerDistricts.map(
    ([code, name, type, formerProvince, successors]): FormerDistrict => ({
      code,
      name,
      type,
      formerProvince,
      province: formerProvinceBy.get(formerProvince)!.successor,
      wards: successors,
    }),
  );
  const formerDistrictBy = new Map(formerDistricts.map((d) => [d.code, d]));
  const formerWards = file.formerWards.map(
    ([code, name, type, district, successors]): FormerWard => {
      const d = formerDistrictBy.get(district)!;
      return {
        code,
        name,
        type,
        district,
        formerProvince: d.formerProvince,
        province: d.province,
        wards: successors,
      };
    },
  );
  const provinceBy = new Map(provinces.map((p) => [p.code, p]));
  const wardBy = new Map(wards.map((w) => [w.code, w]));
  const formerWardBy = new Map(formerWards.map((w) => [w.code, w]));
  const predecessors = new Map<string, FormerWard[]>();
  for (const fw of formerWards) {
    for (const code of fw.wards) {
      const list = predecessors.get(code);
      if (list) list.push(fw);
      else predecessors.set(code, [fw]);
    }
  }
  return {
    provinces,
    wards,
    formerProvinces,
    formerDistricts,
    formerWards,
    formerWardAliases: file.formerWardAliases.map(([name, type, code]) => ({ name, type, code })),
    sources: file.sources,
    province: (code) => provinceBy.get(code),
    ward: (code) => wardBy.get(code),
    formerProvince: (code) => formerProvinceBy.get(code),
    formerDistrict: (code) => formerDistrictBy.get(code),
    formerWard: (code) => formerWardBy.get(code),
    predecessorsOf: (code) => predecessors.get(code) ?? [],
    formerDistrictsOf: (code) => {
      const seen = new Map<string, FormerDistrict>();
      for (const fw of predecessors.get(code) ?? []) {
        seen.set(fw.district, formerDistrictBy.get(fw.district)!);
      }
      return [...seen.values()];
    },
  };
}

let cached: Gazetteer | undefined;

/** The committed gazetteer (resources/places/gazetteer.json), loaded once. */
export function loadGazetteer(): Gazetteer {
  cached ??= createGazetteer(
    JSON.parse(readResource('resources/places/gazetteer.json')) as GazetteerFile,
  );
  return cached;
}
