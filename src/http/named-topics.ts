// A route that reads a topic named in its query string (`?topic=ID`, `?topics=1,2`) answers 404
// for a topic that does not exist, instead of figures of nothing. A topic whose charter the
// access layer found exists (its charter goes with it) and is not read again.
import type { ListeningStore } from '../store/listening-store.js';
import { notFound } from './api-error.js';
import type { Route } from './route.js';

export async function requireNamedTopics(
  route: Route,
  query: unknown,
  store: Pick<ListeningStore, 'getTopic'>,
  chartered?: ReadonlySet<number>,
): Promise<void> {
  const idParam = route.access.idParam;
  if (route.access.resource !== 'topic' || !idParam?.startsWith('query:')) return;
  const value = (query as Record<string, unknown> | undefined)?.[idParam.slice(6)];
  const ids = Array.isArray(value) ? value : value === undefined ? [] : [value];
  for (const id of ids) {
    if (typeof id !== 'number' || chartered?.has(id)) continue;
    if (!(await store.getTopic(id))) throw notFound('topic');
  }
}
