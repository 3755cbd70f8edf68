// When to poll a source next. Busy sources are polled often, quiet ones rarely, failing ones
// with exponential backoff; a server's Retry-After is always honoured. Pure functions, so the
// policy is tested without clocks or networks.
import type { SourceSchedule } from '../model.js';

export const MIN_INTERVAL_SECONDS = 5 * 60;
export const MAX_INTERVAL_SECONDS = 24 * 60 * 60;
export const DEFAULT_INTERVAL_SECONDS = 30 * 60;
/** Longest wait after repeated failures; a dead source is still retried daily. */
export const MAX_BACKOFF_SECONDS = 24 * 60 * 60;

export interface SuccessObservation {
  /** Publication times (ISO) of the items in this fetch. */
  publishedTimes: (string | null)[];
  newCount: number;
  notModified: boolean;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * Estimates how often the source publishes from the gaps between its newest items, and polls
 * about twice per expected new item. Without dates, it adapts multiplicatively: halve when
 * something new arrived, grow by half when nothing did.
 */
export function intervalAfterSuccess(
  previousSeconds: number,
  observation: SuccessObservation,
  now: Date,
): number {
  const times = observation.publishedTimes
    .map((t) => (t ? Date.parse(t) : Number.NaN))
    .filter((t) => Number.isFinite(t) && t <= now.getTime() + 3600_000)
    .sort((a, b) => b - a)
    .slice(0, 20);
  if (times.length >= 3) {
    const newest = times[0]!;
    const oldest = times[times.length - 1]!;
    const meanGapSeconds = (newest - oldest) / 1000 / (times.length - 1);
    // A source whose newest item is far older than its usual gap has gone quiet: stretch.
    const silenceSeconds = (now.getTime() - newest) / 1000;
    const estimate = Math.max(meanGapSeconds, silenceSeconds / 4) / 2;
    return Math.round(clamp(estimate, MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS));
  }
  const factor = observation.newCount > 0 ? 0.5 : 1.5;
  return Math.round(clamp(previousSeconds * factor, MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS));
}

/** Exponential backoff from the base interval, at least what the server asked for. */
export function delayAfterFailure(
  consecutiveFailures: number,
  retryAfterSeconds: number | null,
): number {
  const backoff = MIN_INTERVAL_SECONDS * 2 ** Math.max(0, consecutiveFailures - 1);
  const delay = Math.max(backoff, retryAfterSeconds ?? 0);
  return Math.round(Math.min(delay, MAX_BACKOFF_SECONDS));
}

/** Spreads polls by ±10 % so that thousands of sources added together do not fire together. */
export function jitter(seconds: number, random: () => number = Math.random): number {
  return Math.round(seconds * (0.9 + 0.2 * random()));
}

export function scheduleAt(
  now: Date,
  delaySeconds: number,
  intervalSeconds: number,
): SourceSchedule {
  return {
    intervalSeconds,
    nextFetchAt: new Date(now.getTime() + delaySeconds * 1000).toISOString(),
  };
}
