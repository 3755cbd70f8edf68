// Topic rules synced against a loopback rules endpoint that keeps its rules as X does: GET with
// paging, POST add/delete, dry_run validation, duplicate values refused with X's problem body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeCredentials } from '../test-support/fake-credentials.js';
import { useLoopback } from '../test-support/loopback-hooks.js';
import { type RuleTopic, syncTopicRules, topicRuleTag } from './topic-rules-sync.js';
import type { Session } from './x-api.js';

const BEARER = 'AAAA-rules-bearer';

let rules: { id: string; value: string; tag?: string }[];
let nextId: number;
let posts: { dryRun: boolean; body: { add?: unknown[]; delete?: { ids: string[] } } }[];

function x(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.on('data', (chunk: Buffer) => {
    raw += chunk.toString('utf8');
  });
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${BEARER}`) {
      return send(401, { title: 'Unauthorized', type: 'about:blank', status: 401 });
    }
    if (url.pathname !== '/2/tweets/search/stream/rules') return send(404, {});
    if (req.method === 'GET') {
      // Two rules a page, to exercise pagination_token.
      const start = Number(url.searchParams.get('pagination_token') ?? 0);
      const page = rules.slice(start, start + 2);
      const more = start + 2 < rules.length;
      return send(200, {
        ...(rules.length > 0 ? { data: page } : {}),
        meta: {
          sent: '2026-11-30T12:00:00.000Z',
          result_count: page.length,
          ...(more ? { next_token: String(start + 2) } : {}),
        },
      });
    }
    const dryRun = url.searchParams.get('dry_run') === 'true';
    const body = JSON.parse(raw) as {
      add?: { value: string; tag: string }[];
      delete?: { ids: string[] };
    };
    posts.push({ dryRun, body });
    if (body.delete) {
      const gone = new Set(body.delete.ids);
      if (!dryRun) rules = rules.filter((r) => !gone.has(r.id));
      return send(200, {
        meta: {
          sent: '2026-11-30T12:00:00.000Z',
          summary: { deleted: gone.size, not_deleted: 0 },
        },
      });
    }
    const data: { id: string; value: string; tag: string }[] = [];
    const errors: unknown[] = [];
    for (const rule of body.add ?? []) {
      const twin = rules.find((r) => r.value === rule.value);
      if (twin) {
        errors.push({
          value: rule.value,
          id: twin.id,
          title: 'DuplicateRule',
          type: 'https://api.twitter.com/2/problems/duplicate-rules',
        });
        continue;
      }
      // A dry run validates without creating: no id is spent.
      const added = { id: dryRun ? 'dry-run' : String(nextId++), ...rule };
      data.push(added);
      if (!dryRun) rules.push(added);
    }
    return send(200, {
      ...(data.length > 0 ? { data } : {}),
      meta: {
        sent: '2026-11-30T12:00:00.000Z',
        summary: {
          created: data.length,
          not_created: errors.length,
          valid: data.length,
          invalid: errors.length,
        },
      },
      ...(errors.length > 0 ? { errors } : {}),
    });
  });
}

const loopback = useLoopback(x);

function session(): Session {
  return {
    context: { http: loopback.http, now: () => new Date('2026-11-30T12:00:00Z') },
    lease: fakeCredentials({ bearerToken: BEARER }).acquire(),
    base: `${loopback.server.origin}/2`,
  };
}

const topic = (id: number, query: string, more: Partial<RuleTopic> = {}): RuleTopic => ({
  id,
  query,
  status: 'active',
  platforms: null,
  ...more,
});

beforeEach(() => {
  rules = [{ id: '900', value: 'hcmcgov', tag: 'thủ công' }];
  nextId = 1000;
  posts = [];
});

describe('X rules from topics', () => {
  it('adds a rule per fitting topic, says why others have none, and leaves hand-made rules', async () => {
    const topics = [
      topic(1, '(ngập OR "triều cường") AND "thủ đức"'),
      topic(2, 'ngập*'),
      topic(3, 'kẹt xe', { status: 'paused' }),
      topic(4, 'mất điện', { platforms: ['facebook', 'zalo'] }),
      topic(5, 'kẹt xe lang:vi', { platforms: ['x', 'web'] }),
    ];
    const report = await syncTopicRules(session(), topics);
    expect(report.topics).toEqual([
      {
        topicId: 1,
        state: 'added',
        rule: '(ngập OR "triều cường") "thủ đức"',
        ruleId: '1000',
      },
      { topicId: 2, state: 'refused', rule: null, reason: 'X has no prefix search (ngập*)' },
      { topicId: 3, state: 'not-for-x', reason: 'the topic is paused' },
      { topicId: 4, state: 'not-for-x', reason: 'the topic is limited to other platforms' },
      { topicId: 5, state: 'added', rule: 'kẹt xe lang:vi', ruleId: '1001' },
    ]);
    expect(posts.map((p) => p.dryRun)).toEqual([true, false]);
    expect(rules.map((r) => r.tag)).toEqual(['thủ công', topicRuleTag(1), topicRuleTag(5)]);
    expect(report.others).toBe(1);

    // Nothing changed: a second sync only reads.
    posts = [];
    const again = await syncTopicRules(session(), topics);
    expect(posts).toEqual([]);
    expect(again.topics.filter((t) => t.state === 'kept').map((t) => t.topicId)).toEqual([1, 5]);
  });

  it('replaces the rule of an edited topic and deletes the rule of a deleted one', async () => {
    await syncTopicRules(session(), [topic(1, 'ngập'), topic(2, 'lũ')]);
    posts = [];
    const report = await syncTopicRules(session(), [topic(1, 'ngập "thủ đức"')]);
    expect(report.topics).toEqual([
      { topicId: 1, state: 'replaced', rule: 'ngập "thủ đức"', ruleId: '1002' },
    ]);
    expect(report.deleted.sort()).toEqual(['1000', '1001']);
    expect(rules.map((r) => [r.value, r.tag])).toEqual([
      ['hcmcgov', 'thủ công'],
      ['ngập "thủ đức"', topicRuleTag(1)],
    ]);
    // Validated, then the old rules deleted, then the new one added.
    expect(posts.map((p) => [p.dryRun, Object.keys(p.body)[0]])).toEqual([
      [true, 'add'],
      [false, 'delete'],
      [false, 'add'],
    ]);
  });

  it('reports the rule X refuses against its topic and adds the rest', async () => {
    const report = await syncTopicRules(session(), [topic(1, 'hcmcgov'), topic(2, 'ngập')]);
    expect(report.topics).toEqual([
      { topicId: 1, state: 'refused', rule: 'hcmcgov', reason: 'DuplicateRule' },
      { topicId: 2, state: 'added', rule: 'ngập', ruleId: '1000' },
    ]);
    // The refused rule was never sent for real.
    expect(posts[1]?.body.add).toEqual([{ value: 'ngập', tag: topicRuleTag(2) }]);
  });

  it('stays within the tier’s rule count and length, oldest topics first', async () => {
    const report = await syncTopicRules(
      session(),
      [topic(3, 'ngập'), topic(1, 'lũ'), topic(2, 'sạt lở miền trung quảng nam')],
      { rules: 2, length: 20 },
    );
    expect(report.topics).toEqual([
      { topicId: 1, state: 'added', rule: 'lũ', ruleId: '1000' },
      {
        topicId: 2,
        state: 'refused',
        rule: 'sạt lở miền trung quảng nam',
        reason: 'the rule is 27 characters; the access tier takes 20',
      },
      {
        topicId: 3,
        state: 'refused',
        rule: 'ngập',
        reason: 'the access tier allows 2 rules and all are in use (1 not made from topics)',
      },
    ]);
    expect(rules).toHaveLength(2);
  });
});
