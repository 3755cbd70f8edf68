// nghe migrate --to postgres://…: copies this installation's SQLite file into PostgreSQL for
// server mode, resumable (run it again after an interruption and it goes on where it stopped),
// and compares every table's row count at the end. Stop `serve` and `collect` first: what they
// write during the copy may be missed. Then set NGHE_DATABASE_URL to the same URL.
import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { redactedUrl, storeLocation } from '../store/open-store.js';
import { CopyMismatchError, copySqliteToPostgres } from '../store/postgres/copy-from-sqlite.js';
import { openPostgresStore } from '../store/postgres/postgres-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { CliError } from './cli-error.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      'copy this installation into PostgreSQL for server mode (resumable, counts checked)',
    )
    .requiredOption('--to <url>', 'postgres://user:password@host:5432/database')
    .option('--batch <n>', 'rows per transaction', '1000')
    .action(async (options: { to: string; batch: string }) => {
      const config = loadConfig();
      if (!/^postgres(ql)?:\/\//i.test(options.to.trim())) {
        throw new CliError(
          `--to: expected postgres://… or postgresql://…, got ${options.to.split(':')[0]}:…`,
        );
      }
      const target = storeLocation({ databaseUrl: options.to, databasePath: config.databasePath });
      if (target.kind !== 'postgres') throw new CliError('--to: expected postgres://…');
      const batchSize = Number(options.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new CliError(`--batch: not a positive whole number: ${options.batch}`);
      }
      const sqlite = openSqliteStore(config.databasePath);
      let postgres: Awaited<ReturnType<typeof openPostgresStore>> | undefined;
      try {
        try {
          postgres = await openPostgresStore(target.url);
        } catch (error) {
          throw new CliError(`${redactedUrl(target.url)}: ${(error as Error).message}`);
        }
        const reports = await copySqliteToPostgres(sqlite.db, postgres.pool, {
          batchSize,
          onProgress: (table, copied, total) => {
            if (process.stderr.isTTY) process.stderr.write(`\r${table}: ${copied}/${total}   `);
          },
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        for (const report of reports) {
          console.log(
            `${report.table}: ${report.target} rows (${report.copied} copied now, ${report.source} in SQLite)`,
          );
        }
        console.log(`copied into ${redactedUrl(target.url)}; counts match`);
      } catch (error) {
        if (error instanceof CopyMismatchError) throw new CliError(error.message, 2);
        throw error;
      } finally {
        await postgres?.close();
        await sqlite.close();
      }
    });
}
