// Public surface of sector tagging.

export { resolveSector } from './resolve-sector.js';
export {
  createSectorTagger,
  defaultSectorTagger,
  loadSectors,
  type Sector,
  type SectorId,
  type SectorTag,
  type SectorTagger,
  tagSectors,
} from './tag-sectors.js';
