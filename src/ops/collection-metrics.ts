// Collection as metrics: what the collector reports (each source's start, end or failure) and
// how long analysis takes, recorded into the process's metrics.
import type { AnalyzeBatch, CollectorEvent } from '../jobs/collector.js';
import type { Store } from '../store/store.js';
import type { Metrics, QueueFigure } from './metrics.js';

/** Wraps a collector's event listener so every source's fetch is timed and counted. */
export function observeCollection(
  metrics: Metrics,
  onEvent?: (event: CollectorEvent) => void,
): (event: CollectorEvent) => void {
  const started = new Map<number, number>();
  return (event) => {
    const id = event.source.id;
    const labels = { source_id: String(id), source_kind: event.source.kind };
    if (event.type === 'source-start') started.set(id, performance.now());
    else {
      const since = started.get(id);
      started.delete(id);
      const outcome =
        event.type === 'source-done' ? 'ok' : event.type === 'source-failed' ? 'failed' : 'paused';
      if (since !== undefined) {
        metrics.fetchDuration.observe({ ...labels, outcome }, (performance.now() - since) / 1000);
      }
      if (event.type === 'source-failed') metrics.fetchFailures.inc(labels);
      if (event.type === 'source-done' && event.newCount > 0) {
        metrics.mentionsIngested.inc({ source_kind: event.source.kind }, event.newCount);
      }
    }
    onEvent?.(event);
  };
}

/** Times each analysed batch. */
export function timedAnalysis(metrics: Metrics, analyze: AnalyzeBatch): AnalyzeBatch {
  return async (mentions) => {
    const stop = metrics.analysisDuration.startTimer();
    try {
      return await analyze(mentions);
    } finally {
      stop();
      metrics.analysedMentions.inc(mentions.length);
    }
  };
}

/** The in-process scheduler's queue: enabled sources past their due time. */
export function dueSourcesProbe(store: Store, now: () => Date = () => new Date()) {
  return async (): Promise<QueueFigure[]> => {
    const at = now();
    const due = (await store.listSources({ dueBefore: at.toISOString() })).filter((s) => s.enabled);
    const oldest = Math.min(...due.map((s) => Date.parse(s.schedule.nextFetchAt)));
    return [
      {
        queue: 'due-sources',
        depth: due.length,
        oldestAgeSeconds: due.length === 0 ? 0 : Math.max(0, (at.getTime() - oldest) / 1000),
      },
    ];
  };
}
