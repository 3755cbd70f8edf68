// Wiring: the one place that builds the store, the HTTP client, the collector and the topic
// jobs (ingest tagging, back-fills, live events) from config.
import { mkdirSync } from 'node:fs';
import type pg from 'pg';
import { type AlertJobs, mailSenderFromEnv, startAlertJobs } from '../alerts/alert-jobs.js';
import { alertStoreFor } from '../alerts/alert-store-for.js';
import { usageLogKey } from '../audit/usage-chain.js';
import { type Config, httpClientOptions } from '../config/config.js';
import { connectors } from '../connectors/registry.js';
import { survivePoolErrors } from '../fleet/database-faults.js';
import { startTopicExpiry } from '../identity/topic-expiry.js';
import { createHttpClient } from '../net/http-client.js';
import { createLineStreamOpener } from '../net/line-stream.js';
import type { HttpClient } from '../net/types.js';
import { createWebSocketOpener } from '../net/web-socket.js';
import { dueSourcesProbe, observeCollection, timedAnalysis } from '../ops/collection-metrics.js';
import { logger } from '../ops/logger.js';
import { metrics } from '../ops/metrics.js';
import { configurePrivacy } from '../privacy/installation-privacy.js';
import { type RetentionSchedule, startRetentionSchedule } from '../privacy/retention-schedule.js';
import { setMinGroupSize } from '../privacy/small-group-rule-for.js';
import { type ReportJobs, startReportJobs } from '../reports/report-jobs.js';
import { identityStoreFor } from '../store/identity-store-for.js';
import type { ListeningStore } from '../store/listening-store.js';
import { type OpenedStore, openStore } from '../store/open-store.js';
import { retentionStoreFor } from '../store/retention-store-for.js';
import { commandLine, lockDataDir } from '../store/sqlite/data-dir-lock.js';
import { checkDatabaseIntegrity, prepareDatabaseFile } from '../store/sqlite/open-database.js';
import type { Store } from '../store/store.js';
import { createMentionAnalyzer, createThreadedMentionAnalyzer } from './analyze-mentions.js';
import { BackfillQueue } from './backfill.js';
import { Collector, type CollectorEvent } from './collector.js';
import { CredentialPool } from './credentials-pool.js';
import { createCredentialVault, webhookSecretSeal } from './credentials-vault.js';
import { createListeningEvents, type ListeningEvents } from './listening-events.js';
import { createPseudonymiser, loadOrCreateSecret } from './pseudonymise.js';
import { StreamRunner, type StreamRunnerEvent } from './stream-runner.js';
import { TopicTagger } from './topic-tagger.js';
import { XTopicRules } from './x-topic-rules.js';
import { createZaloWebhook, type WebhookReceiver } from './zalo-webhook.js';

/** Topic work beside collection: what the API calls when topics change. */
export interface TopicJobs {
  /** Start tagging stored mentions with this topic; `reset` clears its old tags first. */
  startBackfill(topicId: number, options: { reset: boolean }): void;
  /** Topics were created, edited, paused or deleted: the live matcher reloads them. */
  topicsChanged(): void;
}

export interface App {
  config: Config;
  store: Store & ListeningStore;
  http: HttpClient;
  /** Mentions tagged at ingest, for live readers. */
  events: ListeningEvents;
  tagger: TopicTagger;
  backfills: BackfillQueue;
  topicJobs: TopicJobs;
  /** Alert rules judged after tagging and on a timer, and their deliveries. */
  alerts: AlertJobs;
  /** Report schedules: generated, archived and mailed when due. */
  reports: ReportJobs;
  /** `wrapStore`: what the collector writes through (the fleet retries writes while the database is away). */
  createCollector(
    onEvent?: (event: CollectorEvent) => void,
    wrapStore?: (store: Store) => Store,
    /** `storeOnly`: no analysis and no tagging at ingest (the fleet runs both as queue jobs). */
    mode?: { storeOnly: boolean },
  ): Collector;
  /** Follows the sources whose platform streams (Jetstream, Mastodon streaming) live. */
  createStreamRunner(onEvent?: (event: StreamRunnerEvent) => void): StreamRunner;
  /** Receives Zalo OA deliveries: stored, analysed and tagged like collected mentions. */
  createZaloWebhook(): WebhookReceiver;
  /** Raw text past the retention period removed now and every privacy.retentionEveryHours. */
  startRetention(): void;
  close(): Promise<void>;
}

