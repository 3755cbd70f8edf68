import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { ConfigReloader } from '../config/config-reload.js';
import { liveConfigAppliers } from '../config/live-settings.js';
import { type ApiTier, startApiTier } from '../fleet/api-tier.js';
import { oidcFromEnv } from '../http/auth/oidc.js';
import { cachedReads } from '../http/read-pool/cached-reads.js';
import { figuresVersion } from '../http/read-pool/figures-version.js';
import { pooledReads } from '../http/read-pool/read-pool.js';
import { directReads } from '../http/read-pool/read-store.js';
import { createHttpApp, startHttpServer } from '../http/server.js';
import { openApp } from '../jobs/app.js';
import { logger } from '../ops/logger.js';
import { packageRoot } from '../package-root.js';
import { setGroupCounter, smallGroupRuleFor } from '../privacy/small-group-rule-for.js';
import { storeLocation } from '../store/open-store.js';
import { CliError } from './cli-error.js';
import { createProgress, logStreamEvent } from './collect-command.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the API and dashboard and keep collecting from the configured sources')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 8080)')
    .option('--no-collect', 'serve only; do not collect')
    .action(async (options: { host?: string; port?: string; collect: boolean }) => {
      const config = loadConfig();
      const port = options.port === undefined ? config.port : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port: not a port number: ${options.port}`);
      const host = options.host ?? config.host;
      const app = openApp(config);
      const settings = new ConfigReloader({
        initial: config,
        appliers: liveConfigAppliers(app.store),
      });
      const root = packageRoot();
      const version = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).version as string;
      let server: Awaited<ReturnType<typeof startHttpServer>>;
      // Searches and analytics run on read-only connections in worker threads, each within
      // the query budget, so the API, the collector and the streams on this thread keep going.
      // On PostgreSQL (server mode) reads go to its connection pool: they already leave this
      // thread free while they wait.
      // Figures and person counts are kept in memory until the next ingest batch (cached-reads.ts).
      const figures = figuresVersion(app.store, app.events);
      const reads = cachedReads(
        storeLocation(config).kind === 'postgres'
          ? { ...directReads(app.store), countGroups: smallGroupRuleFor(app.store).count }
          : pooledReads({
              path: config.databasePath,
              threads: config.limits.readThreads,
              budgetMs: config.limits.queryBudgetMs,
            }),
        { version: figures.version },
      );
      // Counting the persons behind each figure (small-group suppression) reads mentions too.
      setGroupCounter(app.store, reads.countGroups);
      // The API tier of a worker fleet: live mentions and back-fills go through PostgreSQL.
      let tier: ApiTier | undefined;
      const location = storeLocation(config);
      if (location.kind === 'postgres' && !options.collect) {
        tier = await startApiTier({
          app,
          url: location.url,
          log: logger().child({ component: 'serve' }),
        }).catch(async (error: Error) => {
          await reads.close();
          await app.close();
          throw new CliError(`cannot open the job queue in PostgreSQL: ${error.message}`);
        });
      }
      try {
        const http = createHttpApp({
          reads,
          limits: config.limits,
          databasePath: config.databasePath,
          store: app.store,
          version,
          events: app.events,
          topicJobs: tier?.topicJobs ?? app.topicJobs,
          dashboardDir: join(root, 'web', 'dist'),
          webhooks: { zalo: app.createZaloWebhook() },
          auth: { oidc: oidcFromEnv(process.env) },
          figures,
          allowPrivateAddresses: () => settings.current().allowPrivateAddresses,
        });
        server = await startHttpServer(http, host, port);
      } catch (error) {
        await tier?.stop();
        await reads.close();
        await app.close();
        throw new CliError(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
      }
      app.startRetention();
      settings.start(config.dataDir);
      const resumed = await app.backfills.resumeInterrupted();
      if (resumed.length > 0) console.log(`resuming back-fill of topics ${resumed.join(', ')}`);
      console.log(`nghe ${version} serving ${server.url} with data in ${config.dataDir}`);
      console.log(`API docs: ${server.url}/api/docs (create a token with: nghe tokens create)`);
      const controller = new AbortController();
      // Every request in flight listens to this one signal.
      setMaxListeners(0, controller.signal);
      const shutdown = () => controller.abort();
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      const collecting = options.collect
        ? Promise.all([
            app
              .createCollector(createProgress(process.stderr).onEvent)
              .runForever(controller.signal),
            app.createStreamRunner(logStreamEvent).run(controller.signal),
          ])
        : new Promise<void>((done) => controller.signal.addEventListener('abort', () => done()));
      await collecting;
      settings.stop();
      await server.close();
      await tier?.stop();
      await reads.close();
      await app.close();
      console.log('stopped');
    });
}
