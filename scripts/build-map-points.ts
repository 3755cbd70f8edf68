// Builds the dashboard's map data, web/src/components/places-map/map-points.json, from the
// committed gazetteer (resources/places/gazetteer.json): each province's and ward's
// administrative centre, rounded to 0.001° (about 100 m), with its name, and the former
// districts' names for the first-run guide. ../shared/data/geo holds no boundaries, so the map
// draws proportional symbols at these points; served as a static asset, no tiles at run time.
// Run: npx tsx scripts/build-map-points.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GazetteerFile } from '../src/places/gazetteer-file.js';
import type { MapPoints } from '../web/src/components/places-map/map-points.js';

const IN = resolve('resources/places/gazetteer.json');
const OUT = resolve('web/src/components/places-map/map-points.json');

const round = (degrees: number) => Math.round(degrees * 1000) / 1000;

export function mapPointsOf(gazetteer: GazetteerFile): MapPoints {
  return {
    provinces: gazetteer.provinces.map(([code, name, type, en, lat, lon]) => [
      code,
      name,
      type,
      en,
      round(lat),
      round(lon),
    ]),
    wards: gazetteer.wards.map(([code, name, type, province, lat, lon]) => [
      code,
      name,
      type,
      province,
      round(lat),
      round(lon),
    ]),
    formerDistricts: gazetteer.formerDistricts.map(([code, name, type, province]) => [
      code,
      name,
      type,
      province,
    ]),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve('scripts/build-map-points.ts')) {
  const gazetteer = JSON.parse(readFileSync(IN, 'utf8')) as GazetteerFile;
  const points = mapPointsOf(gazetteer);
  writeFileSync(OUT, `${JSON.stringify(points)}\n`);
  console.log(
    `${OUT}: ${points.provinces.length} provinces, ${points.wards.length} wards, ${points.formerDistricts.length} former districts`,
  );
}
