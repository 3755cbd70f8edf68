// Public surface of places: the two-structure gazetteer and the place tagger.
export {
  createGazetteer,
  type FormerDistrict,
  type FormerProvince,
  type FormerWard,
  type Gazetteer,
  loadGazetteer,
  type Province,
  REORGANISATION_DATE,
  type Structure,
  type Ward,
} from './gazetteer.js';
export { readInStructure, type UnitInStructure } from './read-in-structure.js';
export {
  createPlaceTagger,
  defaultPlaceTagger,
  type PlaceContext,
  type PlaceLevel,
  type PlaceMention,
  type PlaceTagger,
  tagPlaces,
} from './tag-places.js';
