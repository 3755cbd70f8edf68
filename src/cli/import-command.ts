import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import type { ImportFormat } from '../connectors/import/csv-profiles.js';
import type { ImportRowError } from '../connectors/import/import-row.js';
import type { ImportSummary } from '../jobs/import-file.js';
import type { ImportCheckpointState } from '../jobs/import-file-checkpoint.js';
import type { Platform } from '../model.js';
import { CliError } from './cli-error.js';
import { createImportProgress, rate } from './import-command-progress.js';
import { withApp } from './with-app.js';

// `nghe import FILE|-`: exports analysts already hold (portable JSON Lines, mapped CSV,
// CrowdTangle, Meta Content Library, 4CAT, Zeeschuimer, YouTube Data Tools) through the
// collection pipeline. A file (not stdin) is resumable: a re-run goes on where the last stopped.

/** Exit code for an input that cannot be read in the asked or detected format. */
export const UNREADABLE_INPUT_EXIT_CODE = 2;
const FIRST_REASONS = 3;

interface ImportOptions {
  format?: string;
  map?: string;
  platform?: string;
  errors?: string;
  restart?: boolean;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import <file>')
    // The formats in full, for `nghe import --help`.
    .addHelpText(
      'after',
      '\nFILE is a file or - for stdin. Formats: JSON Lines as `nghe social parse` prints them\n' +
        '(only "text" required), CSV with --map, CrowdTangle and Meta Content Library CSV,\n' +
        '4CAT CSV, Zeeschuimer/4CAT NDJSON captures, YouTube Data Tools comment and video lists.\n' +
        'A file (not stdin) is resumable: run the same command again after a stop.',
    )
    .description(
      'import an export analysts hold (JSON Lines, CSV, CrowdTangle, 4CAT, Zeeschuimer…)',
    )
    .option(
      '--format <format>',
      'jsonl, zeeschuimer, csv, crowdtangle, meta-content-library, 4cat or youtube-data-tools (default: detected)',
    )
    .option(
      '--map <mapping>',
      'CSV column of each field, e.g. text=Message,publishedAt=Date,authorId=User',
    )
    .option('--platform <name>', 'platform of rows that do not name one')
    .option('--errors <file>', 'write each row not imported as JSON Lines {line, reason, raw}')
    .option('--restart', 'start from the first row, not where an earlier run stopped')
    .action((file: string, options: ImportOptions) => runImport(file, options));
}

