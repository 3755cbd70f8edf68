import type { IncomingMessage, ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { createLineStreamOpener } from '../../net/line-stream.js';
import { InvalidCredentialError, QuotaPause } from '../collect-errors.js';
import type { StreamContext } from '../stream-connector.js';
import { fakeCredentials } from '../test-support/fake-credentials.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { useLoopback } from '../test-support/loopback-hooks.js';
import { testSource } from '../test-support/source.js';
import { xConnector } from './connector.js';

const fixture = fixtureReader(import.meta.dirname);
const TOKEN = { bearerToken: 'AAAA-stream-bearer' };
const TAG = 'nghe source #1';
const RULE = 'ngập "thủ đức" lang:vi';

interface Rule {
  id: string;
  value: string;
  tag: string;
}

let rules: Rule[];
let ruleChanges: unknown[];
let refuseRule: boolean;
let streamLines: string[];
let streamStatus: number;
let streamConnects: number;
let nextRuleId = 1;

/** A stream delivery of one post that matched `tag`. */
function delivery(id: bigint, tag: string): string {
  const line = JSON.parse(fixture('stream-line.json'));
  line.data.id = String(id);
  line.data.edit_history_tweet_ids = [String(id)];
  line.data.conversation_id = String(id);
  line.matching_rules = [{ id: '1', tag }];
  return JSON.stringify(line);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString('utf8');
  });
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.headers.authorization !== `Bearer ${TOKEN.bearerToken}`) {
      return json(401, JSON.parse(fixture('error-unauthorized.json')));
    }
    if (url.pathname === '/2/tweets/search/stream/rules' && req.method === 'GET') {
      return json(
        200,
        rules.length > 0
          ? { data: rules, meta: { result_count: rules.length } }
          : { meta: { result_count: 0 } },
      );
    }
    if (url.pathname === '/2/tweets/search/stream/rules' && req.method === 'POST') {
      const change = JSON.parse(body) as { add?: Omit<Rule, 'id'>[]; delete?: { ids: string[] } };
      ruleChanges.push(change);
      if (change.delete) rules = rules.filter((r) => !change.delete?.ids.includes(r.id));
      if (change.add && refuseRule) {
        return json(200, {
          meta: { summary: { created: 0, not_created: 1, valid: 0, invalid: 1 } },
          errors: [
            {
              value: change.add[0]?.value,
              details: ["Reference to invalid operator 'near'"],
              title: 'Invalid Rule',
              type: 'https://api.twitter.com/2/problems/invalid-rules',
            },
          ],
        });
      }
      const added = (change.add ?? []).map((r) => ({ ...r, id: String(nextRuleId++) }));
      rules.push(...added);
      return json(200, {
        data: added,
        meta: {
          summary: { created: added.length, not_created: 0, valid: added.length, invalid: 0 },
        },
      });
    }
    if (url.pathname === '/2/tweets/search/stream') {
      streamConnects++;
      if (streamStatus !== 200)
        return json(streamStatus, JSON.parse(fixture('error-too-many-requests.json')));
      res.writeHead(200, { 'content-type': 'application/json' });
      for (const line of streamLines) res.write(`${line}\r\n`);
      res.end();
      return;
    }
    json(404, { title: 'Not Found Error' });
  });
}

const streamSource = () =>
  testSource('x', `https://api.x.com/2/tweets/search/stream?query=${encodeURIComponent(RULE)}`, {
    follow: 'stream',
    query: RULE,
  });

function streamContext(credentials = fakeCredentials(TOKEN)) {
  const emitted: CollectedMention[][] = [];
  let connected = 0;
  const context: StreamContext = {
    http: loopback.http,
    now: () => new Date('2026-10-28T15:00:00Z'),
    signal: new AbortController().signal,
    cursor: null,
    openWebSocket: () => Promise.reject(new Error('no WebSockets here')),
    openLineStream: createLineStreamOpener({ allowPrivateAddresses: true }),
    endpoints: { apiBaseUrl: `${loopback.server.origin}/2` },
    credentials,
    emit: async (batch) => {
      emitted.push(batch.mentions);
    },
    connected: () => {
      connected++;
    },
  };
  return { context, emitted, connectedCount: () => connected, credentials };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the stream to fail');
}

const loopback = useLoopback(handle);

beforeEach(() => {
  rules = [];
  ruleChanges = [];
  refuseRule = false;
  streamLines = [];
  streamStatus = 200;
  streamConnects = 0;
});

