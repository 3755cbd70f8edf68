// The fleet's story assigner: one worker at a time (a lease) keeps the story index and assigns
// the mentions the others' analysis jobs put on the waiting list (store/postgres/story-waiting.ts),
// so each text is indexed once across the fleet, not once per worker. It wakes when an analysis
// commits (NOTIFY), and otherwise looks every `pollMs`; the others try for the lease now and
// then, and one of them takes it (rebuilding the index from the tables) within a lease of its
// holder's death. Should two ever assign at once, the story lock and the catch-up on what the
// other wrote keep the stories right.
import type pg from 'pg';
import type { Logger } from '../ops/logger.js';
import { PgStoryAssigner } from '../store/postgres/story-assigner.js';
import {
  assignWaitingStories,
  MentionIdHorizon,
  STORIES_WAITING,
} from '../store/postgres/story-waiting.js';
import { holdLease, releaseLease } from './fleet-lease.js';
import type { JobWakeups } from './job-wakeups.js';

export const STORY_LEASE = 'story-assigner';

export interface StoryLeaderOptions {
  pool: pg.Pool;
  log: Logger;
  holder: string;
  wakeups: Pick<JobWakeups, 'onWake'>;
  signal: AbortSignal;
  /** How long the lease lasts; renewed when a third is left (default 30 s). */
  leaseMs?: number;
  /** How often the holder looks when nothing woke it (default 10 s). */
  pollMs?: number;
  /**
   * Longest a waiting mention is held for an earlier one's analysis (default 5 s); once it has,
   * that earlier one is not waited for again (see story-waiting.ts).
   */
  holdMs?: number;
  /** Mentions assigned per transaction (default 500). */
  batch?: number;
}

/** Runs until `signal` aborts; resolves once the lease is given up. */
export async function runStoryLeader(options: StoryLeaderOptions): Promise<void> {
  const { pool, log, holder, signal } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = Math.min(options.pollMs ?? 10_000, leaseMs / 3);
  const holdMs = options.holdMs ?? 5_000;
  const batch = options.batch ?? 500;
  const assigner = new PgStoryAssigner();
  let heldUntil = 0;
  // Unanalysed mentions up to this id have held others for holdMs already: not waited for again.
  let passed = 0;
  // Mentions with higher ids wait until every lower one is committed or never will be.
  const horizon = new MentionIdHorizon();
  let wake: (() => void) | null = null;
  let woken = false;
  options.wakeups.onWake(STORIES_WAITING, () => {
    woken = true;
    wake?.();
  });
  while (!signal.aborted) {
    let held = false;
    let delay = leaseMs / 2;
    try {
      if (Date.now() < heldUntil - leaseMs / 3) held = true;
      else {
        const asked = Date.now();
        held = await holdLease(pool, STORY_LEASE, holder, leaseMs);
        heldUntil = held ? asked + leaseMs : 0;
      }
      if (held) {
        woken = false;
        const outcome = await assignWaitingStories(pool, assigner, {
          holdMs,
          limit: batch,
          passed,
          horizon,
        });
        const { taken, held: waiting } = outcome;
        passed = outcome.passed;
        // A full batch: more are waiting. Held ones: look again shortly.
        delay = taken >= batch ? 0 : waiting > 0 ? Math.min(250, holdMs) : pollMs;
      }
    } catch (error) {
      log.warn('cannot assign waiting stories; trying again', { error });
      delay = 1_000;
    }
    if (delay > 0 && !(held && woken)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          wake = null;
          resolve();
        };
        const timer = setTimeout(done, delay);
        signal.addEventListener('abort', done, { once: true });
        // Only the holder is woken by analyses; the others wait for the lease to lapse.
        if (held) wake = done;
      });
    }
  }
  await releaseLease(pool, STORY_LEASE, holder).catch(() => {});
}
