// A real nghe API server on 127.0.0.1 over a freshly seeded store in a temp dir, serving the
// built dashboard, for browser tests and for looking at the dashboard by hand:
//   npx tsx web/tests/demo-server.ts [mentions]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createDemoToken,
  type DemoOptions,
  type SeededDemo,
  seedDemo,
} from '../../scripts/seed-demo.js';
import { createHttpApp, startHttpServer } from '../../src/http/server.js';
import { createListeningEvents, type ListeningEvents } from '../../src/jobs/listening-events.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

export const DASHBOARD_DIR = fileURLToPath(new URL('../dist', import.meta.url));

export interface DemoServer {
  url: string;
  token: string;
  store: SqliteStore;
  events: ListeningEvents;
  seeded: SeededDemo;
  options: DemoOptions;
  close(): Promise<void>;
}

export async function startDemoServer(options: DemoOptions): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-web-'));
  const store = openSqliteStore(join(dir, 'nghe.sqlite'));
  const seeded = await seedDemo(store, options);
  const token = await createDemoToken(store, 'browser-test');
  const events = createListeningEvents();
  const app = createHttpApp({
    store,
    version: 'test',
    events,
    dashboardDir: DASHBOARD_DIR,
    log: () => {},
    heartbeatMs: 5000,
  });
  const server = await startHttpServer(app, '127.0.0.1', 0);
  return {
    url: server.url,
    token,
    store,
    events,
    seeded,
    options,
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const mentions = Number(process.argv[2] ?? 3000);
  const demo = await startDemoServer({ now: new Date(), days: 30, mentions });
  console.log(`dashboard: ${demo.url}/  token: ${demo.token}`);
  process.once('SIGINT', () => void demo.close().then(() => process.exit(0)));
}
