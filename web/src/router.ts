// Hash routes, so static hosting needs no rewrite rules: #/, #/topics/12, #/search, #/sources,
// #/mentions/34/thread, #/reports, #/reports/5, #/policies/2, #/access, #/map.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'overview' }
  | { page: 'topic'; topicId: number }
  | { page: 'search' }
  | { page: 'sources' }
  | { page: 'thread'; mentionId: number }
  | { page: 'reports' }
  | { page: 'report'; reportId: number }
  | { page: 'usage' }
  | { page: 'policy'; policyId: number }
  | { page: 'access' }
  | { page: 'map' };

export function parseRoute(hash: string): Route {
  // A page's own state (a topic's time range) follows `?` and does not change the page.
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const topic = /^\/topics\/(\d+)$/.exec(path);
  if (topic) return { page: 'topic', topicId: Number(topic[1]) };
  const thread = /^\/mentions\/(\d+)\/thread$/.exec(path);
  if (thread) return { page: 'thread', mentionId: Number(thread[1]) };
  const report = /^\/reports\/(\d+)$/.exec(path);
  if (report) return { page: 'report', reportId: Number(report[1]) };
  const policy = /^\/policies\/(\d+)$/.exec(path);
  if (policy) return { page: 'policy', policyId: Number(policy[1]) };
  if (path === '/reports') return { page: 'reports' };
  if (path === '/usage') return { page: 'usage' };
  if (path === '/search') return { page: 'search' };
  if (path === '/sources') return { page: 'sources' };
  if (path === '/access') return { page: 'access' };
  if (path === '/map') return { page: 'map' };
  return { page: 'overview' };
}

export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'topic':
      return `#/topics/${route.topicId}`;
    case 'search':
      return '#/search';
    case 'sources':
      return '#/sources';
    case 'thread':
      return `#/mentions/${route.mentionId}/thread`;
    case 'reports':
      return '#/reports';
    case 'usage':
      return '#/usage';
    case 'report':
      return `#/reports/${route.reportId}`;
    case 'policy':
      return `#/policies/${route.policyId}`;
    case 'access':
      return '#/access';
    case 'map':
      return '#/map';
    default:
      return '#/';
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
