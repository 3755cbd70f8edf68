// Live sources beside the polling collector: every enabled source whose connector streams
// (the Jetstream firehose, Mastodon streaming) is followed over its own connection, and what it
// delivers goes through the same ingest path as a poll (pseudonymise, analyse, store with the
// source's cursor in one transaction, tag topics, publish to topic streams) in batches of up to
// `batchSize` or every `batchDelayMs`. A dropped connection reconnects with exponential
// backoff from the cursor of the last stored batch; a missing credential waits for a user.
import { MissingCredentialError } from '../connectors/collect-errors.js';
import type { Connector } from '../connectors/connector.js';
import {
  isStreamingConnector,
  type OpenLineStream,
  type OpenWebSocket,
  type StreamContext,
  type StreamingConnector,
} from '../connectors/stream-connector.js';
import type { CollectedMention, MentionInput, Source, SourceKind } from '../model.js';
import { canonicalizeUrl } from '../net/canonical-url.js';
import type { HttpClient } from '../net/types.js';
import type { SaveMentionsResult, Store } from '../store/store.js';
import type { AnalyzeBatch } from './collector.js';
import { describeError } from './collector.js';
import type { CredentialPool } from './credentials-pool.js';
import { prepareMention } from './prepare-mention.js';
import type { Pseudonymiser } from './pseudonymise.js';
import { StreamBatcher } from './stream-runner-batch.js';

export interface StreamRunnerOptions {
  store: Store;
  http: HttpClient;
  openWebSocket: OpenWebSocket;
  /** Streaming HTTP responses (X's filtered stream). */
  openLineStream?: OpenLineStream;
  connectors: ReadonlyMap<SourceKind, Connector>;
  pseudonymise: Pseudonymiser;
  analyze?: AnalyzeBatch;
  /** After each stored batch: topic tagging and live events. */
  onSaved?: (saved: SaveMentionsResult) => Promise<unknown>;
  credentials?: CredentialPool;
  endpoints?: Partial<Record<SourceKind, Readonly<Record<string, string>>>>;
  onEvent?: (event: StreamRunnerEvent) => void;
  now?: () => Date;
  random?: () => number;
  /** Items per stored batch at most (default 500). */
  batchSize?: number;
  /** Longest an item waits for its batch (ms, default 200). */
  batchDelayMs?: number;
  /** How often the list of streaming sources is read again (ms, default 30 s). */
  rescanMs?: number;
  /** First reconnect delay and the most it grows to (ms; defaults 1 s and 60 s). */
  backoffMs?: { first: number; max: number };
}

export type StreamRunnerEvent =
  | { type: 'stream-connected'; source: Source }
  | { type: 'stream-stored'; source: Source; items: number; newCount: number }
  | { type: 'stream-failed'; source: Source; error: string; retryInMs: number };

