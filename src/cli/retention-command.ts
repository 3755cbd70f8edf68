// nghe retention run: removes the raw text and payloads of mentions older than the retention
// period (config `privacy.retentionDays`, default 90; --days overrides), keeping every figure,
// and reports what it removed. `serve` and `collect` run the same on a schedule.
import type { Command } from 'commander';
import { cliActor } from '../audit/cli-usage.js';
import { loadConfig } from '../config/config.js';
import { runRetention } from '../privacy/retention.js';
import { retentionStoreFor } from '../store/retention-store-for.js';
import { CliError } from './cli-error.js';
import { withStore } from './with-app.js';

export function registerRetentionCommand(program: Command): void {
  const retention = program
    .command('retention')
    .description('remove raw text and payloads past the retention period (figures stay)');

  retention
    .command('run')
    .description('remove them now and say how many')
    .option('--days <n>', 'keep this many days instead of the configured period')
    .option('--json', 'print the report as JSON')
    .action(async (options: { days?: string; json?: boolean }) => {
      await withStore(async (store) => {
        const config = loadConfig();
        const days =
          options.days === undefined ? config.privacy.retentionDays : Number(options.days);
        if (!Number.isInteger(days) || days < 1) {
          throw new CliError(`--days: not a positive whole number: ${options.days}`);
        }
        const report = await runRetention(retentionStoreFor(store)!, days);
        await store.appendAudit({
          actor: cliActor(),
          action: 'cli.retention.run',
          detail: JSON.stringify({ days, before: report.before }),
          resultCount: report.mentions,
        });
        if (options.json) console.log(JSON.stringify(report));
        else
          console.log(
            `retention: ${report.mentions} mentions from before ${report.before} lost their raw text and payload ` +
              `(${report.indexEntries} full-text entries removed); figures unchanged`,
          );
      });
    });
}
