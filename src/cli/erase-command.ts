// nghe erase --platform P --handle H: one person's erasure request. The handle is turned into
// the pseudonym collection stored (with the installation key) and every mention of theirs is
// removed, from the full-text index and the figures too. The usage log records the platform
// and how many mentions went, never the handle.
import type { Command } from 'commander';
import { cliActor } from '../audit/cli-usage.js';
import { loadConfig } from '../config/config.js';
import { loadOrCreateSecret } from '../jobs/pseudonymise.js';
import { PLATFORMS, type Platform } from '../model.js';
import { eraseAuthor } from '../privacy/retention.js';
import { retentionStoreFor } from '../store/retention-store-for.js';
import { CliError } from './cli-error.js';
import { withStore } from './with-app.js';

export function registerEraseCommand(program: Command): void {
  program
    .command('erase')
    .description('remove every mention of one person (nghe erase --platform P --handle H)')
    .requiredOption('--platform <name>', `where the person writes (${PLATFORMS.join(', ')})`)
    .requiredOption(
      '--handle <handle>',
      'their handle, or their account id where the platform has one',
    )
    .action(async (options: { platform: string; handle: string }) => {
      if (!(PLATFORMS as readonly string[]).includes(options.platform)) {
        throw new CliError(
          `--platform: unknown platform ${options.platform} (${PLATFORMS.join(', ')})`,
        );
      }
      if (options.handle.trim() === '') throw new CliError('--handle: give a handle or account id');
      const platform = options.platform as Platform;
      await withStore(async (store) => {
        const secret = loadOrCreateSecret(loadConfig().secretPath);
        const result = await eraseAuthor(
          retentionStoreFor(store)!,
          secret,
          platform,
          options.handle,
        );
        await store.appendAudit({
          actor: cliActor(),
          action: 'cli.erase',
          detail: JSON.stringify({ platform }),
          resultCount: result.mentions,
        });
        console.log(`erased ${result.mentions} mentions of that person on ${platform}`);
      });
    });
}