async function runImport(file: string, options: ImportOptions): Promise<void> {
  const { IMPORT_FORMATS } = await import('../connectors/import/csv-profiles.js');
  const { parseColumnMap } = await import('../connectors/import/csv-mapping.js');
  const { ImportFormatError, PLATFORM_NAMES } = await import('../connectors/import/import-row.js');
  const { openImport } = await import('../connectors/import/read-import.js');
  const { ImportCheckpoint } = await import('../jobs/import-file-checkpoint.js');

  if (options.format && !(IMPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new CliError(`unknown format "${options.format}"; one of: ${IMPORT_FORMATS.join(', ')}`);
  }
  if (options.platform && !PLATFORM_NAMES.has(options.platform)) {
    throw new CliError(
      `unknown platform "${options.platform}"; one of: ${[...PLATFORM_NAMES].join(', ')}`,
    );
  }
  const fromStdin = file === '-';
  let size: number | null = null;
  if (!fromStdin) {
    try {
      size = statSync(file).size;
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code}`);
    }
  }
  const config = loadConfig();
  const checkpoint = fromStdin ? null : await ImportCheckpoint.forFile(config.dataDir, file);
  const progress = createImportProgress(process.stderr, { totalBytes: size });
  const { createReadStream } = await import('node:fs');
  const input = fromStdin ? process.stdin : createReadStream(file);
  let reading: Awaited<ReturnType<typeof openImport>>;
  try {
    reading = await openImport(counted(input, progress.read), {
      format: options.format as ImportFormat | undefined,
      map: options.map ? parseColumnMap(options.map) : undefined,
      platform: options.platform as Platform | undefined,
    });
  } catch (error) {
    if (error instanceof ImportFormatError) {
      throw new CliError(`${file}: ${error.message}`, UNREADABLE_INPUT_EXIT_CODE);
    }
    throw error;
  }

  const earlier = options.restart ? null : (checkpoint?.load() ?? null);
  if (earlier?.complete) {
    console.log(
      `${file} was imported completely on ${earlier.updatedAt}: ${describeTotals(earlier)}; --restart imports it again`,
    );
    input.destroy();
    return;
  }

  let report: WriteStream | null = null;
  if (options.errors) {
    report = createWriteStream(options.errors, { flags: earlier ? 'a' : 'w' });
  }
  const writeErrors = (errors: ImportRowError[]) =>
    new Promise<void>((resolve, reject) => {
      const lines = errors.map((e) =>
        JSON.stringify({ line: e.line, reason: e.reason, raw: e.excerpt }),
      );
      report!.write(`${lines.join('\n')}\n`, (error) => (error ? reject(error) : resolve()));
    });

  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let summary: ImportSummary;
  try {
    summary = await withApp(async (app) => {
      const { importRows } = await import('../jobs/import-file.js');
      const { createImportPipeline } = await import('../jobs/import-pipeline.js');
      const { createPseudonymiser, loadOrCreateSecret } = await import('../jobs/pseudonymise.js');
      const pipeline = createImportPipeline({
        store: app.store,
        pseudonymise: createPseudonymiser(loadOrCreateSecret(app.config.secretPath)),
        tagger: app.tagger,
      });
      try {
        return await importRows(reading.rows, {
          ...pipeline.options,
          resumeFrom: earlier,
          signal: controller.signal,
          onErrors: report ? writeErrors : undefined,
          onBatch: (totals) => {
            checkpoint?.save({ ...totals, format: reading.profile, complete: false });
            progress.batch(totals, earlier?.rows ?? 0);
          },
        });
      } finally {
        await pipeline.close();
      }
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await new Promise<void>((resolve) => (report ? report.end(resolve) : resolve()));
  }
  if (!summary.stopped) checkpoint?.save({ ...summary, format: reading.profile, complete: true });
  progress.finish(summary);
  printSummary(file, reading.profile, summary, progress.elapsedMs(), options.errors);
  if (summary.rows > 0 && summary.inserted + summary.existing === 0) process.exitCode = 1;
}

async function* counted(
  source: AsyncIterable<Buffer | string>,
  onBytes: (count: number) => void,
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    onBytes(bytes.length);
    yield bytes;
  }
}

const describeTotals = (
  t: Pick<ImportCheckpointState, 'rows' | 'inserted' | 'existing' | 'errors'>,
) =>
  `${t.rows} row(s), ${t.inserted} new mention(s), ${t.existing} already stored, ${t.errors} row error(s)`;

function printSummary(
  file: string,
  profile: string,
  summary: ImportSummary,
  elapsedMs: number,
  errorsFile: string | undefined,
): void {
  const done = summary.rows - summary.resumedFrom;
  const resumed = summary.resumedFrom > 0 ? `, continuing after row ${summary.resumedFrom}` : '';
  console.log(
    `${summary.stopped ? 'stopped' : 'imported'} ${file} (${profile}${resumed}): ${describeTotals(summary)} in ${(elapsedMs / 1000).toFixed(1)} s (${rate(done, elapsedMs)} rows/s)`,
  );
  if (summary.errors > 0) {
    const first = summary.firstErrors
      .slice(0, FIRST_REASONS)
      .map((e) => `line ${e.line}: ${e.reason}`)
      .join('; ');
    const where = errorsFile ? `all in ${errorsFile}` : '--errors FILE lists them all';
    console.log(
      `${summary.errors} row(s) not imported (${where})${first ? `; first: ${first}` : ''}`,
    );
  }
  for (const warning of summary.warnings.slice(0, FIRST_REASONS))
    console.log(`warning: ${warning}`);
  if (summary.stopped) {
    console.log(
      file === '-'
        ? 'the rows read so far are stored; stdin cannot be resumed'
        : 'run the same command again to continue where it stopped',
    );
  }
}
