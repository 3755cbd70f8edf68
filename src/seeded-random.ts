// One seeded pseudo-random source for everything that must repeat itself run after run:
// training shuffles, synthetic benchmark and demo data, property tests.

export type Random = () => number;

/** Mulberry32: small, fast, good enough for shuffles and test data; same sequence per seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
