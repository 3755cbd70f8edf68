// Live topic streams as Server-Sent Events, for every client through one subscription to the
// event bus: each tagged mention is serialised once, whoever listens. Streams are capped per
// key (the token) and in all. Each client's stream queues at most `maxQueuedBytes` unsent
// bytes (what the socket would not take yet); a client past that is sent a last
// `event: dropped` with the reason and its connection is ended, instead of the server
// buffering without bound for it. Frames published within `flushMs` go to each client as one
// chunk.

import type { ListeningEvents } from '../jobs/listening-events.js';
import type { Mention } from '../model.js';
import { publicMention } from '../privacy/public-mention.js';
import { HttpError } from './api-error.js';

export interface SseHubOptions {
  events: ListeningEvents;
  heartbeatMs: number;
  streamsPerKey: number;
  streamsTotal: number;
  maxQueuedBytes: number;
  /** Client reconnect delay suggested in the stream (ms). */
  retryMs?: number;
  /** How long a dropped client has to read its last event before the connection is cut. */
  dropGraceMs?: number;
  /**
   * Frames are gathered this long and sent to each client as one chunk: one socket write per
   * client per interval instead of one per event, which is what costs with hundreds of clients.
   */
  flushMs?: number;
}

interface Client {
  topicId: number;
  key: string;
  controller: ReadableStreamDefaultController<Uint8Array>;
  open: boolean;
  /** Frames since the last flush: sent as one chunk, one socket write per client per tick. */
  pending: Uint8Array[];
}

const encoder = new TextEncoder();
const KEEP_ALIVE = encoder.encode(': keep-alive\n\n');

export class SseHub {
  private readonly byTopic = new Map<number, Set<Client>>();
  private readonly perKey = new Map<string, number>();
  private count = 0;
  private unsubscribe: (() => void) | null = null;
  private readonly toFlush = new Set<Client>();
  private flushScheduled = false;
  private heartbeat: NodeJS.Timeout | null = null;
  /** Clients dropped for being slow, since the hub started. */
  dropped = 0;

  constructor(private readonly options: SseHubOptions) {}

  /** Streams open now. */
  get size(): number {
    return this.count;
  }

  /**
   * A `text/event-stream` body of the topic's new mentions. Throws a 429 past the key's cap and
   * a 503 past the server's.
   */
  open(topicId: number, key: string, signal: AbortSignal): ReadableStream<Uint8Array> {
    const { streamsPerKey, streamsTotal } = this.options;
    if ((this.perKey.get(key) ?? 0) >= streamsPerKey) {
      throw new HttpError(
        429,
        `too many open streams for this token: the limit is ${streamsPerKey}; close one first`,
      );
    }
    if (this.count >= streamsTotal) {
      throw new HttpError(
        503,
        `the server has ${streamsTotal} streams open, its limit; retry later`,
      );
    }
    let client: Client | undefined;
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          client = { topicId, key, controller, open: true, pending: [] };
          this.add(client);
          controller.enqueue(
            encoder.encode(`event: ready\nretry: ${this.options.retryMs ?? 5000}\ndata: {}\n\n`),
          );
        },
        cancel: () => {
          if (client) this.remove(client);
        },
      },
      new ByteLengthQueuingStrategy({ highWaterMark: this.options.maxQueuedBytes }),
    );
    const onAbort = () => {
      if (!client) return;
      this.remove(client);
      try {
        client.controller.close();
      } catch {
        // already closed or errored
      }
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return stream;
  }

  private add(client: Client): void {
    let set = this.byTopic.get(client.topicId);
    if (!set) {
      set = new Set();
      this.byTopic.set(client.topicId, set);
    }
    set.add(client);
    this.perKey.set(client.key, (this.perKey.get(client.key) ?? 0) + 1);
    this.count++;
    if (this.count === 1) this.start();
  }

  private remove(client: Client): void {
    if (!client.open) return;
    client.open = false;
    client.pending = [];
    this.toFlush.delete(client);
    const set = this.byTopic.get(client.topicId);
    set?.delete(client);
    if (set?.size === 0) this.byTopic.delete(client.topicId);
    const left = (this.perKey.get(client.key) ?? 1) - 1;
    if (left === 0) this.perKey.delete(client.key);
    else this.perKey.set(client.key, left);
    this.count--;
    if (this.count === 0) this.stop();
  }

  private start(): void {
    this.unsubscribe = this.options.events.onTagged((mention, topicIds) =>
      this.publish(mention, topicIds),
    );
    this.heartbeat = setInterval(() => {
      for (const set of this.byTopic.values())
        for (const client of set) this.send(client, KEEP_ALIVE);
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private publish(mention: Mention, topicIds: number[]): void {
    let frame: Uint8Array | null = null;
    for (const topicId of new Set(topicIds)) {
      const set = this.byTopic.get(topicId);
      if (!set) continue;
      frame ??= encoder.encode(
        `event: mention\nid: ${mention.id}\ndata: ${JSON.stringify(publicMention(mention))}\n\n`,
      );
      for (const client of set) this.send(client, frame);
    }
  }

  private send(client: Client, frame: Uint8Array): void {
    if (!client.open) return;
    client.pending.push(frame);
    this.toFlush.add(client);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => this.flush(), this.options.flushMs ?? 50).unref();
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const client of this.toFlush) {
      const frames = client.pending;
      client.pending = [];
      if (!client.open || frames.length === 0) continue;
      try {
        client.controller.enqueue(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
      } catch {
        this.remove(client);
        continue;
      }
      const queued = this.options.maxQueuedBytes - (client.controller.desiredSize ?? 0);
      if (queued > this.options.maxQueuedBytes) this.drop(client, queued);
    }
    this.toFlush.clear();
  }

  /** Ends a client that reads too slowly: a last event says why, then the connection goes. */
  private drop(client: Client, queued: number): void {
    this.dropped++;
    this.remove(client);
    const reason = JSON.stringify({
      reason: 'slow_consumer',
      message: `dropped: ${queued} bytes were waiting to be sent to this client, over the limit of ${this.options.maxQueuedBytes}; reconnect and read faster`,
    });
    const { controller } = client;
    controller.enqueue(encoder.encode(`event: dropped\ndata: ${reason}\n\n`));
    const deadline = performance.now() + (this.options.dropGraceMs ?? 30_000);
    const check = setInterval(() => {
      // Close once the queue has drained; cut the connection if it never does.
      const drained = controller.desiredSize === this.options.maxQueuedBytes;
      if (!drained && performance.now() < deadline) return;
      clearInterval(check);
      try {
        if (drained) controller.close();
        else controller.error(new Error('slow consumer dropped'));
      } catch {
        // the client went away meanwhile
      }
    }, 100);
    check.unref();
  }

  /** Ends every stream (server shutdown). */
  close(): void {
    for (const set of [...this.byTopic.values()]) {
      for (const client of [...set]) {
        this.remove(client);
        try {
          client.controller.close();
        } catch {
          // already closed
        }
      }
    }
  }
}
