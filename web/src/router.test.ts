import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, type Route } from './router.js';

describe('hash routes', () => {
  it('reads back every route it writes, a thread deep link included', () => {
    const routes: Route[] = [
      { page: 'overview' },
      { page: 'topic', topicId: 12 },
      { page: 'search' },
      { page: 'sources' },
      { page: 'thread', mentionId: 34 },
      { page: 'reports' },
      { page: 'report', reportId: 5 },
      { page: 'policy', policyId: 2 },
    ];
    for (const route of routes) expect(parseRoute(hrefFor(route))).toEqual(route);
    expect(parseRoute('#/mentions/x/thread')).toEqual({ page: 'overview' });
  });

  it('keeps a page’s own state after ? out of the route', () => {
    expect(parseRoute('#/topics/12?w=all&from=2024-01-01')).toEqual({ page: 'topic', topicId: 12 });
  });
});
