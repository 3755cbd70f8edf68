// Collection in the fleet stores what it fetched without analysing it: after each batch is
// committed, its new and edited mentions are enqueued as one `analyse` job (analyse-job.ts).
// A collection job run again (its worker died between the commit and the enqueue) finds its
// batch stored and unchanged: such a run enqueues the unchanged mentions too, and the analyse
// job skips those already analysed.
import type { MentionInput } from '../model.js';
import type { SaveMentionsResult, Store } from '../store/store.js';
import type { AnalyseItem, AnalyseJob } from './analyse-job.js';

const BATCH_WRITES = new Set(['saveMentions', 'saveSourceBatch']);

/** The analyse job of a saved batch; null when nothing in it waits for analysis. */
export function analyseJobOf(
  inputs: readonly MentionInput[],
  saved: SaveMentionsResult,
  includeUnchanged: boolean,
): AnalyseJob | null {
  const byId = new Map<number, AnalyseItem>();
  saved.ids.forEach((id, i) => {
    const status = saved.statuses[i];
    if (status === 'unchanged' && !includeUnchanged) return;
    const homeProvince = inputs[i]?.homeProvince ?? null;
    const item: AnalyseItem = status === 'updated' ? { id, edited: true } : { id };
    if (homeProvince !== null) item.homeProvince = homeProvince;
    const had = byId.get(id);
    if (had === undefined || (item.edited && !had.edited)) byId.set(id, item);
  });
  return byId.size === 0 ? null : { mentions: [...byId.values()] };
}

/** `store` whose batch writes enqueue the analysis of what they stored, once committed. */
export function enqueueAnalysisAfterWrites<T extends Store>(
  store: T,
  enqueue: (job: AnalyseJob) => Promise<unknown>,
  options: { includeUnchanged: boolean },
): T {
  return new Proxy(store, {
    get(object, name, receiver) {
      const value = Reflect.get(object, name, receiver);
      if (typeof name !== 'string' || !BATCH_WRITES.has(name) || typeof value !== 'function') {
        return value;
      }
      return async (...args: unknown[]) => {
        const saved = (await value.apply(object, args)) as SaveMentionsResult;
        const job = analyseJobOf(args[1] as MentionInput[], saved, options.includeUnchanged);
        if (job !== null) await enqueue(job);
        return saved;
      };
    },
  });
}