export function openApp(config: Config, command = commandLine()): App {
  mkdirSync(config.dataDir, { recursive: true });
  // One process writes the data directory: a second is told who holds it before anything is
  // migrated, and a damaged file is refused before anything writes to it.
  const lock = lockDataDir(config.dataDir, command);
  let store: OpenedStore;
  try {
    checkDatabaseIntegrity(config.databasePath);
    prepareDatabaseFile(config.databasePath);
    store = openStore(config, {
      usageLogKey: usageLogKey(loadOrCreateSecret(config.secretPath)),
    });
  } catch (error) {
    lock.release();
    throw error;
  }
  if (lock.tookOver) {
    const { pid, command: was } = lock.tookOver;
    console.error(`${lock.path}: took over the lock of pid ${pid} (${was}), which no longer runs`);
  }
  // A pooled PostgreSQL connection cut while idle (a server restart) is replaced, not fatal.
  if ('pool' in store) survivePoolErrors(store.pool as pg.Pool, logger());
  const http = createHttpClient(httpClientOptions(config));
  let pseudonymise: ReturnType<typeof createPseudonymiser> | undefined;
  const analyze = timedAnalysis(metrics(), createMentionAnalyzer());
  // In PostgreSQL the queue's own figures are probed by the fleet (src/fleet).
  const removeProbe = 'pool' in store ? () => {} : metrics().addQueueProbe(dueSourcesProbe(store));
  // Live streams analyse on a worker thread (started on first use) while this one stores and
  // tags the batch before: about an eighth more posts a second on two cores.
  const streamAnalysis = createThreadedMentionAnalyzer();
  // Every figure read through this store hides groups of fewer than k persons (src/privacy).
  if ('db' in store) setMinGroupSize(store, config.privacy.minGroupSize);
  configurePrivacy(store, {
    settings: config.privacy,
    secret: loadOrCreateSecret(config.secretPath),
  });
  let retention: RetentionSchedule | null = null;
  const events = createListeningEvents();
  const tagger = new TopicTagger({ store, events });
  const backfills = new BackfillQueue(store);
  // Expired topics are paused, then deleted after a grace period, with notice to their owners.
  const topicExpiry = startTopicExpiry({
    identity: identityStoreFor(store),
    topics: store,
    mail: mailSenderFromEnv(process.env),
    topicsChanged: () => tagger.topicsChanged(),
  });
  const alerts = startAlertJobs({
    alerts: alertStoreFor(
      store,
      webhookSecretSeal(createCredentialVault(loadOrCreateSecret(config.secretPath))),
    )!,
    figures: store,
    events,
    allowPrivateAddresses: config.allowPrivateAddresses,
    // In server mode spike rules, delivery retries and report schedules are queue jobs that
    // `nghe worker` runs (src/fleet/scheduled-jobs.ts), once across the fleet.
    timers: !('pool' in store),
  });
  const reports = startReportJobs({ store, timers: !('pool' in store) });
  // X's filtered-stream rules follow the topics while an X source streams them.
  const xRules = new XTopicRules({
    store,
    pool: new CredentialPool(store, createCredentialVault(loadOrCreateSecret(config.secretPath))),
    http,
    endpoints: config.endpoints.x,
    onSynced: (report) => {
      for (const t of report.topics) {
        if (t.state === 'refused')
          console.error(`X stream: topic #${t.topicId} has no rule: ${t.reason}`);
      }
    },
    onError: (message) => console.error(`X stream rules not synced: ${message}`),
  });
  return {
    config,
    store,
    http,
    events,
    tagger,
    backfills,
    alerts,
    reports,
    topicJobs: {
      startBackfill: (topicId, options) => backfills.startBackfill(topicId, options),
      topicsChanged: () => {
        tagger.topicsChanged();
        xRules.topicsChanged();
      },
    },
    createCollector(onEvent, wrapStore, mode) {
      const secret = loadOrCreateSecret(config.secretPath);
      pseudonymise ??= createPseudonymiser(secret);
      return new Collector({
        credentials: new CredentialPool(store, createCredentialVault(secret)),
        endpoints: config.endpoints,
        store: wrapStore ? wrapStore(store) : store,
        http,
        connectors,
        pseudonymise,
        concurrency: config.collectConcurrency,
        analyze: mode?.storeOnly ? undefined : analyze,
        onEvent: observeCollection(metrics(), onEvent),
        onSaved: mode?.storeOnly ? undefined : (saved) => tagger.tagSaved(saved),
      });
    },
    createStreamRunner(onEvent) {
      // Topics may have changed while nothing streamed (a command line edit).
      xRules.topicsChanged();
      const secret = loadOrCreateSecret(config.secretPath);
      pseudonymise ??= createPseudonymiser(secret);
      return new StreamRunner({
        store,
        http,
        openWebSocket: createWebSocketOpener({
          userAgent: config.userAgent,
          allowPrivateAddresses: config.allowPrivateAddresses,
          connectTimeoutMs: config.fetchTimeoutMs,
        }),
        openLineStream: createLineStreamOpener({
          userAgent: config.userAgent,
          allowPrivateAddresses: config.allowPrivateAddresses,
          connectTimeoutMs: config.fetchTimeoutMs,
        }),
        connectors,
        pseudonymise,
        analyze: streamAnalysis.analyze,
        onSaved: (saved) => tagger.tagSaved(saved),
        credentials: new CredentialPool(store, createCredentialVault(secret)),
        endpoints: config.endpoints,
        onEvent,
      });
    },
    createZaloWebhook() {
      const secret = loadOrCreateSecret(config.secretPath);
      pseudonymise ??= createPseudonymiser(secret);
      return createZaloWebhook({
        store,
        vault: createCredentialVault(secret),
        pseudonymise,
        analyze,
        onSaved: (saved) => tagger.tagSaved(saved),
      });
    },
    startRetention() {
      const retentionStore = retentionStoreFor(store);
      if (retention || !retentionStore) return;
      retention = startRetentionSchedule({
        store: retentionStore,
        log: (entry) => store.appendAudit(entry),
        days: config.privacy.retentionDays,
        everyMs: config.privacy.retentionEveryHours * 3_600_000,
      });
    },
    async close() {
      removeProbe();
      await retention?.stop();
      await backfills.stop();
      topicExpiry.stop();
      xRules.stop();
      await alerts.stop();
      await reports.stop();
      await streamAnalysis.close();
      await http.close();
      await store.close();
      lock.release();
    },
  };
}
