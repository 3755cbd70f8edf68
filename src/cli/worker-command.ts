// `nghe worker`: one worker of the server-mode fleet. Needs NGHE_DATABASE_URL (or databaseUrl)
// set to PostgreSQL; runs until SIGINT or SIGTERM, then finishes the jobs it holds.
import { setMaxListeners } from 'node:events';
import type { Command } from 'commander';
import { Hono } from 'hono';
import { loadConfig } from '../config/config.js';
import { runFleetWorker } from '../fleet/fleet-worker.js';
import type { HttpEnv } from '../http/route.js';
import { startHttpServer } from '../http/server.js';
import { openApp } from '../jobs/app.js';
import { storeReadiness } from '../ops/health.js';
import { logger } from '../ops/logger.js';
import { metrics } from '../ops/metrics.js';
import { mountOperations } from '../ops/operations-routes.js';
import { redactedUrl, storeLocation } from '../store/open-store.js';
import { CliError } from './cli-error.js';

interface WorkerOptions {
  concurrency?: string;
  leaseSeconds: string;
  scheduleEveryMs: string;
  maintenanceSeconds: string;
  pollSeconds: string;
  analyseBatch: string;
  metricsPort?: string;
  metricsHost: string;
}

function positiveInteger(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new CliError(`${name}: expected a whole number from 1 to ${max}, got ${value}`);
  }
  return n;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'take collection, analysis and back-fill jobs from PostgreSQL (server mode); run on as many machines as needed',
    )
    .option('--concurrency <n>', 'jobs run at once (default: collectConcurrency of the config)')
    .option('--lease-seconds <s>', 'how long a job stays leased to a worker that died', '300')
    .option('--schedule-every-ms <ms>', 'how often due sources are enqueued', '5000')
    .option('--maintenance-seconds <s>', 'how often expired leases are released', '30')
    .option(
      '--poll-seconds <s>',
      'how often an idle worker asks for jobs (enqueued jobs wake it at once)',
      '10',
    )
    .option(
      '--analyse-batch <n>',
      'analysis jobs written and tagged together when several wait',
      '3',
    )
    .option('--metrics-port <port>', 'serve /metrics, /healthz and /readyz on this port')
    .option('--metrics-host <host>', 'address of the metrics listener', '127.0.0.1')
    .action(async (options: WorkerOptions) => {
      const config = loadConfig();
      const location = storeLocation(config);
      if (location.kind !== 'postgres') {
        throw new CliError(
          'nghe worker needs PostgreSQL: set NGHE_DATABASE_URL=postgres://… (with SQLite, nghe serve collects by itself)',
        );
      }
      const concurrency = options.concurrency
        ? positiveInteger('--concurrency', options.concurrency, 256)
        : config.collectConcurrency;
      const leaseSeconds = positiveInteger('--lease-seconds', options.leaseSeconds, 86_400);
      const scheduleEveryMs = positiveInteger(
        '--schedule-every-ms',
        options.scheduleEveryMs,
        3_600_000,
      );
      const maintenanceSeconds = positiveInteger(
        '--maintenance-seconds',
        options.maintenanceSeconds,
        3_600,
      );
      const pollSeconds = positiveInteger('--poll-seconds', options.pollSeconds, 3_600);
      const log = logger().child({ component: 'worker', pid: process.pid });
      const app = openApp(config);
      let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;
      if (options.metricsPort !== undefined) {
        const port = positiveInteger('--metrics-port', options.metricsPort, 65_535);
        const ops = new Hono<HttpEnv>();
        mountOperations(ops, { ready: storeReadiness(app.store), metrics: metrics() });
        server = await startHttpServer(ops, options.metricsHost, port);
        log.info('metrics listening', { url: `${server.url}/metrics` });
      }
      const controller = new AbortController();
      setMaxListeners(0, controller.signal);
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      log.info('worker connecting', { database: redactedUrl(location.url), concurrency });
      try {
        await runFleetWorker({
          app,
          url: location.url,
          log,
          concurrency,
          leaseSeconds,
          scheduleEveryMs,
          maintenanceSeconds,
          pollSeconds,
          analyseBatch: positiveInteger('--analyse-batch', options.analyseBatch, 1_000),
          signal: controller.signal,
        });
      } finally {
        await server?.close();
        await app.close();
      }
      log.info('worker stopped');
    });
}
