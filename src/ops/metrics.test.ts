import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';

describe('Metrics', () => {
  it('exposes counters, histograms and probed queue figures in the Prometheus text format', async () => {
    const m = new Metrics({ defaultMetrics: false });
    m.mentionsIngested.inc({ source_kind: 'feed' }, 3);
    m.fetchDuration.observe({ source_id: '7', source_kind: 'feed', outcome: 'ok' }, 0.2);
    m.fetchFailures.inc({ source_id: '8', source_kind: 'feed' });
    m.httpDuration.observe({ route: 'GET /api/topics', method: 'GET', status: '200' }, 0.03);
    m.addQueueProbe(async () => [{ queue: 'collect', depth: 4, oldestAgeSeconds: 12.5 }]);
    m.addQueueProbe(async () => {
      throw new Error('database unreachable');
    });
    const { body, contentType } = await m.exposition();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('nghe_mentions_ingested_total{source_kind="feed"} 3');
    expect(body).toContain(
      'nghe_fetch_duration_seconds_bucket{le="0.25",source_id="7",source_kind="feed",outcome="ok"} 1',
    );
    expect(body).toContain('nghe_fetch_failures_total{source_id="8",source_kind="feed"} 1');
    expect(body).toContain('nghe_queue_depth{queue="collect"} 4');
    expect(body).toContain('nghe_queue_oldest_age_seconds{queue="collect"} 12.5');
    expect(body).toContain(
      'nghe_http_request_duration_seconds_count{route="GET /api/topics",method="GET",status="200"} 1',
    );
  });
});
