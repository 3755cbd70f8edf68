// What the users, units, admin and tokens commands share: the identity store of the data
// directory, passwords read from stdin or generated, and one audit line per change.
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import type { IdentityStore, User } from '../identity/identity-store.js';
import { passwordProblem } from '../identity/password.js';
import { identityStoreFor } from '../store/identity-store-for.js';
import type { ListeningStore } from '../store/listening-store.js';
import type { Store } from '../store/store.js';
import { CliError } from './cli-error.js';
import { withStore } from './with-app.js';

export async function withIdentity<T>(
  run: (identity: IdentityStore, store: Store & ListeningStore) => Promise<T>,
): Promise<T> {
  return withStore((store) => run(identityStoreFor(store), store));
}

/** The first line of stdin (`--password-stdin`), or a generated password that is printed once. */
export async function passwordFrom(fromStdin: boolean | undefined): Promise<{
  password: string;
  generated: boolean;
}> {
  if (!fromStdin) return { password: randomBytes(18).toString('base64url'), generated: true };
  const password = (await text(process.stdin)).split(/\r?\n/)[0] ?? '';
  const problem = passwordProblem(password);
  if (problem) throw new CliError(problem);
  return { password, generated: false };
}

export async function userNamed(identity: IdentityStore, username: string): Promise<User> {
  const user = await identity.findUserByUsername(username);
  if (!user || user.builtin) throw new CliError(`no user ${username}`);
  return user;
}

export function auditCli(store: ListeningStore, action: string, detail: unknown): Promise<void> {
  return store.appendAudit({
    actor: 'cli',
    action,
    detail: JSON.stringify(detail),
    resultCount: null,
  });
}
