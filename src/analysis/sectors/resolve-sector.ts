// A sector as a user names it in a query or filter: its id ("flooding"), its Vietnamese or
// English name ("Ngập lụt, thoát nước", "flooding and drainage"), or one part of that name
// ("ngập lụt", "giao thong"), accent-insensitive.
import { foldDiacritics } from '../../text/fold.js';
import { loadSectors, type Sector, type SectorId } from './tag-sectors.js';

const norm = (s: string) =>
  foldDiacritics(s.normalize('NFC').toLowerCase())
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

function namesOf(sector: Sector): string[] {
  const names = [sector.id, sector.vi, sector.en];
  for (const part of sector.vi.split(/,|\bvà\b/u)) names.push(part);
  for (const part of sector.en.split(/,|\band\b/u)) names.push(part);
  return names.map(norm).filter((n) => n !== '');
}

let byName: Map<string, SectorId> | undefined;

/** The sector id a user's text names, or null when no sector has that id or name. */
export function resolveSector(text: string): SectorId | null {
  if (byName === undefined) {
    byName = new Map();
    for (const sector of loadSectors()) {
      for (const name of namesOf(sector)) if (!byName.has(name)) byName.set(name, sector.id);
    }
  }
  return byName.get(norm(text)) ?? null;
}
