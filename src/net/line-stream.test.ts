import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, listenOnLoopback } from '../connectors/test-support/loopback.js';
import { createLineStreamOpener, LineStreamError } from './line-stream.js';

let server: LoopbackServer;
let respond: (res: ServerResponse) => void;

beforeAll(async () => {
  server = await listenOnLoopback((_req, res) => respond(res));
});

afterAll(async () => {
  await server.close();
});

const open = createLineStreamOpener({ allowPrivateAddresses: true });

async function collect(lines: AsyncIterable<string>): Promise<{ lines: string[]; error: unknown }> {
  const seen: string[] = [];
  try {
    for await (const line of lines) seen.push(line);
  } catch (error) {
    return { lines: seen, error };
  }
  return { lines: seen, error: null };
}

describe('line streams', () => {
  it('yields lines split across chunks, keep-alives as blank lines, until the server ends', async () => {
    respond = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":1}\r\n\r\n{"b"');
      setTimeout(() => res.end(':2}\r\n'), 20);
    };
    const stream = await open(server.origin, {
      signal: new AbortController().signal,
      idleMs: 5000,
    });
    expect(await collect(stream)).toEqual({ lines: ['{"a":1}', '', '{"b":2}'], error: null });
  });

  it('refuses with the status and the body, and fails a silent connection', async () => {
    respond = (res) =>
      res
        .writeHead(429, { 'content-type': 'application/json' })
        .end('{"title":"TooManyConnections"}');
    const refused = await open(server.origin, {
      signal: new AbortController().signal,
      idleMs: 5000,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LineStreamError);
    expect(refused).toMatchObject({ status: 429, body: '{"title":"TooManyConnections"}' });
    expect((refused as Error).message).toMatch(
      /answered HTTP 429: \{"title":"TooManyConnections"\}/,
    );

    respond = (res) => {
      res.writeHead(200);
      res.write('\r\n');
    };
    const silent = await open(server.origin, { signal: new AbortController().signal, idleMs: 150 });
    const read = await collect(silent);
    expect(read.lines).toEqual(['']);
    expect(read.error).toBeInstanceOf(Error);
  });

  it('refuses loopback addresses unless the installation allows them', async () => {
    const guarded = createLineStreamOpener();
    await expect(
      guarded(server.origin, { signal: new AbortController().signal, idleMs: 1000 }),
    ).rejects.toThrow(/private or reserved address/);
  });
});
