// The hooks every connector contract test file repeats, registered once: one loopback server for
// the file (or the describe block it is called in) and a fresh loopback client for each test.
import type { RequestListener } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ClosableHttpClient } from '../../net/http-client.js';
import { type LoopbackServer, listenOnLoopback, loopbackHttpClient } from './loopback.js';

export interface LoopbackHarness {
  /** The file's server, listening from before the first test to after the last. */
  readonly server: LoopbackServer;
  /** This test's client, closed after it; a test may swap in a fresh one. */
  http: ClosableHttpClient;
}

/** One loopback server for the file (or the describe block it is called in). */
export function useLoopbackServer(handler: RequestListener): { readonly server: LoopbackServer } {
  let server: LoopbackServer | null = null;
  beforeAll(async () => {
    server = await listenOnLoopback(handler);
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the loopback server is not listening yet');
      return server;
    },
  };
}

/** The file's loopback server, and a fresh loopback client for each test. */
export function useLoopback(handler: RequestListener): LoopbackHarness {
  const listening = useLoopbackServer(handler);
  let http: ClosableHttpClient | null = null;
  beforeEach(() => {
    http = loopbackHttpClient();
  });
  afterEach(async () => {
    await http?.close();
  });
  return {
    get server() {
      return listening.server;
    },
    get http() {
      if (!http) throw new Error('no loopback client outside a test');
      return http;
    },
    set http(client) {
      http = client;
    },
  };
}
