// The committed gazetteer's on-disk shape (resources/places/gazetteer.json), written by
// scripts/build-gazetteer.ts. Rows are tuples to keep the file small.

export const GAZETTEER_FORMAT = 1;

/** code, name, type ("tỉnh" | "thành phố"), English name, latitude, longitude. */
export type ProvinceRow = [string, string, string, string, number, number];
/** code, name, type ("phường" | "xã" | "đặc khu"), province code, latitude, longitude. */
export type WardRow = [string, string, string, string, number, number];
/** code, name, type, code of the province it became part of. */
export type FormerProvinceRow = [string, string, string, string];
/** code, name, type ("quận" | "huyện" | "thị xã" | "thành phố"), former province, wards it became. */
export type FormerDistrictRow = [string, string, string, string, string[]];
/** code, name, type ("phường" | "xã" | "thị trấn"), former district, wards it became. */
export type FormerWardRow = [string, string, string, string, string[]];

/** name (without its type word), type, code of the former ward that took it in. */
export type FormerWardAliasRow = [string, string, string];

export interface GazetteerFile {
  format: number;
  sources: string[];
  /** In force since 1 July 2025. */
  provinces: ProvinceRow[];
  wards: WardRow[];
  /** In force until 30 June 2025. */
  formerProvinces: FormerProvinceRow[];
  formerDistricts: FormerDistrictRow[];
  formerWards: FormerWardRow[];
  /** Names of communes and wards merged between 2018 and 2025 -> the former unit that took them in. */
  formerWardAliases: FormerWardAliasRow[];
}
