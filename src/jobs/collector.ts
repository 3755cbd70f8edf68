// The collector keeps every enabled source fresh: it asks the store which sources are due,
// fetches them with bounded concurrency (per-host politeness lives in the HTTP client), stores
// what is new in one transaction per source, and records health and the next poll time.
//
// Restart safety: a source's schedule moves forward only after its mentions are committed, and
// mentions are unique by external id and canonical URL, so a collector killed at any point
// re-fetches at most the sources it was working on and stores nothing twice. A connector's
// cursor is committed with the batch it ends, so paging resumes after the last stored batch.
//
// Platforms with quotas: a connector borrows a credential from the platform's pool; a spent
// quota or a missing credential pauses the source with its reason (not a failure), a refused
// credential fails it with a clear error, and a response the connector cannot read is set
// aside raw with its reason while nothing of its batch is stored.
import {
  MissingCredentialError,
  QuarantinedResponseError,
  QuotaPause,
} from '../connectors/collect-errors.js';
import type { CollectContext, CollectResult, Connector } from '../connectors/connector.js';
import type {
  CredentialHealth,
  MentionAnalysis,
  MentionInput,
  Source,
  SourceHealth,
  SourceKind,
} from '../model.js';
import { canonicalizeUrl } from '../net/canonical-url.js';
import { FetchError, type HttpClient } from '../net/types.js';
import type { SaveMentionsResult, Store } from '../store/store.js';
import type { CredentialPool, CredentialSession } from './credentials-pool.js';
import { completeFullText } from './full-text.js';
import { prepareMention } from './prepare-mention.js';
import type { Pseudonymiser } from './pseudonymise.js';
import {
  DEFAULT_INTERVAL_SECONDS,
  delayAfterFailure,
  intervalAfterSuccess,
  jitter,
  scheduleAt,
} from './schedule-policy.js';

export type AnalyzeBatch = (mentions: MentionInput[]) => Promise<(MentionAnalysis | null)[]>;

export interface CollectorOptions {
  store: Store;
  http: HttpClient;
  connectors: ReadonlyMap<SourceKind, Connector>;
  pseudonymise: Pseudonymiser;
  /** Sources fetched at the same time. */
  concurrency: number;
  analyze?: AnalyzeBatch;
  now?: () => Date;
  random?: () => number;
  onEvent?: (event: CollectorEvent) => void;
  /** After each stored batch (e.g. topic tagging); a failure becomes a source warning. */
  onSaved?: (saved: SaveMentionsResult) => Promise<unknown>;
  /** Platform credentials; connectors that need one pause without it. */
  credentials?: CredentialPool;
  /** The installation's overrides of connectors' endpoints (API base URLs), by kind. */
  endpoints?: Partial<Record<SourceKind, Readonly<Record<string, string>>>>;
}

export type CollectorEvent =
  | { type: 'source-start'; source: Source }
  | {
      type: 'source-done';
      source: Source;
      itemCount: number;
      newCount: number;
      notModified: boolean;
      warnings: string[];
    }
  | { type: 'source-failed'; source: Source; error: string }
  | { type: 'source-paused'; source: Source; reason: string; until: string | null };

export interface RunSummary {
  sources: number;
  succeeded: number;
  failed: number;
  items: number;
  newMentions: number;
}

export interface RunOnceOptions {
  /** Fetch every enabled source, not only those due. */
  all?: boolean;
  signal?: AbortSignal;
}

/** How long the idle loop sleeps at most before looking for due sources again. */
const IDLE_POLL_MS = 30_000;
/** A source waiting for a user to add a credential looks again this often. */
const MISSING_CREDENTIAL_RECHECK_SECONDS = 10 * 60;
/** Most bytes of an unreadable response kept aside. */
const QUARANTINE_MAX_CHARS = 256 * 1024;

export class Collector {
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly inFlight = new Set<number>();

  constructor(private readonly options: CollectorOptions) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  /** Fetches the due (or all enabled) sources once, then resolves. */
  async runOnce(options: RunOnceOptions = {}): Promise<RunSummary> {
    const summary: RunSummary = { sources: 0, succeeded: 0, failed: 0, items: 0, newMentions: 0 };
    const due = options.all ? undefined : this.now().toISOString();
    const sources = (await this.options.store.listSources({ dueBefore: due })).filter(
      (s) => s.enabled,
    );
    let next = 0;
    const worker = async () => {
      while (next < sources.length && !options.signal?.aborted) {
        const source = sources[next++]!;
        await this.collectSource(source, summary, options.signal);
      }
    };
    const workers = Array.from(
      { length: Math.min(this.options.concurrency, sources.length) },
      worker,
    );
    await Promise.all(workers);
    return summary;
  }