describe('x filtered stream', () => {
  it('replaces the source’s stale rule, streams its posts and counts every delivery', async () => {
    rules = [
      { id: '900', value: 'ngập', tag: TAG },
      { id: '901', value: 'bão', tag: 'someone else' },
    ];
    streamLines = [
      '',
      delivery(2115400000000000001n, TAG),
      '',
      delivery(2115400000000000002n, 'someone else'),
      delivery(2115400000000000003n, TAG),
    ];
    const { context, emitted, connectedCount, credentials } = streamContext();
    expect(xConnector.streams?.(streamSource())).toBe(true);
    await xConnector.stream(streamSource(), context);

    expect(ruleChanges).toEqual([
      { delete: { ids: ['900'] } },
      { add: [{ value: RULE, tag: TAG }] },
    ]);
    expect(rules.map((r) => r.tag)).toEqual(['someone else', TAG]);
    expect(connectedCount()).toBe(1);
    expect(emitted.flat().map((m) => m.externalId)).toEqual([
      '2115400000000000001',
      '2115400000000000003',
    ]);
    // X bills the app for each post it delivers, whichever rule it matched.
    expect(credentials.spent).toEqual({ reads: 3 });
    const stored = JSON.stringify(emitted);
    expect(stored).not.toContain('quanghuy_hcm');
    expect(stored).not.toContain('ngochan1995');

    // The connection ended; reconnecting finds the rule in place and changes nothing.
    ruleChanges = [];
    streamLines = [delivery(2115400000000000004n, TAG)];
    await xConnector.stream(streamSource(), context);
    expect(ruleChanges).toEqual([]);
    expect(streamConnects).toBe(2);
  });

  it('ends the connection on an operational disconnect, to reconnect', async () => {
    streamLines = [
      delivery(2115400000000000011n, TAG),
      JSON.stringify({
        errors: [
          {
            title: 'operational-disconnect',
            disconnect_type: 'UpstreamOperationalDisconnect',
            detail: 'This stream has been disconnected upstream for operational reasons.',
            type: 'https://api.twitter.com/2/problems/operational-disconnect',
          },
        ],
      }),
      delivery(2115400000000000012n, TAG),
    ];
    const { context, emitted } = streamContext();
    const error = await rejection(xConnector.stream(streamSource(), context));
    expect(error.message).toBe(
      'X stream: operational-disconnect: This stream has been disconnected upstream for operational reasons.',
    );
    expect(emitted.flat()).toHaveLength(1);
  });

  it('closes at the read budget, and the next connect asks X for nothing', async () => {
    streamLines = [1n, 2n, 3n, 4n, 5n].map((n) => delivery(2115400000000000020n + n, TAG));
    const { context, emitted, credentials } = streamContext(fakeCredentials(TOKEN, { reads: 3 }));
    const spent = await rejection(xConnector.stream(streamSource(), context));
    expect(spent).toBeInstanceOf(QuotaPause);
    expect(spent.message).toMatch(/X monthly read budget of credential #1 "test" is spent/);
    expect(credentials.spent).toEqual({ reads: 3 });
    expect(emitted.flat()).toHaveLength(3);

    const before = streamConnects;
    ruleChanges = [];
    expect(await rejection(xConnector.stream(streamSource(), context))).toBeInstanceOf(QuotaPause);
    expect(streamConnects).toBe(before);
    expect(ruleChanges).toEqual([]);
  });

  it('says why X refused the rule or the connection', async () => {
    refuseRule = true;
    const refused = await rejection(xConnector.stream(streamSource(), streamContext().context));
    expect(refused.message).toBe(
      `X refused the stream rule "${RULE}": Invalid Rule: Reference to invalid operator 'near'`,
    );
    expect(streamConnects).toBe(0);

    refuseRule = false;
    const revoked = streamContext(fakeCredentials({ bearerToken: 'revoked' }));
    expect(await rejection(xConnector.stream(streamSource(), revoked.context))).toBeInstanceOf(
      InvalidCredentialError,
    );
    expect(revoked.credentials.invalid).toMatch(/HTTP 401/);

    streamStatus = 429;
    const busy = await rejection(xConnector.stream(streamSource(), streamContext().context));
    expect(busy.message).toBe('X stream refused: HTTP 429 Too Many Requests');
  });

  it('polls nothing for a streamed source', async () => {
    const result = await xConnector.collect(streamSource(), streamContext().context);
    expect(result.mentions).toEqual([]);
  });
});
