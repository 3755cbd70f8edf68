import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { findPackageRoot } from '../package-root.js';
import { CliError } from './cli-error.js';
import { createProgress } from './collect-command.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the API and keep collecting from the configured sources')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 8080)')
    .option('--no-collect', 'serve only; do not collect')
    .action(async (options: { host?: string; port?: string; collect: boolean }) => {
      const config = loadConfig();
      const port = options.port === undefined ? config.port : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port: not a port number: ${options.port}`);
      const host = options.host ?? config.host;
      const { openApp } = await import('../jobs/app.js');
      const { createHttpApp, startHttpServer } = await import('../http/server.js');
      const app = openApp(config);
      const version = JSON.parse(readFileSync(`${findPackageRoot()}/package.json`, 'utf8'))
        .version as string;
      let server: import('../http/server.js').RunningServer;
      try {
        server = await startHttpServer(createHttpApp({ store: app.store, version }), host, port);
      } catch (error) {
        await app.close();
        throw new CliError(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
      }
      console.log(`nghe ${version} serving ${server.url} with data in ${config.dataDir}`);
      const controller = new AbortController();
      const shutdown = () => controller.abort();
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      const collecting = options.collect
        ? app.createCollector(createProgress(process.stderr).onEvent).runForever(controller.signal)
        : new Promise<void>((done) => controller.signal.addEventListener('abort', () => done()));
      await collecting;
      await server.close();
      await app.close();
      console.log('stopped');
    });
}
