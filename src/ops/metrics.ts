// Prometheus metrics of one process (prom-client), served at /metrics by `nghe serve` and
// `nghe worker`: ingest, queue depth and age, fetch latency and failures by source, analysis
// latency, API latency by route, plus the Node process's own figures. Sources are labelled by
// id (never by URL) so a label carries nothing a person wrote.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface QueueFigure {
  queue: string;
  /** Jobs waiting (created or retrying). */
  depth: number;
  /** Seconds the oldest waiting job has waited; 0 when none waits. */
  oldestAgeSeconds: number;
}

/** Reads queue figures when /metrics is scraped (due sources in SQLite, pg-boss queues in PostgreSQL). */
export type QueueProbe = () => Promise<QueueFigure[]>;

export class Metrics {
  readonly registry = new Registry();
  readonly mentionsIngested = new Counter({
    name: 'nghe_mentions_ingested_total',
    help: 'Mentions stored for the first time',
    labelNames: ['source_kind'] as const,
    registers: [this.registry],
  });
  readonly fetchDuration = new Histogram({
    name: 'nghe_fetch_duration_seconds',
    help: 'Time to fetch, analyse and store one source',
    labelNames: ['source_id', 'source_kind', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly fetchFailures = new Counter({
    name: 'nghe_fetch_failures_total',
    help: 'Collections of a source that failed',
    labelNames: ['source_id', 'source_kind'] as const,
    registers: [this.registry],
  });
  readonly analysisDuration = new Histogram({
    name: 'nghe_analysis_duration_seconds',
    help: 'Time to analyse one batch of mentions (language, sentiment, keywords)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly analysedMentions = new Counter({
    name: 'nghe_mentions_analysed_total',
    help: 'Mentions analysed',
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'nghe_http_request_duration_seconds',
    help: 'API answer time by declared route',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly jobsDone = new Counter({
    name: 'nghe_jobs_total',
    help: 'Queue jobs finished by this process, by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly probes = new Set<QueueProbe>();

  private readonly queueDepth = new Gauge({
    name: 'nghe_queue_depth',
    help: 'Jobs (or due sources) waiting, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  private readonly queueAge = new Gauge({
    name: 'nghe_queue_oldest_age_seconds',
    help: 'Seconds the oldest waiting job (or due source) has waited, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) {
      collectDefaultMetrics({ register: this.registry, prefix: 'nghe_' });
    }
  }

  /** Adds a queue probe; returns its removal. */
  addQueueProbe(probe: QueueProbe): () => void {
    this.probes.add(probe);
    return () => this.probes.delete(probe);
  }

  /** The text exposition format, and its content type. */
  async exposition(): Promise<{ body: string; contentType: string }> {
    this.queueDepth.reset();
    this.queueAge.reset();
    for (const probe of this.probes) {
      let figures: QueueFigure[];
      try {
        figures = await probe();
      } catch {
        continue; // an unreachable database shows as missing figures, not a failed scrape
      }
      for (const f of figures) {
        this.queueDepth.set({ queue: f.queue }, f.depth);
        this.queueAge.set({ queue: f.queue }, f.oldestAgeSeconds);
      }
    }
    const body = await this.registry.metrics();
    return { body, contentType: this.registry.contentType };
  }
}

let shared: Metrics | undefined;

/** The process's metrics. */
export function metrics(): Metrics {
  shared ??= new Metrics();
  return shared;
}