/** A source waiting for a user to add a credential looks again this often. */
const MISSING_CREDENTIAL_RECHECK_MS = 10 * 60_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class StreamRunner {
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly followers = new Map<number, { stop: AbortController; done: Promise<void> }>();

  constructor(private readonly options: StreamRunnerOptions) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  /** The enabled sources some connector follows live. */
  async streamingSources(): Promise<Source[]> {
    const sources = await this.options.store.listSources();
    return sources.filter((source) => {
      const connector = this.options.connectors.get(source.kind);
      return (
        source.enabled &&
        connector !== undefined &&
        isStreamingConnector(connector) &&
        connector.streams(source)
      );
    });
  }

  /** Follows every streaming source until `signal` aborts, picking up added and removed ones. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const wanted = await this.streamingSources();
      const ids = new Set(wanted.map((s) => s.id));
      for (const [id, follower] of this.followers) {
        if (!ids.has(id)) follower.stop.abort();
      }
      for (const source of wanted) {
        if (this.followers.has(source.id)) continue;
        const stop = new AbortController();
        const onAbort = () => stop.abort();
        signal.addEventListener('abort', onAbort, { once: true });
        const done = this.follow(source.id, stop.signal).finally(() => {
          signal.removeEventListener('abort', onAbort);
          this.followers.delete(source.id);
        });
        this.followers.set(source.id, { stop, done });
      }
      await sleep(this.options.rescanMs ?? 30_000, signal);
    }
    await Promise.all([...this.followers.values()].map((f) => f.done));
  }

  /** One source: connect, stream, store; on a drop, wait and reconnect from the stored cursor. */
  private async follow(sourceId: number, signal: AbortSignal): Promise<void> {
    const backoff = this.options.backoffMs ?? { first: 1000, max: 60_000 };
    let failures = 0;
    while (!signal.aborted) {
      const source = await this.options.store.getSource(sourceId);
      const connector = source ? this.options.connectors.get(source.kind) : undefined;
      if (!source?.enabled || !connector || !isStreamingConnector(connector)) return;
      const progress = { delivered: 0 };
      let error: unknown;
      try {
        await this.connectOnce(source, connector, signal, progress);
        error = new Error('the stream ended');
      } catch (caught) {
        error = caught;
      }
      if (signal.aborted) return;
      // A connection that stored something was healthy: the next wait starts short again.
      failures = progress.delivered > 0 ? 1 : failures + 1;
      const waitMs =
        error instanceof MissingCredentialError
          ? MISSING_CREDENTIAL_RECHECK_MS
          : Math.min(backoff.max, backoff.first * 2 ** (failures - 1)) * (0.5 + this.random() / 2);
      const message = describeError(error);
      this.options.onEvent?.({ type: 'stream-failed', source, error: message, retryInMs: waitMs });
      // Without a token a Mastodon source is still polled: that is no error of the source.
      if (!(error instanceof MissingCredentialError)) {
        await this.recordFailure(sourceId, message).catch(() => undefined);
      }
      await sleep(waitMs, signal);
    }
  }

  /** One connection, until the stream ends; `progress` counts the items it stored. */
  private async connectOnce(
    source: Source,
    connector: StreamingConnector,
    signal: AbortSignal,
    progress: { delivered: number },
  ): Promise<void> {
    const credentials =
      connector.credential && this.options.credentials
        ? await this.options.credentials.session(source.kind, connector.credential)
        : undefined;
    const batcher = new StreamBatcher(
      async (mentions, cursor) => {
        const store = await this.prepare(source, mentions);
        return async () => {
          await store(cursor);
          progress.delivered += mentions.length;
        };
      },
      this.options.batchSize ?? 500,
      this.options.batchDelayMs ?? 200,
    );
    const context: StreamContext = {
      http: this.options.http,
      now: this.now,
      signal,
      cursor: source.cursor,
      openWebSocket: this.options.openWebSocket,
      openLineStream: this.options.openLineStream,
      endpoints: { ...connector.endpoints, ...this.options.endpoints?.[source.kind] },
      credentials,
      alreadyStored: (urls) => this.storedUrls(urls),
      emit: (batch) => batcher.push(batch.mentions, batch.cursor),
      connected: () => this.options.onEvent?.({ type: 'stream-connected', source }),
    };
    try {
      await connector.stream(source, context);
    } finally {
      // What arrived before the end is stored; its cursor is where the reconnect resumes.
      await batcher.flush().catch((error) => {
        if (!signal.aborted) throw error;
      });
      await credentials?.persist().catch(() => undefined);
    }
    const failure = batcher.takeFailure();
    if (failure !== null) throw failure;
  }

  private async storedUrls(urls: string[]): Promise<Set<string>> {
    const canonical = new Map<string, string>();
    for (const url of urls) {
      const c = canonicalizeUrl(url);
      if (c) canonical.set(c, url);
    }
    const known = await this.options.store.findCanonicalUrls([...canonical.keys()]);
    return new Set([...known].map((c) => canonical.get(c)!));
  }

  /**
   * Prepares and analyses one batch, and returns what stores it with its cursor, as a poll
   * would; the runner analyses a batch while the one before it is stored. A deletion of a post
   * never stored (the firehose reports every deletion on the network) is dropped rather than
   * kept as a stub; that is decided when storing, so a post in the batch before counts.
   */
  private async prepare(
    source: Source,
    collected: CollectedMention[],
  ): Promise<(cursor: string | null | undefined) => Promise<void>> {
    const collectedAt = this.now().toISOString();
    const inputs = collected.map((mention) =>
      prepareMention(mention, {
        pseudonymise: this.options.pseudonymise,
        collectedAt,
        sourceUrl: source.url,
        sourceSettings: source.settings,
      }),
    );
    if (this.options.analyze && inputs.length > 0) {
      const analyses = await this.options.analyze(inputs);
      inputs.forEach((input, i) => {
        input.analysis = analyses[i] ?? null;
      });
    }
    return (cursor) => this.store(source, collected, inputs, cursor);
  }

  private async store(
    source: Source,
    collected: CollectedMention[],
    prepared: MentionInput[],
    cursor: string | null | undefined,
  ): Promise<void> {
    let inputs = prepared;
    const deletions = collected.filter((m) => m.deleted && m.url !== null).map((m) => m.url!);
    if (deletions.length > 0) {
      const stored = await this.storedUrls(deletions);
      inputs = prepared.filter((_, i) => {
        const m = collected[i]!;
        return !m.deleted || m.url === null || stored.has(m.url);
      });
    }
    if (inputs.length === 0 && cursor === undefined) return;
    const saved =
      cursor === undefined
        ? await this.options.store.saveMentions(source.id, inputs)
        : await this.options.store.saveSourceBatch(source.id, inputs, cursor);
    if (this.options.onSaved && (saved.inserted > 0 || saved.updated > 0)) {
      await this.options.onSaved(saved);
    }
    if (inputs.length > 0) {
      this.options.onEvent?.({
        type: 'stream-stored',
        source,
        items: inputs.length,
        newCount: saved.inserted,
      });
    }
  }

  /** The stream's last error, in the source's health beside the poller's. */
  private async recordFailure(sourceId: number, message: string): Promise<void> {
    const source = await this.options.store.getSource(sourceId);
    if (!source) return;
    const at = this.now().toISOString();
    await this.options.store.updateSource(sourceId, {
      health: { ...source.health, lastErrorAt: at, lastError: `stream: ${message}` },
    });
  }
}

/** One line for a log of live sources; quiet about routine stored batches. */
export function describeStreamEvent(event: StreamRunnerEvent): string | null {
  const name = `#${event.source.id} ${event.source.url}`;
  if (event.type === 'stream-connected') return `live ${name}: connected`;
  if (event.type === 'stream-failed') {
    return `live ${name}: ${event.error}; reconnecting in ${Math.round(event.retryInMs / 1000)} s`;
  }
  return null;
}