  /** Keeps collecting until the signal aborts; finishes the sources in flight before resolving. */
  async runForever(signal: AbortSignal): Promise<void> {
    const summary: RunSummary = { sources: 0, succeeded: 0, failed: 0, items: 0, newMentions: 0 };
    const running = new Set<Promise<void>>();
    while (!signal.aborted) {
      const free = this.options.concurrency - running.size;
      if (free > 0) {
        const due = await this.options.store.listSources({
          dueBefore: this.now().toISOString(),
          limit: free + this.inFlight.size,
        });
        for (const source of due) {
          if (running.size >= this.options.concurrency) break;
          if (this.inFlight.has(source.id) || !source.enabled) continue;
          const task = this.collectSource(source, summary, signal).finally(() =>
            running.delete(task),
          );
          running.add(task);
        }
      }
      const wake = running.size > 0 ? Promise.race(running) : undefined;
      await sleepUntil(
        IDLE_POLL_MS,
        signal,
        running.size < this.options.concurrency ? 1000 : undefined,
        wake,
      );
    }
    await Promise.all(running);
  }

  /** Fetches one source now, whether due or not (a queue job of the worker fleet). */
  async collectOne(source: Source, signal?: AbortSignal): Promise<RunSummary> {
    const summary: RunSummary = { sources: 0, succeeded: 0, failed: 0, items: 0, newMentions: 0 };
    await this.collectSource(source, summary, signal);
    return summary;
  }

  private async collectSource(
    source: Source,
    summary: RunSummary,
    signal?: AbortSignal,
  ): Promise<void> {
    const connector = this.options.connectors.get(source.kind);
    this.inFlight.add(source.id);
    summary.sources++;
    this.options.onEvent?.({ type: 'source-start', source });
    const attemptAt = this.now();
    let credentials: CredentialSession | undefined;
    try {
      if (!connector) throw new Error(`no connector for sources of kind "${source.kind}"`);
      if (connector.credential) {
        if (!this.options.credentials) {
          throw new MissingCredentialError(`no ${source.kind} credentials are set up`);
        }
        credentials = await this.options.credentials.session(source.kind, connector.credential);
      }
      const context: CollectContext = {
        http: this.options.http,
        now: this.now,
        signal,
        alreadyStored: (urls) => this.storedUrls(urls, source.url),
        endpoints: { ...connector.endpoints, ...this.options.endpoints?.[source.kind] },
        credentials,
      };
      const result = await connector.collect(source, context);
      if (source.kind === 'feed' && !result.notModified) {
        const fullText = await completeFullText(source, result.mentions, context);
        result.warnings.push(...fullText.warnings);
      }
      const newCount = await this.store(source, result);
      const credential = await this.settleCredentials(credentials);
      await this.recordSuccess(source, result, newCount, attemptAt, credential);
      summary.succeeded++;
      summary.items += result.mentions.length;
      summary.newMentions += newCount;
      this.options.onEvent?.({
        type: 'source-done',
        source,
        itemCount: result.mentions.length,
        newCount,
        notModified: result.notModified,
        warnings: result.warnings,
      });
    } catch (error) {
      const credential = await this.settleCredentials(credentials);
      if (error instanceof QuotaPause || error instanceof MissingCredentialError) {
        const until =
          error instanceof QuotaPause
            ? error.until
            : new Date(attemptAt.getTime() + MISSING_CREDENTIAL_RECHECK_SECONDS * 1000);
        const reason = describeError(error);
        await this.recordPause(
          source,
          reason,
          until,
          error instanceof QuotaPause,
          attemptAt,
          credential,
        );
        this.options.onEvent?.({
          type: 'source-paused',
          source,
          reason,
          until: error instanceof QuotaPause ? until.toISOString() : null,
        });
        return;
      }
      summary.failed++;
      const message = describeError(error);
      if (error instanceof QuarantinedResponseError)
        await this.quarantine(source, error, attemptAt);
      await this.recordFailure(source, error, message, attemptAt, credential);
      this.options.onEvent?.({ type: 'source-failed', source, error: message });
    } finally {
      this.inFlight.delete(source.id);
    }
  }

  /** The subset of `urls` whose article is already stored. */
  private async storedUrls(urls: string[], base: string): Promise<Set<string>> {
    const canonical = new Map<string, string>();
    for (const url of urls) {
      const c = canonicalizeUrl(url, base);
      if (c) canonical.set(c, url);
    }
    const known = await this.options.store.findCanonicalUrls([...canonical.keys()]);
    return new Set([...known].map((c) => canonical.get(c)!));
  }

  /** Writes back what the collection learned of its credentials; their health for the source. */
  private async settleCredentials(
    session: CredentialSession | undefined,
  ): Promise<CredentialHealth | null | undefined> {
    if (!session) return undefined;
    await session.persist();
    return session.health();
  }

