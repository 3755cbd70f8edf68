// Contract tests for connectors run against a real server on 127.0.0.1 through the real HTTP
// client; these set both up the same way for every connector.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ClosableHttpClient,
  createHttpClient,
  type HttpClientOptions,
} from '../../net/http-client.js';

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT`, on a port the system picked. */
  origin: string;
  close(): Promise<void>;
}

export async function listenOnLoopback(handler: RequestListener): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A client allowed to reach loopback, with no robots.txt look-ups or per-host pacing. */
export function loopbackHttpClient(options: HttpClientOptions = {}): ClosableHttpClient {
  return createHttpClient({
    allowPrivateAddresses: true,
    respectRobots: false,
    perHostMinIntervalMs: 0,
    ...options,
  });
}
