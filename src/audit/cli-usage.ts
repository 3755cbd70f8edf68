// What a command line did, as a usage log entry: the command path, its operands, and the values
// of options known to hold no secret (the rest by name only: a credential's key, an erased
// person's handle and the like are never written down). The actor is the operating-system user.
import { userInfo } from 'node:os';

/**
 * Commands whose runs are logged after they succeed; `audit`, `erase`, `retention` and `stats` log
 * themselves (`stats` with how many mentions it read).
 */
export const LOGGED_COMMANDS: ReadonlySet<string> = new Set([
  'sources',
  'credentials',
  'topics',
  'alerts',
  'tokens',
  'search',
  'import',
  'users',
  'units',
  'reports',
  'export',
]);

/** Options whose values may be logged: filters, names and shapes, never secrets or handles. */
const PLAIN_OPTIONS: ReadonlySet<string> = new Set([
  'name',
  'query',
  'description',
  'kind',
  'title',
  'lang',
  'platform',
  'source',
  'since',
  'until',
  'from',
  'to',
  'limit',
  'format',
  'exact',
  'json',
  'all',
  'reset',
  'topic',
  'backfill',
  'role',
  'unit',
  'interval',
]);

export function cliActor(): string {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? 'unknown';
  }
  return `cli:${name}`;
}

export interface CliRun {
  /** Command names from the top, e.g. ['topics', 'add']. */
  path: string[];
  operands: string[];
  options: Record<string, unknown>;
}

/** The usage log entry of a run, or null when its command is not one that is logged. */
export function cliUsageEntry(
  run: CliRun,
): { actor: string; action: string; detail: string; resultCount: null } | null {
  if (!LOGGED_COMMANDS.has(run.path[0] ?? '')) return null;
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(run.options)) {
    options[name] = PLAIN_OPTIONS.has(name) ? value : '(given)';
  }
  return {
    actor: cliActor(),
    action: `cli.${run.path.join('.')}`,
    detail: JSON.stringify({ operands: run.operands, options }),
    resultCount: null,
  };
}
