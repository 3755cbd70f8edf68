// What `nghe collect --once` says at the end, beyond the counts: why nothing was fetched when no
// source was due (another process, `nghe serve` most often, fetched them a moment ago), and an
// exit status that fails when every source fetched failed.
import type { RunSummary } from '../jobs/collector.js';
import type { Source } from '../model.js';

export interface OnceOutcome {
  /** A line to print after the counts, or null. */
  note: string | null;
  /** 0, or 1 when sources were fetched and every one failed. */
  exitCode: number;
}

export function onceOutcome(summary: RunSummary, sources: readonly Source[]): OnceOutcome {
  if (summary.sources > 0) {
    const allFailed = summary.failed > 0 && summary.succeeded === 0;
    return {
      note: allFailed ? `every source failed (${summary.failed}); see the lines above` : null,
      exitCode: allFailed ? 1 : 0,
    };
  }
  const enabled = sources.filter((s) => s.enabled);
  if (enabled.length === 0) {
    return { note: 'no sources to collect: add one with `nghe sources add URL`', exitCode: 0 };
  }
  const last = enabled
    .map((s) => s.health.lastAttemptAt)
    .filter((t): t is string => t !== null)
    .sort()
    .at(-1);
  const next = enabled.map((s) => s.schedule.nextFetchAt).sort()[0];
  const fetched = last ? `they were fetched at ${last} (by nghe serve, if it is running); ` : '';
  return {
    note: `no source is due: ${fetched}the next is due at ${next}; use --all to fetch every source now`,
    exitCode: 0,
  };
}
