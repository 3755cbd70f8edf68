// The time-ordered key that orders search results and is the rowid of the full-text index:
//   key = sort time in whole seconds * 2^20 + tiebreak
// Sort time is published_at, or collected_at when the source gave no date. The tiebreak starts
// at the low 20 bits of the mention id, so mentions published in the same second keep insertion
// order, and moves to the next free slot on the rare collision. Keys stay below 2^53 (exact in
// a JavaScript number) for dates between the years 1698 and 2242.

const SLOTS = 2 ** 20;
const MAX_SECONDS = 2 ** 32;

/** Milliseconds since the epoch of an ISO 8601 timestamp; null when it does not parse. */
export function timestampMs(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

function seconds(ms: number): number {
  return Math.min(Math.max(Math.floor(ms / 1000), -MAX_SECONDS), MAX_SECONDS);
}

export function searchKey(ms: number, tiebreak: number): number {
  return seconds(ms) * SLOTS + (tiebreak & (SLOTS - 1));
}

/** The next slot within the same second, wrapping around. */
export function nextSlot(key: number): number {
  const base = Math.floor(key / SLOTS) * SLOTS;
  return base + ((key - base + 1) % SLOTS);
}

/** Smallest key in the second holding `ms`. */
export function firstKeyAt(ms: number): number {
  return seconds(ms) * SLOTS;
}

/** Largest key in the second holding `ms`. */
export function lastKeyAt(ms: number): number {
  return seconds(ms) * SLOTS + SLOTS - 1;
}

export const SLOTS_PER_SECOND = SLOTS;
