// A collection job run again after its worker died may find its batch already stored: the
// worker committed it and was killed before tagging it. Such a run tags the batch's unchanged
// mentions as well (tags are keyed on topic + mention, so a tag given twice is kept once).
import type { SaveMentionsResult, Store } from '../store/store.js';

const BATCH_WRITES = new Set(['saveMentions', 'saveSourceBatch']);

/** `store` whose batch writes also hand their unchanged mentions to `tag`. */
export function retagUnchanged<T extends Store>(
  store: T,
  tag: (saved: SaveMentionsResult) => Promise<unknown>,
): T {
  return new Proxy(store, {
    get(object, name, receiver) {
      const value = Reflect.get(object, name, receiver);
      if (typeof name !== 'string' || !BATCH_WRITES.has(name) || typeof value !== 'function') {
        return value;
      }
      return async (...args: unknown[]) => {
        const saved = (await value.apply(object, args)) as SaveMentionsResult;
        if (saved.statuses.includes('unchanged')) {
          await tag({
            ...saved,
            statuses: saved.statuses.map((s) => (s === 'unchanged' ? 'new' : s)),
          });
        }
        return saved;
      };
    },
  });
}
