// nghe users / nghe admin create: people, their unit and role. Passwords are read from stdin
// (`--password-stdin`, first line) or generated and printed once, as the last line.
import type { Command } from 'commander';
import { hashPassword } from '../identity/password.js';
import { isRole, ROLES, type Role } from '../identity/roles.js';
import { usernameProblem } from '../identity/usernames.js';
import { CliError } from './cli-error.js';
import { auditCli, passwordFrom, userNamed, withIdentity } from './identity-cli.js';
import { parseId } from './topics-command.js';

interface AddOptions {
  username: string;
  role?: string;
  unit?: string;
  email?: string;
  passwordStdin?: boolean;
  oidcOnly?: boolean;
}

async function addUser(options: AddOptions, role: Role, first: boolean): Promise<void> {
  const problem = usernameProblem(options.username);
  if (problem) throw new CliError(problem);
  await withIdentity(async (identity, store) => {
    if (first && (await identity.listUsers()).some((u) => !u.builtin && u.role === 'admin')) {
      throw new CliError(
        'an administrator exists already; add more with nghe users add --role admin',
      );
    }
    const unitId = options.unit ? parseId(options.unit, 'unit id') : (await identity.rootUnit()).id;
    if (!(await identity.getUnit(unitId))) {
      throw new CliError(`no unit ${unitId} (nghe units list)`);
    }
    if (await identity.findUserByUsername(options.username)) {
      throw new CliError(`username ${options.username} is taken`);
    }
    const secret = options.oidcOnly ? null : await passwordFrom(options.passwordStdin);
    const user = await identity.createUser({
      unitId,
      username: options.username,
      role,
      passwordHash: secret ? await hashPassword(secret.password) : null,
      email: options.email ?? null,
    });
    await auditCli(store, 'createUser', {
      user: user.id,
      username: user.username,
      role,
      unit: unitId,
    });
    console.log(`added ${role} ${user.username} (#${user.id}) to unit #${unitId}`);
    if (secret?.generated) {
      console.log('password (shown only now; change it with nghe users reset-password):');
      console.log(secret.password);
    }
  });
}

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('people who use nghe: unit, role, sign-in');

  users
    .command('add')
    .description('add a user; a password is generated unless --password-stdin or --oidc-only')
    .requiredOption('--username <name>', 'what they sign in with')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--unit <id>', 'their unit (default: the organisation)')
    .option('--email <address>', 'for notices, and to link an OpenID Connect identity')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--oidc-only', 'no password: they sign in through the identity provider')
    .action(async (options: AddOptions) => {
      if (!options.role || !isRole(options.role)) {
        throw new CliError(`--role: one of ${ROLES.join(', ')}`);
      }
      await addUser(options, options.role, false);
    });

  users
    .command('list')
    .description('every user with unit, role and state')
    .option('--json', 'JSON Lines')
    .action(async (options: { json?: boolean }) => {
      await withIdentity(async (identity) => {
        for (const u of await identity.listUsers()) {
          if (u.builtin) continue;
          if (options.json) {
            const { oidcSubject, ...rest } = u;
            console.log(JSON.stringify({ ...rest, oidcLinked: oidcSubject !== null }));
            continue;
          }
          const state = u.disabledAt
            ? `disabled ${u.disabledAt}`
            : u.lockedUntil
              ? `locked until ${u.lockedUntil}`
              : 'active';
          console.log(`#${u.id}\t${u.username}\t${u.role}\tunit #${u.unitId}\t${state}`);
        }
      });
    });

  users
    .command('disable <username>')
    .description('stop a user at once: sessions end, tokens stop working')
    .action(async (username: string) => {
      await withIdentity(async (identity, store) => {
        const user = await userNamed(identity, username);
        await identity.updateUser(user.id, { disabled: true });
        const ended = await identity.deleteSessionsOf(user.id);
        await auditCli(store, 'updateUser', { user: user.id, disabled: true });
        console.log(`disabled ${user.username}; ${ended} session(s) ended`);
      });
    });

  users
    .command('enable <username>')
    .description('let a disabled user sign in again')
    .action(async (username: string) => {
      await withIdentity(async (identity, store) => {
        const user = await userNamed(identity, username);
        await identity.updateUser(user.id, { disabled: false });
        await auditCli(store, 'updateUser', { user: user.id, disabled: false });
        console.log(`enabled ${user.username}`);
      });
    });

  users
    .command('reset-password <username>')
    .description('set a new password (generated unless --password-stdin); unlocks and signs out')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(async (username: string, options: { passwordStdin?: boolean }) => {
      await withIdentity(async (identity, store) => {
        const user = await userNamed(identity, username);
        const secret = await passwordFrom(options.passwordStdin);
        await identity.updateUser(user.id, { passwordHash: await hashPassword(secret.password) });
        await identity.clearFailedSignIns(user.id);
        await identity.deleteSessionsOf(user.id);
        await auditCli(store, 'updateUser', { user: user.id, passwordReset: true });
        console.log(`new password set for ${user.username}; their sessions ended`);
        if (secret.generated) console.log(secret.password);
      });
    });
}

export function registerAdminCommand(program: Command): void {
  const admin = program.command('admin').description('first run: the first administrator');
  admin
    .command('create')
    .description('create the first administrator (a password is generated unless --password-stdin)')
    .requiredOption('--username <name>', 'what they sign in with')
    .option('--email <address>', 'for notices, and to link an OpenID Connect identity')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(async (options: AddOptions) => {
      await addUser(options, 'admin', true);
    });
}
