// A topic named in the query string is read to answer 404 when it does not exist, unless the
// access layer already found its charter.
import { describe, expect, it } from 'vitest';
import type { Topic } from '../store/listening-store.js';
import { HttpError } from './api-error.js';
import { requireNamedTopics } from './named-topics.js';
import type { Route } from './route.js';

const route = {
  access: { allow: 'read', resource: 'topic', idParam: 'query:topic' },
} as unknown as Route;

function store(existing: number[]) {
  const asked: number[] = [];
  return {
    asked,
    async getTopic(id: number) {
      asked.push(id);
      return existing.includes(id) ? ({ id } as Topic) : null;
    },
  };
}

describe('requireNamedTopics', () => {
  it('reads each named topic and answers 404 for one that does not exist', async () => {
    const topics = store([1]);
    await requireNamedTopics(route, { topic: [1] }, topics);
    const missing = await requireNamedTopics(route, { topic: [1, 2] }, topics).catch((e) => e);
    expect(missing).toBeInstanceOf(HttpError);
    expect((missing as HttpError).status).toBe(404);
    expect(topics.asked).toEqual([1, 1, 2]);
  });

  it('does not read again a topic whose charter the access layer found', async () => {
    const topics = store([1]);
    await requireNamedTopics(route, { topic: 1 }, topics, new Set([1]));
    expect(topics.asked).toEqual([]);
    const missing = await requireNamedTopics(route, { topic: [1, 3] }, topics, new Set([1])).catch(
      (e) => e,
    );
    expect((missing as HttpError).status).toBe(404);
    expect(topics.asked).toEqual([3]);
  });

  it('reads nothing for a route that names no topic in its query', async () => {
    const topics = store([]);
    const byPath = { access: { allow: 'read', resource: 'topic' } } as unknown as Route;
    await requireNamedTopics(byPath, { topic: 5 }, topics);
    expect(topics.asked).toEqual([]);
  });
});
