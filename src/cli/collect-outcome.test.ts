import { describe, expect, it } from 'vitest';
import type { Source } from '../model.js';
import { onceOutcome } from './collect-outcome.js';

const source = (lastAttemptAt: string | null, nextFetchAt: string, enabled = true) =>
  ({
    enabled,
    health: { lastAttemptAt },
    schedule: { intervalSeconds: 900, nextFetchAt },
  }) as unknown as Source;

const summary = (sources: number, succeeded: number, failed: number) => ({
  sources,
  succeeded,
  failed,
  items: 0,
  newMentions: 0,
});

describe('onceOutcome', () => {
  it('says the sources were just fetched, and when the next is due, when none is due', () => {
    const outcome = onceOutcome(summary(0, 0, 0), [
      source('2026-12-01T10:00:00.000Z', '2026-12-01T10:15:00.000Z'),
      source('2026-12-01T10:02:00.000Z', '2026-12-01T10:12:00.000Z'),
    ]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.note).toBe(
      'no source is due: they were fetched at 2026-12-01T10:02:00.000Z (by nghe serve, if it is running); the next is due at 2026-12-01T10:12:00.000Z; use --all to fetch every source now',
    );
  });

  it('exits non-zero when every source fetched failed, not when some did', () => {
    const none = onceOutcome(summary(3, 0, 3), []);
    expect(none.exitCode).toBe(1);
    expect(none.note).toMatch(/every source failed \(3\)/);
    expect(onceOutcome(summary(3, 1, 2), []).exitCode).toBe(0);
  });

  it('points to sources add when there is nothing to collect from', () => {
    const outcome = onceOutcome(summary(0, 0, 0), [source(null, '2026-12-01T10:00:00Z', false)]);
    expect(outcome.note).toMatch(/nghe sources add/);
  });
});
