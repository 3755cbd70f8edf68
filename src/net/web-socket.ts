// WebSocket connections for streaming platforms (Jetstream, Mastodon streaming), under the same
// address rules as HTTP requests: private, loopback and link-local addresses are refused unless
// the installation allows them. A socket reads as an async sequence of text messages; when the
// reader falls behind, the socket is paused so the server, not our memory, holds the backlog.
import { isIP } from 'node:net';
import WebSocket from 'ws';
import type { OpenWebSocket, StreamSocket } from '../connectors/stream-connector.js';
import { createGuardedLookup, isBlockedAddress } from './address-guard.js';

export interface WebSocketOptions {
  userAgent?: string;
  allowPrivateAddresses?: boolean;
  /** Time to open the connection (ms). */
  connectTimeoutMs?: number;
  /** Largest message accepted (bytes). */
  maxMessageBytes?: number;
  /** Messages buffered before the socket is paused. */
  highWaterMark?: number;
}

export class WebSocketError extends Error {
  override name = 'WebSocketError';
}

export function createWebSocketOpener(options: WebSocketOptions = {}): OpenWebSocket {
  const highWater = options.highWaterMark ?? 1000;
  return (url, { headers, signal }) =>
    new Promise<StreamSocket>((resolve, reject) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        reject(new WebSocketError(`not a URL: ${url}`));
        return;
      }
      if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
        reject(new WebSocketError(`not a ws(s) URL: ${url}`));
        return;
      }
      const host = parsed.hostname.replace(/^\[|\]$/g, '');
      if (!options.allowPrivateAddresses && isIP(host) && isBlockedAddress(host)) {
        reject(new WebSocketError(`${host} is a private or reserved address`));
        return;
      }
      const socket = new WebSocket(url, {
        headers: { 'user-agent': options.userAgent ?? 'nghe', ...headers },
        handshakeTimeout: options.connectTimeoutMs ?? 20_000,
        maxPayload: options.maxMessageBytes ?? 4 * 1024 * 1024,
        perMessageDeflate: false,
        ...(options.allowPrivateAddresses ? {} : { lookup: createGuardedLookup() }),
      });
      const queue: string[] = [];
      let ended = false;
      let failure: Error | null = null;
      let wake: (() => void) | null = null;
      const notify = () => {
        const w = wake;
        wake = null;
        w?.();
      };
      const onAbort = () => socket.terminate();
      signal.addEventListener('abort', onAbort, { once: true });
      let opened = false;
      socket.on('unexpected-response', (_request, response) => {
        const status = `${response.statusCode} ${response.statusMessage ?? ''}`.trim();
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < 500) body += chunk;
        });
        response.on('end', () => {
          const said = body.trim().split('\n')[0]?.slice(0, 200);
          reject(
            new WebSocketError(
              `${url} refused the WebSocket: HTTP ${status}${said ? `: ${said}` : ''}`,
            ),
          );
          socket.terminate();
        });
      });
      socket.on('open', () => {
        opened = true;
        resolve(stream);
      });
      socket.on('message', (data, isBinary) => {
        if (isBinary) return; // compressed frames are never asked for
        queue.push(data.toString());
        if (queue.length >= highWater) socket.pause();
        notify();
      });
      socket.on('error', (error) => {
        failure = new WebSocketError(`${url}: ${error.message}`);
        if (!opened) reject(failure);
        notify();
      });
      socket.on('close', (code, reason) => {
        ended = true;
        signal.removeEventListener('abort', onAbort);
        if (!opened) reject(new WebSocketError(`${url} closed before opening (${code})`));
        else if (code !== 1000 && code !== 1005 && !signal.aborted && failure === null) {
          const said = reason.toString();
          failure = new WebSocketError(`${url} closed with ${code}${said ? `: ${said}` : ''}`);
        }
        notify();
      });
      const stream: StreamSocket = {
        send: (text) => socket.send(text),
        close: () => {
          if (socket.readyState === WebSocket.OPEN) socket.close(1000);
          else socket.terminate();
        },
        async *[Symbol.asyncIterator]() {
          for (;;) {
            if (queue.length > 0) {
              const message = queue.shift()!;
              if (queue.length < highWater / 2 && socket.isPaused) socket.resume();
              yield message;
              continue;
            }
            if (failure) throw failure;
            if (ended || signal.aborted) return;
            await new Promise<void>((done) => {
              wake = done;
            });
          }
        },
      };
    });
}
