#!/usr/bin/env node
// nghe's command line. Each command lives in its own module and registers itself here.
//
// Command modules pull in the store, connectors, HTTP server and analysis models, which take
// far longer to load than any help text takes to print. So only the module of the command
// being run is imported; for the overview (`nghe`, `nghe --help`, a mistyped name) each command
// is listed from the summary below without loading it.
import { Command } from 'commander';
import { CliError } from './cli-error.js';
import { packageVersion } from './version.js';

type Register = (program: Command) => void;

interface CommandEntry {
  /** Name and arguments as the command module declares them. */
  usage: string;
  /** Same text as the module's own description. */
  summary: string;
  load: () => Promise<Register>;
}

const COMMANDS: readonly CommandEntry[] = [
  {
    usage: 'sources',
    summary: 'manage the sources nghe collects from',
    load: async () => (await import('./sources-command.js')).registerSourcesCommand,
  },
  {
    usage: 'credentials',
    summary: 'platform keys and tokens (sealed; never printed after they are added)',
    load: async () => (await import('./credentials-command.js')).registerCredentialsCommand,
  },
  {
    usage: 'topics',
    summary: 'standing queries: every mention is matched and tagged',
    load: async () => (await import('./topics-command.js')).registerTopicsCommand,
  },
  {
    usage: 'alerts',
    summary: 'alert rules per topic and the notifications they fired',
    load: async () => (await import('./alerts-command.js')).registerAlertsCommand,
  },
  {
    usage: 'stats <topic>',
    summary: 'volume, sentiment, top terms and sources of a topic (id or name)',
    load: async () => (await import('./stats-command.js')).registerStatsCommand,
  },
  {
    usage: 'tokens',
    summary: 'API tokens',
    load: async () => (await import('./tokens-command.js')).registerTokensCommand,
  },
  {
    usage: 'users',
    summary: 'people who use nghe: unit, role, sign-in',
    load: async () => (await import('./users-command.js')).registerUsersCommand,
  },
  {
    usage: 'units',
    summary: 'the organisation’s units',
    load: async () => (await import('./units-command.js')).registerUnitsCommand,
  },
  {
    usage: 'admin',
    summary: 'first run: the first administrator',
    load: async () => (await import('./users-command.js')).registerAdminCommand,
  },
  {
    usage: 'collect',
    summary: 'fetch sources and store what is new (keeps running unless --once)',
    load: async () => (await import('./collect-command.js')).registerCollectCommand,
  },
  {
    usage: 'search <query...>',
    summary: 'full-text search, accent-insensitive ("thanh pho" finds "thành phố")',
    load: async () => (await import('./search-command.js')).registerSearchCommand,
  },
  {
    usage: 'serve',
    summary: 'serve the API and dashboard and keep collecting from the configured sources',
    load: async () => (await import('./serve-command.js')).registerServeCommand,
  },
  {
    usage: 'worker',
    summary: 'take collection and back-fill jobs from PostgreSQL (server mode worker fleet)',
    load: async () => (await import('./worker-command.js')).registerWorkerCommand,
  },
  {
    usage: 'feed',
    summary: 'work with feeds without storing anything',
    load: async () => (await import('./feed-command.js')).registerFeedCommand,
  },
  {
    usage: 'social',
    summary: 'normalise social platforms’ API responses (nghe social parse FILE --platform NAME)',
    load: async () => (await import('./social-command.js')).registerSocialCommand,
  },
  {
    usage: 'import <file>',
    summary: 'import an export analysts hold (JSON Lines, CSV, CrowdTangle, 4CAT, Zeeschuimer…)',
    load: async () => (await import('./import-command.js')).registerImportCommand,
  },
  {
    usage: 'analyze [file]',
    summary: 'language, sentiment and keywords for JSON Lines {"id","text"} (stdin when no file)',
    load: async () => (await import('./analyze-command.js')).registerAnalyzeCommand,
  },
  {
    usage: 'places',
    summary: 'the provinces, districts and wards texts are about (nghe places tag [FILE])',
    load: async () => (await import('./places-command.js')).registerPlacesCommand,
  },
  {
    usage: 'report',
    summary: "the week's most pressing issues of an area, as text, PDF and CSV; schedules",
    load: async () => (await import('./report-command.js')).registerReportCommand,
  },
  {
    usage: 'policy',
    summary: 'policies and how the public received them before and after promulgation',
    load: async () => (await import('./policy-command.js')).registerPolicyCommand,
  },
  {
    usage: 'audit',
    summary: 'the usage log: verify it is intact, list who did what',
    load: async () => (await import('./audit-command.js')).registerAuditCommand,
  },
  {
    usage: 'retention',
    summary: 'remove raw text and payloads past the retention period (figures stay)',
    load: async () => (await import('./retention-command.js')).registerRetentionCommand,
  },
  {
    usage: 'migrate',
    summary:
      'copy this installation into PostgreSQL for server mode (nghe migrate --to postgres://…)',
    load: async () => (await import('./migrate-command.js')).registerMigrateCommand,
  },
  {
    usage: 'erase',
    summary: 'remove every mention of one person (nghe erase --platform P --handle H)',
    load: async () => (await import('./erase-command.js')).registerEraseCommand,
  },
];

const nameOf = (entry: CommandEntry): string => entry.usage.split(' ')[0]!;

/** The command a command line asks for: the first word, or the one after `help`. */
function requestedEntry(args: readonly string[]): CommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((entry) => nameOf(entry) === name);
}

async function main(): Promise<void> {
  const program = new Command('nghe')
    .description(
      'Self-hosted, privacy-first social listening. Data lives in $NGHE_DATA_DIR (default ./data).',
    )
    .version(packageVersion(), '-V, --version', 'print the version of nghe')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });

  const requested = requestedEntry(process.argv.slice(2));
  if (requested !== undefined) (await requested.load())(program);
  else for (const entry of COMMANDS) program.command(entry.usage).description(entry.summary);

  // Runs that read or change what is stored go to the usage log once they succeed.
  program.hook('postAction', async (_root, action) => {
    await (await import('./record-cli-use.js')).recordCliUse(action);
  });
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`nghe: ${message.split('\n')[0]}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
});
