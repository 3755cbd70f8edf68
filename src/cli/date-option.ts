// Date options (--since, --until): a bare YYYY-MM-DD is that day from midnight UTC.
import { CliError } from './cli-error.js';

/** The option as ISO 8601 UTC, undefined when not given; exits 1 naming the flag when unreadable. */
export function isoDateOption(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) {
    throw new CliError(`${flag}: not a date: ${value} (use YYYY-MM-DD or ISO 8601)`);
  }
  return new Date(time).toISOString();
}
