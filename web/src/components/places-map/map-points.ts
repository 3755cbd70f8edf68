// The map's places (administrative centres from the gazetteer, built by
// scripts/build-map-points.ts) and the arithmetic that turns figures into symbols.

/** code, name, type, English name, latitude, longitude. */
export type ProvincePoint = [string, string, string, string, number, number];
/** code, name, type, province code, latitude, longitude. */
export type WardPoint = [string, string, string, string, number, number];
/** code, name, type, former province code (names for units declared by former district). */
export type FormerDistrictName = [string, string, string, string];

export interface MapPoints {
  provinces: ProvincePoint[];
  wards: WardPoint[];
  formerDistricts: FormerDistrictName[];
}

/** A row of `GET /api/analytics/places`: sentiment counts are null for a hidden small group. */
export interface PlaceFigure {
  key: string;
  label: string | null;
  mentions: number;
  positive: number | null;
  neutral: number | null;
  negative: number | null;
}

export type MapLevel = 'province' | 'ward';
export type MapMetric = 'volume' | 'negative';

export interface PlacedFigure {
  code: string;
  name: string;
  lat: number;
  lon: number;
  figure: PlaceFigure;
  negativeShare: number | null;
}

/** Share of classified mentions that are negative; null when hidden or none were classified. */
export function negativeShare(row: PlaceFigure): number | null {
  if (row.positive === null || row.neutral === null || row.negative === null) return null;
  const rated = row.positive + row.neutral + row.negative;
  return rated === 0 ? null : row.negative / rated;
}

/** Rows placed at their centres; `other` and codes the map does not know are left to the table. */
export function placeFigures(
  points: MapPoints,
  level: MapLevel,
  rows: readonly PlaceFigure[],
  province: string | null = null,
): PlacedFigure[] {
  const centres = new Map<string, { name: string; lat: number; lon: number; province: string }>();
  if (level === 'province') {
    for (const [code, name, , , lat, lon] of points.provinces)
      centres.set(code, { name, lat, lon, province: code });
  } else {
    for (const [code, name, , prov, lat, lon] of points.wards)
      centres.set(code, { name, lat, lon, province: prov });
  }
  const placed: PlacedFigure[] = [];
  for (const row of rows) {
    const centre = centres.get(row.key);
    if (!centre || (province !== null && centre.province !== province)) continue;
    placed.push({
      code: row.key,
      name: centre.name,
      lat: centre.lat,
      lon: centre.lon,
      figure: row,
      negativeShare: negativeShare(row),
    });
  }
  return placed;
}

/** Symbol diameter in px whose area follows the count: the largest gets `max`, none below `min`. */
export function symbolDiameter(count: number, largest: number, max = 46, min = 6): number {
  if (largest <= 0 || count <= 0) return min;
  return Math.max(min, max * Math.sqrt(count / largest));
}

/** A value in [0, 1] to one of the ramp's colours, in equal steps. */
export function rampColour(value: number, ramp: readonly string[]): string {
  const clamped = Math.min(1, Math.max(0, value));
  const index = Math.min(ramp.length - 1, Math.floor(clamped * ramp.length));
  return ramp[index] ?? ramp[0] ?? '#888888';
}

export interface Extent {
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
}

/** The box around some points, padded by a share of its size (at least `minPad` degrees). */
export function extentOf(
  coordinates: readonly { lat: number; lon: number }[],
  pad = 0.06,
  minPad = 0.05,
): Extent | null {
  if (coordinates.length === 0) return null;
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const { lat, lon } of coordinates) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  const padLon = Math.max(minPad, (maxLon - minLon) * pad);
  const padLat = Math.max(minPad, (maxLat - minLat) * pad);
  return {
    minLon: minLon - padLon,
    maxLon: maxLon + padLon,
    minLat: minLat - padLat,
    maxLat: maxLat + padLat,
  };
}

/** Height in px that keeps a degree of longitude and of latitude the same length on screen. */
export function heightForWidth(extent: Extent, width: number): number {
  const midLat = ((extent.minLat + extent.maxLat) / 2) * (Math.PI / 180);
  const lonSpan = (extent.maxLon - extent.minLon) * Math.cos(midLat);
  const latSpan = extent.maxLat - extent.minLat;
  return lonSpan <= 0 ? width : (width * latSpan) / lonSpan;
}
