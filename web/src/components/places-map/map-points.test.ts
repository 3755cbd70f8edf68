// Figures placed at their centres, symbol sizes by area, colour steps and the map's aspect.
import { describe, expect, it } from 'vitest';
import {
  extentOf,
  heightForWidth,
  type MapPoints,
  negativeShare,
  type PlaceFigure,
  placeFigures,
  rampColour,
  symbolDiameter,
} from './map-points.js';

const points: MapPoints = {
  provinces: [
    ['79', 'Hồ Chí Minh', 'thành phố', 'Ho Chi Minh City', 10.776, 106.7],
    ['01', 'Hà Nội', 'thành phố', 'Hanoi', 21, 105.698],
  ],
  wards: [
    ['26740', 'Sài Gòn', 'phường', '79', 10.777, 106.702],
    ['00004', 'Ba Đình', 'phường', '01', 21.039, 105.838],
  ],
  formerDistricts: [],
};

const row = (key: string, mentions: number, negative: number | null): PlaceFigure => ({
  key,
  label: null,
  mentions,
  positive: negative === null ? null : 0,
  neutral: negative === null ? null : mentions - negative,
  negative,
});

describe('map points', () => {
  it('places known codes, leaves other and unknown ones to the table', () => {
    const placed = placeFigures(points, 'province', [
      row('79', 12, 6),
      row('other', 3, null),
      row('99', 1, 0),
    ]);
    expect(placed.map((p) => [p.code, p.name, p.negativeShare])).toEqual([
      ['79', 'Hồ Chí Minh', 0.5],
    ]);
  });

  it('keeps the wards of the chosen province only', () => {
    const rows = [row('26740', 4, 1), row('00004', 2, 0)];
    expect(placeFigures(points, 'ward', rows, '79').map((p) => p.code)).toEqual(['26740']);
    expect(placeFigures(points, 'ward', rows).map((p) => p.code)).toEqual(['26740', '00004']);
  });

  it('has no negative share for a hidden group or when nothing was classified', () => {
    expect(negativeShare(row('79', 5, null))).toBeNull();
    expect(negativeShare({ ...row('79', 0, 0) })).toBeNull();
  });

  it('sizes symbols by area: a quarter of the count is half the diameter', () => {
    expect(symbolDiameter(100, 100, 40)).toBe(40);
    expect(symbolDiameter(25, 100, 40)).toBe(20);
    expect(symbolDiameter(1, 10_000, 40, 6)).toBe(6);
  });

  it('maps values to ramp steps, clamped at both ends', () => {
    const ramp = ['a', 'b', 'c', 'd'];
    expect([-1, 0, 0.3, 0.5, 0.99, 1, 2].map((v) => rampColour(v, ramp))).toEqual([
      'a',
      'a',
      'b',
      'c',
      'd',
      'd',
      'd',
    ]);
  });

  it('keeps degrees of latitude and longitude the same length on screen', () => {
    const extent = extentOf([
      { lat: 0, lon: 0 },
      { lat: 10, lon: 10 },
    ])!;
    const height = heightForWidth(extent, 500);
    const midLat = ((extent.minLat + extent.maxLat) / 2) * (Math.PI / 180);
    expect(height).toBeCloseTo(500 / Math.cos(midLat), 6);
    expect(extentOf([])).toBeNull();
  });
});
