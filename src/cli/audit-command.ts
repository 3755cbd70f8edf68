// nghe audit: the usage log. `verify` proves the chain and its seals intact or names the first
// broken entry (exit 3); `list` shows entries newest first with filters. Both are reads of the
// log, and are logged before they run.
import type { Command } from 'commander';
import { cliActor } from '../audit/cli-usage.js';
import { usageLogKey } from '../audit/usage-chain.js';
import { verifyChainOf } from '../audit/verify-chain.js';
import { loadConfig } from '../config/config.js';
import { loadOrCreateSecret } from '../jobs/pseudonymise.js';
import { usageLogFor } from '../store/usage-log-for.js';
import { CliError } from './cli-error.js';
import { isoDateOption } from './date-option.js';
import { parseId } from './topics-command.js';
import { withStore } from './with-app.js';

interface ListOptions {
  actor?: string;
  action?: string;
  unit?: string;
  since?: string;
  until?: string;
  limit: string;
  json?: boolean;
}

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('the usage log: verify it, list it');

  audit
    .command('verify')
    .description('check every entry’s chain and seal; names the first broken entry (exit 3)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      // Either back-end: the log is where the configured store keeps it.
      const key = usageLogKey(loadOrCreateSecret(loadConfig().secretPath));
      await withStore(async (store) => {
        await store.appendAudit({
          actor: cliActor(),
          action: 'cli.audit.verify',
          detail: '{}',
          resultCount: null,
        });
        const report = await verifyChainOf(usageLogFor(store, key).oldestFirst(), key);
        if (options.json) console.log(JSON.stringify(report));
        if (!report.ok) {
          throw new CliError(`usage log broken at ${report.reason}`, 3);
        }
        if (!options.json) {
          console.log(
            `usage log intact: ${report.entries} entries, seals checked` +
              (report.unsealedPrefix > 0
                ? ` (the first ${report.unsealedPrefix}, written before seals, are covered by the first sealed one)`
                : ''),
          );
          if (report.head) console.log(`head: #${report.head.id} ${report.head.hash}`);
        }
      });
    });

  audit
    .command('list')
    .description('entries newest first')
    .option('--actor <name>', 'who: a token or user name, or cli:USER')
    .option('--action <id>', "what: a route id or command (cli.topics.add); 'cli.*' for a prefix")
    .option('--unit <id>', 'entries done for this unit')
    .option('--since <date>', 'from this time (YYYY-MM-DD or ISO 8601)')
    .option('--until <date>', 'before this time')
    .option('--limit <n>', 'most entries shown', '50')
    .option('--json', 'print JSON Lines')
    .action(async (options: ListOptions) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        throw new CliError(`--limit: not a positive whole number: ${options.limit}`);
      }
      const since = isoDateOption(options.since, '--since');
      const until = isoDateOption(options.until, '--until');
      const filter = {
        limit,
        ...(options.actor === undefined ? {} : { actor: options.actor }),
        ...(options.action === undefined ? {} : { action: options.action }),
        ...(options.unit === undefined ? {} : { unitId: parseId(options.unit, 'unit id') }),
        ...(since === undefined ? {} : { from: since }),
        ...(until === undefined ? {} : { to: until }),
      };
      await withStore(async (store) => {
        const entries = await store.listAudit(filter);
        await store.appendAudit({
          actor: cliActor(),
          action: 'cli.audit.list',
          detail: JSON.stringify(filter),
          resultCount: entries.length,
        });
        for (const entry of entries) {
          if (options.json) {
            console.log(JSON.stringify(entry));
          } else {
            const count = entry.resultCount === null ? '' : `\t${entry.resultCount}`;
            console.log(
              `#${entry.id}\t${entry.at}\t${entry.actor}\t${entry.action}\t${entry.detail}${count}`,
            );
          }
        }
        if (entries.length === 0 && !options.json) console.log('no entries');
      });
    });
}
