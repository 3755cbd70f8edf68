// A real nghe HTTP server on loopback over a given store, with one API token, for tests that
// read the API the way a client does.
import type { ListeningStore } from '../../store/listening-store.js';
import type { Store } from '../../store/store.js';
import { createHttpApp, startHttpServer } from '../server.js';
import { hashApiToken } from '../token-auth.js';

const TOKEN = 'nghe_loopback-test-token-0123456789abcdefghijklmnop';

export interface LoopbackApi {
  url: string;
  /** Access log lines written so far. */
  log: string[];
  get<T>(path: string): Promise<{ status: number; body: T; text: string }>;
  close(): Promise<void>;
}

export async function openLoopbackApi(store: Store & ListeningStore): Promise<LoopbackApi> {
  await store.createApiToken('tester', hashApiToken(TOKEN));
  const log: string[] = [];
  const app = createHttpApp({ store, version: '0.0.0-test', log: (line) => log.push(line) });
  const server = await startHttpServer(app, '127.0.0.1', 0);
  return {
    url: server.url,
    log,
    async get<T>(path: string) {
      const res = await fetch(`${server.url}${path}`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T, text };
    },
    close: () => server.close(),
  };
}
