// Wiring: the one place that builds the store, the HTTP client and the collector from config.
import { mkdirSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { connectors } from '../connectors/registry.js';
import { createHttpClient } from '../net/http-client.js';
import type { HttpClient } from '../net/types.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { createMentionAnalyzer } from './analyze-mentions.js';
import { Collector, type CollectorEvent } from './collector.js';
import { createPseudonymiser, loadOrCreateSecret } from './pseudonymise.js';

export interface App {
  config: Config;
  store: Store;
  http: HttpClient;
  createCollector(onEvent?: (event: CollectorEvent) => void): Collector;
  close(): Promise<void>;
}

export function openApp(config: Config): App {
  mkdirSync(config.dataDir, { recursive: true });
  const store = openSqliteStore(config.databasePath);
  const http = createHttpClient({
    userAgent: config.userAgent,
    timeoutMs: config.fetchTimeoutMs,
    maxBytes: config.maxBodyBytes,
    allowPrivateAddresses: config.allowPrivateAddresses,
    respectRobots: config.respectRobots,
    perHostConcurrency: config.perHostConcurrency,
    perHostMinIntervalMs: config.perHostMinIntervalMs,
  });
  let pseudonymise: ReturnType<typeof createPseudonymiser> | undefined;
  const analyze = createMentionAnalyzer();
  return {
    config,
    store,
    http,
    createCollector(onEvent) {
      pseudonymise ??= createPseudonymiser(loadOrCreateSecret(config.secretPath));
      return new Collector({
        store,
        http,
        connectors,
        pseudonymise,
        concurrency: config.collectConcurrency,
        analyze,
        onEvent,
      });
    },
    async close() {
      await http.close();
      await store.close();
    },
  };
}
