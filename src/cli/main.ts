#!/usr/bin/env node
// nghe's command line. Each command lives in its own module and registers itself here.
import { Command } from 'commander';
import { registerAnalyzeCommand } from './analyze-command.js';
import { CliError } from './cli-error.js';
import { registerCollectCommand } from './collect-command.js';
import { registerFeedCommand } from './feed-command.js';
import { registerSearchCommand } from './search-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerSourcesCommand } from './sources-command.js';
import { registerStatsCommand } from './stats-command.js';
import { registerTokensCommand } from './tokens-command.js';
import { registerTopicsCommand } from './topics-command.js';

const program = new Command('nghe')
  .description(
    'Self-hosted, privacy-first social listening. Data lives in $NGHE_DATA_DIR (default ./data).',
  )
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

registerSourcesCommand(program);
registerTopicsCommand(program);
registerStatsCommand(program);
registerTokensCommand(program);
registerCollectCommand(program);
registerSearchCommand(program);
registerServeCommand(program);
registerFeedCommand(program);
registerAnalyzeCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`nghe: ${message.split('\n')[0]}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
});