  private async quarantine(
    source: Source,
    error: QuarantinedResponseError,
    at: Date,
  ): Promise<void> {
    await this.options.store.quarantineResponse({
      sourceId: source.id,
      at: at.toISOString(),
      url: error.url,
      reason: describeError(error),
      body: error.body.slice(0, QUARANTINE_MAX_CHARS),
    });
  }

  private async store(source: Source, result: CollectResult): Promise<number> {
    if (result.mentions.length === 0) {
      if (result.cursor !== undefined && result.cursor !== source.cursor) {
        await this.options.store.saveSourceBatch(source.id, [], result.cursor);
      }
      return 0;
    }
    const collectedAt = this.now().toISOString();
    const inputs = result.mentions.map((mention) =>
      prepareMention(mention, {
        pseudonymise: this.options.pseudonymise,
        collectedAt,
        sourceUrl: source.url,
        sourceSettings: source.settings,
      }),
    );
    if (this.options.analyze) {
      const analyses = await this.options.analyze(inputs);
      inputs.forEach((input, i) => {
        input.analysis = analyses[i] ?? null;
      });
    }
    const saved =
      result.cursor === undefined
        ? await this.options.store.saveMentions(source.id, inputs)
        : await this.options.store.saveSourceBatch(source.id, inputs, result.cursor);
    if (this.options.onSaved && (saved.inserted > 0 || saved.updated > 0)) {
      try {
        await this.options.onSaved(saved);
      } catch (error) {
        result.warnings.push(`after storing: ${describeError(error)}`);
      }
    }
    return saved.inserted;
  }

  private async recordSuccess(
    source: Source,
    result: CollectResult,
    newCount: number,
    at: Date,
    credential: CredentialHealth | null | undefined,
  ): Promise<void> {
    const interval = intervalAfterSuccess(
      source.schedule.intervalSeconds || DEFAULT_INTERVAL_SECONDS,
      {
        publishedTimes: result.mentions.map((m) => m.publishedAt),
        newCount,
        notModified: result.notModified,
      },
      at,
    );
    await this.options.store.updateSource(source.id, {
      title: source.title ?? result.title,
      validators: result.validators,
      schedule: scheduleAt(at, jitter(interval, this.random), interval),
      health: {
        ...source.health,
        lastAttemptAt: at.toISOString(),
        lastSuccessAt: at.toISOString(),
        consecutiveFailures: 0,
        lastItemCount: result.notModified ? source.health.lastItemCount : result.mentions.length,
        lastNewCount: newCount,
        lastWarnings: result.warnings.slice(0, 20),
        paused: null,
        ...credentialPart(credential),
      },
    });
  }

  /** Waiting is not failing: no backoff, and the source keeps its last error as it was. */
  private async recordPause(
    source: Source,
    reason: string,
    until: Date,
    byQuota: boolean,
    at: Date,
    credential: CredentialHealth | null | undefined,
  ): Promise<void> {
    const delay = Math.max(1, Math.ceil((until.getTime() - at.getTime()) / 1000));
    await this.options.store.updateSource(source.id, {
      schedule: scheduleAt(at, delay, source.schedule.intervalSeconds),
      health: {
        ...source.health,
        lastAttemptAt: at.toISOString(),
        paused: { reason, until: byQuota ? until.toISOString() : null },
        ...credentialPart(credential),
      },
    });
  }

  private async recordFailure(
    source: Source,
    error: unknown,
    message: string,
    at: Date,
    credential: CredentialHealth | null | undefined,
  ): Promise<void> {
    const failures = source.health.consecutiveFailures + 1;
    const retryAfter = error instanceof FetchError ? error.retryAfterSeconds : null;
    const delay = delayAfterFailure(failures, retryAfter);
    await this.options.store.updateSource(source.id, {
      schedule: scheduleAt(at, jitter(delay, this.random), source.schedule.intervalSeconds),
      health: {
        ...source.health,
        lastAttemptAt: at.toISOString(),
        lastErrorAt: at.toISOString(),
        lastError: message,
        consecutiveFailures: failures,
        paused: null,
        ...credentialPart(credential),
        ...(error instanceof QuarantinedResponseError
          ? { quarantine: { at: at.toISOString(), reason: message, url: error.url } }
          : {}),
      },
    });
  }
}

/** The credential's health when the collection used one; untouched otherwise. */
function credentialPart(
  credential: CredentialHealth | null | undefined,
): Pick<SourceHealth, 'credential'> {
  return credential ? { credential } : {};
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}

function sleepUntil(
  ms: number,
  signal: AbortSignal,
  shortMs: number | undefined,
  wake?: Promise<unknown>,
): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, shortMs ?? ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
    wake?.then(done, done);
  });
}
