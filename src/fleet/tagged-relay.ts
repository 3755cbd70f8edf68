// Live mentions across processes: a worker announces each tagged mention with NOTIFY on
// `nghe_tagged` (its id and topics: a notification holds at most 8,000 bytes, a mention may
// not), and every API process LISTENs, reads the mention and hands it to its own event
// streams. The listener reconnects with backoff when the connection drops (a restart).
import pg from 'pg';
import type { ListeningEvents } from '../jobs/listening-events.js';
import type { Mention } from '../model.js';
import type { Logger } from '../ops/logger.js';

export const TAGGED_CHANNEL = 'nghe_tagged';

interface TaggedNote {
  id: number;
  topics: number[];
}

/**
 * Forwards this process's tagged mentions to PostgreSQL; returns the unsubscribe. A batch's
 * mentions, tagged in one go, are announced in one statement: each transaction that notifies
 * takes the database's notification lock at its commit, in turn with every other one.
 */
export function announceTagged(
  events: ListeningEvents,
  pool: Pick<pg.Pool, 'query'>,
  log: Logger,
): () => void {
  let notes: TaggedNote[] = [];
  const flush = () => {
    const batch = notes;
    notes = [];
    pool
      .query('SELECT pg_notify($1, n) FROM unnest($2::text[]) AS n', [
        TAGGED_CHANNEL,
        batch.map((note) => JSON.stringify(note)),
      ])
      .catch((error: Error) =>
        log.warn('live mentions not announced', {
          mentionIds: batch.map((note) => note.id),
          error,
        }),
      );
  };
  return events.onTagged((mention, topicIds) => {
    if (notes.length === 0) setImmediate(flush);
    notes.push({ id: mention.id, topics: topicIds });
  });
}

export interface TaggedRelay {
  stop(): Promise<void>;
}

/** Listens for tagged mentions of other processes and publishes them into `events`. */
export function relayTagged(options: {
  url: string;
  getMention: (id: number) => Promise<Mention | null>;
  events: ListeningEvents;
  log: Logger;
}): TaggedRelay {
  let client: pg.Client | null = null;
  let current: pg.Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = 250;

  const deliver = async (payload: string | undefined) => {
    let note: TaggedNote;
    try {
      note = JSON.parse(payload ?? '') as TaggedNote;
    } catch {
      return;
    }
    const mention = await options.getMention(note.id).catch(() => null);
    if (mention) options.events.publishTagged(mention, note.topics);
  };

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: options.url, application_name: 'nghe-live' });
    current = next;
    next.on('notification', (message) => {
      if (message.channel === TAGGED_CHANNEL) void deliver(message.payload);
    });
    next.on('error', (error) => {
      options.log.warn('live mention listener lost its connection', { error });
      reconnect(next);
    });
    next.on('end', () => reconnect(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${TAGGED_CHANNEL}`);
      client = next;
      delay = 250;
    } catch (error) {
      options.log.warn('live mention listener cannot connect; retrying', { error, delayMs: delay });
      reconnect(next);
    }
  };

  const reconnect = (old: pg.Client) => {
    // Only the connection in use reconnects; a discarded one's late errors are ignored.
    if (stopped || retryTimer || old !== current) return;
    if (client === old) client = null;
    old.removeAllListeners('end');
    old.end().catch(() => {});
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
    delay = Math.min(10_000, delay * 2);
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await client?.end().catch(() => {});
    },
  };
}
