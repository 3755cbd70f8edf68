// nghe credentials: the keys and tokens platform connectors use. Secret fields are sealed with
// the installation key at once and never printed again; lists show ids, labels, public fields,
// status and quota. Secrets are best given on standard input (`name=value` lines or a JSON
// object), since options show in process lists and shell history.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import type { CredentialSpec } from '../connectors/credentials.js';
import { credentialKinds } from '../connectors/registry.js';
import { readQuotaState } from '../jobs/credentials-pool.js';
import { createCredentialVault } from '../jobs/credentials-vault.js';
import { loadOrCreateSecret } from '../jobs/pseudonymise.js';
import { CredentialLabelTakenError } from '../store/collection-state-store.js';
import { CliError } from './cli-error.js';
import { parseId } from './topics-command.js';
import { withStore } from './with-app.js';

/** `apiKey` is given as `--api-key`. */
function optionName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function specFor(platform: string): CredentialSpec {
  const entry = credentialKinds.get(platform);
  if (!entry) {
    throw new CliError(
      `no credentials for "${platform}": use one of ${[...credentialKinds.keys()].join(', ')}`,
    );
  }
  return entry.spec;
}

/** `name=value` lines or one JSON object, as piped in. */
export function parseCredentialInput(text: string): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw new CliError('standard input: not a JSON object');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new CliError('standard input: not a JSON object');
    }
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (typeof v !== 'string') throw new CliError(`standard input: ${k} must be a string`);
        return [k, v];
      }),
    );
  }
  const fields: Record<string, string> = {};
  for (const [i, line] of trimmed.split(/\r?\n/).entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) throw new CliError(`standard input line ${i + 1}: expected name=value`);
    fields[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return fields;
}

/** Every field of the spec, from options first, then standard input, then defaults. */
export function credentialFields(
  platform: string,
  spec: CredentialSpec,
  given: Record<string, string>,
): { secret: Record<string, string>; public: Record<string, string> } {
  const known = new Set(spec.fields.map((f) => f.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      throw new CliError(
        `${platform} credentials have no field "${name}": ${[...known].join(', ')}`,
      );
    }
  }
  const secret: Record<string, string> = {};
  const open: Record<string, string> = {};
  for (const field of spec.fields) {
    const value = given[field.name]?.trim() ?? field.default;
    if (value === undefined || (value === '' && field.default === undefined)) {
      throw new CliError(
        `${platform}: --${optionName(field.name)} is required (${field.description})`,
      );
    }
    (field.secret ? secret : open)[field.name] = value;
  }
  return { secret, public: open };
}

export function registerCredentialsCommand(program: Command): void {
  const credentials = program
    .command('credentials')
    .description('platform keys and tokens (sealed; never printed after they are added)');

  const add = credentials
    .command('add <platform>')
    .description(
      `add a credential for ${[...credentialKinds.keys()].join(', ')}; secrets are best piped in as name=value lines`,
    )
    .requiredOption('--label <label>', 'a name to tell it apart in lists and health')
    .option('--stdin', 'read fields from standard input (name=value lines or a JSON object)');
  const allFields = new Map<string, string>();
  for (const [platform, { spec }] of credentialKinds) {
    for (const field of spec.fields) {
      const described = allFields.get(field.name);
      allFields.set(
        field.name,
        described ? `${described}; ${platform}` : `${platform}: ${field.description}`,
      );
    }
  }
  for (const [name, description] of allFields) {
    add.option(`--${optionName(name)} <value>`, description);
  }
  add.addHelpText(
    'after',
    `\nWhere to get one:\n${[...credentialKinds]
      .map(([platform, { spec }]) => `  ${platform}: ${spec.help}`)
      .join('\n')}`,
  );
  add.action(async (platform: string, options: Record<string, string | boolean | undefined>) => {
    const spec = specFor(platform);
    const label = String(options.label ?? '').trim();
    if (label === '') throw new CliError('--label: give the credential a name');
    const given: Record<string, string> = options.stdin
      ? parseCredentialInput(readFileSync(0, 'utf8'))
      : {};
    for (const name of allFields.keys()) {
      const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      const value = options[key];
      if (typeof value === 'string') given[name] = value;
    }
    const fields = credentialFields(platform, spec, given);
    const vault = createCredentialVault(loadOrCreateSecret(loadConfig().secretPath));
    await withStore(async (store) => {
      try {
        const added = await store.addCredential({
          platform,
          label,
          publicFields: fields.public,
          sealed: vault.seal(platform, fields.secret),
        });
        console.log(`added ${platform} credential #${added.id} "${added.label}"`);
      } catch (error) {
        if (error instanceof CredentialLabelTakenError) throw new CliError(error.message);
        throw error;
      }
    });
  });

  credentials
    .command('list [platform]')
    .description('every credential with its status and quota (never its secret)')
    .option('--json', 'print JSON')
    .action(async (platform: string | undefined, options: { json?: boolean }) => {
      if (platform !== undefined) specFor(platform);
      const { prices } = loadConfig();
      await withStore(async (store) => {
        const all = (await store.listCredentials(platform)).map((c) => ({
          id: c.id,
          platform: c.platform,
          label: c.label,
          fields: c.publicFields,
          createdAt: c.createdAt,
          status: c.status,
          lastError: c.lastError,
          quota: readQuotaState(c.quota),
          costs: quotaCosts(readQuotaState(c.quota), prices[c.platform] ?? {}),
        }));
        if (options.json) {
          console.log(JSON.stringify(all, null, 2));
          return;
        }
        if (all.length === 0) {
          console.log('no credentials yet: nghe credentials add PLATFORM --label NAME --stdin');
        }
        for (const c of all) {
          const quota = Object.entries(c.quota.buckets)
            .map(([name, b]) => {
              const cost = c.costs[name];
              const priced = cost
                ? ` ($${cost.dollars.toFixed(2)} at $${cost.unitPrice} each)`
                : '';
              return `${name} ${b.used} used until ${b.resetAt}${priced}`;
            })
            .concat(
              c.quota.rate
                ? [`${c.quota.rate.remaining} requests left until ${c.quota.rate.resetAt}`]
                : [],
            )
            .join(', ');
          const shown = Object.entries(c.fields)
            .filter(([, v]) => v !== '')
            .map(([k, v]) => `${k}=${v}`)
            .join(' ');
          console.log(
            `#${c.id}\t${c.platform}\t${c.label}\t${c.status}${c.lastError ? `: ${c.lastError}` : ''}\t${quota || 'no quota used'}\tadded ${c.createdAt.slice(0, 10)}${shown ? `\t${shown}` : ''}`,
          );
        }
      });
    });

  credentials
    .command('remove <id>')
    .description('forget a credential')
    .action(async (id: string) => {
      await withStore(async (store) => {
        if (!(await store.removeCredential(parseId(id))))
          throw new CliError(`no credential #${id}`);
        console.log(`removed credential #${id}`);
      });
    });
}

/** What the units used cost at the configured prices (X bills each post read). */
export function quotaCosts(
  quota: { buckets: Record<string, { used: number }> },
  prices: Readonly<Record<string, number>>,
): Record<string, { unitPrice: number; dollars: number }> {
  const costs: Record<string, { unitPrice: number; dollars: number }> = {};
  for (const [name, bucket] of Object.entries(quota.buckets)) {
    const unitPrice = prices[name];
    if (unitPrice !== undefined) costs[name] = { unitPrice, dollars: bucket.used * unitPrice };
  }
  return costs;
}
