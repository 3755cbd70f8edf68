// Alerts beside collection: judged after each tagged batch and on a timer, delivered at once
// and retried on a timer. E-mail goes through NGHE_SMTP_URL (e.g. smtp://user:pass@host:587)
// from NGHE_ALERT_FROM; links point at NGHE_PUBLIC_URL (default http://127.0.0.1:8080).
import type { ListeningEvents } from '../jobs/listening-events.js';
import { topicStorySizesFor } from '../store/sqlite/topic-story-sizes.js';
import { AlertDeliverer, type MailSender, smtpMailSender } from './alert-deliverer.js';
import { AlertService } from './alert-service.js';
import type { AlertStore } from './alert-types.js';
import type { SpikeFigures } from './spike-rules.js';

export const SPIKE_CHECK_MS = 5 * 60_000;
export const DELIVERY_CHECK_MS = 30_000;

export interface AlertJobs {
  store: AlertStore;
  service: AlertService;
  deliverer: AlertDeliverer;
  stop(): Promise<void>;
}

export interface AlertJobsOptions {
  alerts: AlertStore;
  figures: SpikeFigures;
  events: ListeningEvents;
  env?: NodeJS.ProcessEnv;
  mail?: MailSender | null;
  /** Webhooks may go to loopback and private addresses (config.json's setting). */
  allowPrivateAddresses?: boolean;
  /** Start the timers (off for one-shot commands that only tag). */
  timers?: boolean;
}

export function mailSenderFromEnv(env: NodeJS.ProcessEnv): MailSender | null {
  const url = env.NGHE_SMTP_URL;
  if (!url) return null;
  return smtpMailSender(url, env.NGHE_ALERT_FROM ?? 'nghe <nghe@localhost>');
}

export function startAlertJobs(options: AlertJobsOptions): AlertJobs {
  const env = options.env ?? process.env;
  const deliverer = new AlertDeliverer({
    alerts: options.alerts,
    mail: options.mail === undefined ? mailSenderFromEnv(env) : options.mail,
    publicUrl: env.NGHE_PUBLIC_URL ?? 'http://127.0.0.1:8080',
    allowPrivateAddresses: options.allowPrivateAddresses,
  });
  const deliver = () => {
    deliverer.runDue().catch((error: Error) => {
      console.error(`alerts: delivery failed: ${error.message}`);
    });
  };
  const service = new AlertService({
    alerts: options.alerts,
    figures: options.figures,
    stories: topicStorySizesFor(options.figures),
    onAlert: deliver,
  });
  const unsubscribe = options.events.onTagged((mention, topicIds) =>
    service.mentionTagged(mention, topicIds),
  );
  if (options.timers !== false) {
    service.start(SPIKE_CHECK_MS);
    deliverer.start(DELIVERY_CHECK_MS);
  }
  return {
    store: options.alerts,
    service,
    deliverer,
    async stop() {
      unsubscribe();
      service.stop();
      deliverer.stop();
      await service.flush();
      await service.idle();
      await deliverer.idle();
    },
  };
}
