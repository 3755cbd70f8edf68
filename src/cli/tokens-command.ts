// nghe tokens: bearer tokens for the HTTP API. Only a SHA-256 hash is stored; the token is
// shown once, as the last line of output, so scripts can take it with `tail -n 1`.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { hashApiToken } from '../http/token-auth.js';
import { CliError } from './cli-error.js';
import { parseId } from './topics-command.js';
import { withStore } from './with-app.js';

/** 32 random bytes, base64url, with a prefix that makes leaked tokens easy to search for. */
export function generateApiToken(): string {
  return `nghe_${randomBytes(32).toString('base64url')}`;
}

export function registerTokensCommand(program: Command): void {
  const tokens = program.command('tokens').description('API tokens');

  tokens
    .command('create')
    .description('create a token; it is printed once, as the last line')
    .requiredOption('--name <name>', 'who or what uses it')
    .action(async (options: { name: string }) => {
      const name = options.name.trim();
      if (name === '') throw new CliError('--name: give the token a name');
      const token = generateApiToken();
      await withStore(async (store) => {
        const created = await store.createApiToken(name, hashApiToken(token));
        console.log(`created token #${created.id} ${created.name}; it is shown only now:`);
        console.log(token);
      });
    });

  tokens
    .command('list')
    .description('list tokens (never their value)')
    .action(async () => {
      await withStore(async (store) => {
        const all = await store.listApiTokens();
        if (all.length === 0) console.log('no tokens yet: nghe tokens create --name N');
        for (const t of all) {
          const state = t.revokedAt ? `revoked ${t.revokedAt}` : 'active';
          console.log(`#${t.id}\t${t.name}\t${state}\tlast used ${t.lastUsedAt ?? 'never'}`);
        }
      });
    });

  tokens
    .command('revoke <id>')
    .description('revoke a token at once')
    .action(async (id: string) => {
      await withStore(async (store) => {
        const tokenId = parseId(id, 'token id');
        if (!(await store.revokeApiToken(tokenId))) {
          throw new CliError(`no active token #${tokenId}`);
        }
        console.log(`revoked token #${tokenId}`);
      });
    });
}
