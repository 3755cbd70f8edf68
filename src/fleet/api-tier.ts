// `nghe serve --no-collect` on PostgreSQL: an API process of the fleet. Live mentions tagged by
// the workers arrive through LISTEN/NOTIFY; topic back-fills asked for through the API become
// queue jobs for the workers; /metrics shows the queues; a restart of the database cuts no
// process down.
import type pg from 'pg';
import type { App, TopicJobs } from '../jobs/app.js';
import type { Logger } from '../ops/logger.js';
import { metrics } from '../ops/metrics.js';
import { enqueueBackfill, openFleetQueue, queueProbe } from './fleet-queue.js';
import { relayTagged } from './tagged-relay.js';

export interface ApiTier {
  /** Topic jobs of this process: back-fills go to the queue, the live matcher reloads here. */
  topicJobs: TopicJobs;
  stop(): Promise<void>;
}

export async function startApiTier(options: {
  app: App;
  url: string;
  log: Logger;
}): Promise<ApiTier> {
  const { app, log } = options;
  const pool = (app.store as unknown as { pool: pg.Pool }).pool;
  const boss = await openFleetQueue(options.url, { leaseSeconds: 300, supervise: false, log });
  const relay = relayTagged({
    url: options.url,
    getMention: (id) => app.store.getMention(id),
    events: app.events,
    log,
  });
  const removeProbe = metrics().addQueueProbe(queueProbe(pool));
  return {
    topicJobs: {
      startBackfill(topicId, { reset }) {
        enqueueBackfill(boss, { topicId, reset }).catch((error: Error) =>
          log.error('back-fill not queued', { topicId, error }),
        );
      },
      topicsChanged: () => app.topicJobs.topicsChanged(),
    },
    async stop() {
      removeProbe();
      await relay.stop();
      await boss.stop({ graceful: false, wait: true, timeout: 5_000 });
    },
  };
}
