// nghe tokens: bearer tokens for the HTTP API. Each belongs to a user (the built-in
// administrator unless --user is given, as before users existed), carries scopes and expires.
// Only a SHA-256 hash is stored; the token is shown once, as the last line of output, so
// scripts can take it with `tail -n 1`.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { hashApiToken } from '../http/token-auth.js';
import { parseScopes } from '../identity/roles.js';
import { CliError } from './cli-error.js';
import { auditCli, userNamed, withIdentity } from './identity-cli.js';
import { parseId } from './topics-command.js';

const DEFAULT_EXPIRY_DAYS = 365;

/** 32 random bytes, base64url, with a prefix that makes leaked tokens easy to search for. */
export function generateApiToken(): string {
  return `nghe_${randomBytes(32).toString('base64url')}`;
}

interface CreateOptions {
  name: string;
  user?: string;
  scopes: string;
  expiresDays: string;
}

export function registerTokensCommand(program: Command): void {
  const tokens = program.command('tokens').description('API tokens');

  tokens
    .command('create')
    .description('create a token; it is printed once, as the last line')
    .requiredOption('--name <name>', 'who or what uses it (unique among active tokens)')
    .option('--user <username>', 'whose token it is (default: the built-in administrator)')
    .option('--scopes <list>', 'read,search,write,manage,audit or * (all of the user’s)', '*')
    .option('--expires-days <n>', 'days until it stops working', String(DEFAULT_EXPIRY_DAYS))
    .action(async (options: CreateOptions) => {
      const name = options.name.trim();
      if (name === '') throw new CliError('--name: give the token a name');
      let scopes: string[];
      try {
        scopes = parseScopes(options.scopes);
      } catch (error) {
        throw new CliError(`--${(error as Error).message}`);
      }
      const days = Number(options.expiresDays);
      if (!Number.isInteger(days) || days < 1 || days > 3660) {
        throw new CliError('--expires-days: a whole number of days, 1 to 3660');
      }
      const token = generateApiToken();
      await withIdentity(async (identity, store) => {
        const owner = options.user
          ? await userNamed(identity, options.user)
          : await identity.builtinAdmin();
        if ((await identity.listTokens()).some((t) => t.revokedAt === null && t.name === name)) {
          throw new CliError(`an active token is already named ${name}`);
        }
        const created = await identity.createToken({
          name,
          tokenHash: hashApiToken(token),
          userId: owner.id,
          scopes,
          expiresAt: new Date(Date.now() + days * 86_400_000).toISOString(),
        });
        await auditCli(store, 'createToken', { token: created.id, name, user: owner.id, scopes });
        console.log(
          `created token #${created.id} ${created.name} of ${owner.username} (scopes ${scopes.join(',')}, expires ${created.expiresAt?.slice(0, 10)}); it is shown only now:`,
        );
        console.log(token);
      });
    });

  tokens
    .command('list')
    .description('list tokens (never their value)')
    .action(async () => {
      await withIdentity(async (identity) => {
        const all = await identity.listTokens();
        if (all.length === 0) console.log('no tokens yet: nghe tokens create --name N');
        for (const t of all) {
          const owner = (await identity.getUser(t.userId))?.username ?? `#${t.userId}`;
          const state = t.revokedAt
            ? `revoked ${t.revokedAt}`
            : t.expiresAt && Date.parse(t.expiresAt) <= Date.now()
              ? `expired ${t.expiresAt}`
              : `active until ${t.expiresAt ?? 'revoked'}`;
          console.log(
            `#${t.id}\t${t.name}\t${owner}\t${t.scopes.join(',')}\t${state}\tlast used ${t.lastUsedAt ?? 'never'}`,
          );
        }
      });
    });

  tokens
    .command('revoke <id>')
    .description('revoke a token at once (open event streams using it end within seconds)')
    .action(async (id: string) => {
      await withIdentity(async (identity, store) => {
        const tokenId = parseId(id, 'token id');
        if (!(await identity.revokeToken(tokenId))) {
          throw new CliError(`no active token #${tokenId}`);
        }
        await auditCli(store, 'revokeToken', { token: tokenId });
        console.log(`revoked token #${tokenId}`);
      });
    });
}
