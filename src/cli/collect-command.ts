import { setMaxListeners } from 'node:events';
import type { Command } from 'commander';
import type { CollectorEvent, RunSummary } from '../jobs/collector.js';
import { describeStreamEvent, type StreamRunnerEvent } from '../jobs/stream-runner.js';
import { onceOutcome } from './collect-outcome.js';
import { withApp } from './with-app.js';

export function registerCollectCommand(program: Command): void {
  program
    .command('collect')
    .description('fetch sources and store what is new (keeps running unless --once)')
    .option('--once', 'fetch the due sources once and exit')
    .option('--all', 'with --once: fetch every enabled source, due or not')
    .action(async (options: { once?: boolean; all?: boolean }) => {
      await withApp(async (app) => {
        const progress = createProgress(process.stderr);
        const collector = app.createCollector(progress.onEvent);
        const controller = new AbortController();
        // Every request in flight listens to this one signal.
        setMaxListeners(0, controller.signal);
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          if (options.once) {
            const summary = await collector.runOnce({
              all: options.all,
              signal: controller.signal,
            });
            progress.finish(summary);
            const outcome = onceOutcome(summary, await app.store.listSources());
            if (outcome.note) process.stderr.write(`${outcome.note}\n`);
            process.exitCode = outcome.exitCode || process.exitCode;
          } else {
            console.error('collecting; press Ctrl+C to stop');
            app.startRetention();
            await Promise.all([
              collector.runForever(controller.signal),
              app.createStreamRunner(logStreamEvent).run(controller.signal),
            ]);
            progress.finish(null);
          }
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      });
    });
}

/** Live sources' connections and drops, one line each on stderr. */
export function logStreamEvent(event: StreamRunnerEvent): void {
  const line = describeStreamEvent(event);
  if (line !== null) process.stderr.write(`${line}\n`);
}

/** One updating line on a terminal, one line per source otherwise (logs, CI). */
export function createProgress(out: NodeJS.WriteStream) {
  const tty = out.isTTY === true;
  let done = 0;
  let failed = 0;
  let fresh = 0;
  let started = 0;
  const onEvent = (event: CollectorEvent) => {
    if (event.type === 'source-start') {
      started++;
      return;
    }
    done++;
    let line: string;
    if (event.type === 'source-failed') {
      failed++;
      line = `FAIL #${event.source.id} ${event.source.url}: ${event.error}`;
    } else if (event.type === 'source-paused') {
      line = `wait #${event.source.id} ${event.source.url}: ${event.reason}`;
    } else {
      fresh += event.newCount;
      const note = event.notModified
        ? 'not modified'
        : `${event.itemCount} items, ${event.newCount} new`;
      const warn = event.warnings.length > 0 ? ` (${event.warnings.length} warning(s))` : '';
      line = `ok   #${event.source.id} ${event.source.url}: ${note}${warn}`;
    }
    if (tty) {
      const status = `[${done}/${started}] ${fresh} new mention(s), ${failed} failed`;
      const shown = event.type === 'source-failed' || event.type === 'source-paused';
      out.write(`\r\x1b[2K${shown ? `${line}\n` : ''}${status}`);
    } else out.write(`${line}\n`);
  };
  const finish = (summary: RunSummary | null) => {
    if (tty) out.write('\n');
    if (summary) {
      out.write(
        `${summary.sources} source(s): ${summary.succeeded} ok, ${summary.failed} failed; ${summary.items} items seen, ${summary.newMentions} new mention(s) stored\n`,
      );
    }
  };
  return { onEvent, finish };
}
