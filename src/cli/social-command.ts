import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { CliError } from './cli-error.js';

// `nghe social parse FILE --platform NAME`: one raw API response body in, JSON Lines out, one
// line per post, comment or reply, in the portable shape `nghe import` reads back.

/** Exit code for "this body is not one the platform's normaliser reads". */
export const UNREADABLE_BODY_EXIT_CODE = 2;
const MAX_BODY_BYTES = 256 * 1024 * 1024;

function readBody(target: string): string {
  try {
    const bytes = readFileSync(target === '-' ? 0 : target);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new CliError(`${target}: larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`);
    }
    return bytes.toString('utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`cannot read ${target}: ${code}`);
  }
}

export function registerSocialCommand(program: Command): void {
  const social = program
    .command('social')
    .description('work with social platforms’ API responses without storing anything');
  social
    .command('parse <file>')
    .description(
      'normalise one raw API response body (file or - for stdin) to JSON Lines, one line per post, comment or reply',
    )
    .requiredOption('--platform <name>', 'the platform whose official API returned the body')
    .action(async (file: string, options: { platform: string }) => {
      const { platformModules, platformModuleNamed } = await import('../connectors/platforms.js');
      const module = platformModuleNamed(options.platform);
      if (!module) {
        const names = [...platformModules.keys()].join(', ');
        throw new CliError(`unknown platform "${options.platform}"; one of: ${names}`);
      }
      const body = readBody(file);
      const { UnreadableBodyError } = await import('../connectors/social/platform-module.js');
      const { toSocialRecord } = await import('../connectors/social/social-record.js');
      const { createPseudonymiser, loadOrCreateSecret } = await import('../jobs/pseudonymise.js');
      let mentions: ReturnType<typeof module.parse>;
      try {
        mentions = module.parse(body, { url: /^https?:\/\//.test(file) ? file : undefined });
      } catch (error) {
        if (error instanceof UnreadableBodyError) {
          throw new CliError(error.message, UNREADABLE_BODY_EXIT_CODE);
        }
        throw error;
      }
      // Pseudonyms use the installation's key, so they match what collection stores.
      const pseudonymise = createPseudonymiser(loadOrCreateSecret(loadConfig().secretPath));
      let out = '';
      for (const mention of mentions) {
        const record = toSocialRecord(
          mention,
          (platform, author) => pseudonymise(platform, author).key,
        );
        out += `${JSON.stringify(record)}\n`;
      }
      process.stdout.write(out);
    });
}
