// Retention on a schedule inside long-running commands (`serve`, `collect`): a run at start and
// then every `everyMs`, each reporting what it removed in the usage log as `retention.run`,
// the same figures `nghe retention run` prints. A failed run is reported and the next one tries
// again; runs never overlap.
import type { AuditEntry } from '../store/listening-store.js';
import { type RetentionReport, runRetention } from './retention.js';
import type { RetentionStore } from './retention-store.js';

export const RETENTION_ACTOR = 'system:retention';

export interface RetentionScheduleOptions {
  store: RetentionStore;
  /** Where each run is reported (the usage log). */
  log: (entry: Omit<AuditEntry, 'id' | 'at'>) => Promise<void>;
  days: number;
  everyMs: number;
  now?: () => Date;
  /** Problems, one line each; default console.error. */
  warn?: (line: string) => void;
}

export interface RetentionSchedule {
  /** Run now (waits for a run in progress instead of starting a second). */
  runNow(): Promise<RetentionReport | null>;
  stop(): Promise<void>;
}

export function startRetentionSchedule(options: RetentionScheduleOptions): RetentionSchedule {
  const now = options.now ?? (() => new Date());
  const warn = options.warn ?? ((line: string) => console.error(line));
  let running: Promise<RetentionReport | null> | null = null;
  let stopped = false;

  const run = (): Promise<RetentionReport | null> => {
    if (stopped) return Promise.resolve(null);
    running ??= (async () => {
      try {
        const report = await runRetention(options.store, options.days, now());
        await options.log({
          actor: RETENTION_ACTOR,
          action: 'retention.run',
          detail: JSON.stringify({
            days: report.days,
            before: report.before,
            indexEntries: report.indexEntries,
          }),
          resultCount: report.mentions,
        });
        return report;
      } catch (error) {
        warn(
          `retention: run failed: ${(error as Error).message}; next try in ${options.everyMs} ms`,
        );
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const timer = setInterval(() => void run(), options.everyMs);
  timer.unref();
  const first = setTimeout(() => void run(), 0);
  first.unref();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
