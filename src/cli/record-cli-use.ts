// After a command that reads or changes what is stored has succeeded, its run goes to the
// usage log (src/audit/cli-usage.ts decides which commands and what of them).
import type { Command } from 'commander';
import { cliUsageEntry } from '../audit/cli-usage.js';
import { withStore } from './with-app.js';

export async function recordCliUse(action: Command): Promise<void> {
  const path: string[] = [];
  for (let command: Command | null = action; command?.parent; command = command.parent) {
    path.unshift(command.name());
  }
  const entry = cliUsageEntry({ path, operands: [...action.args], options: action.opts() });
  if (entry === null) return;
  await withStore((store) => store.appendAudit(entry));
}
