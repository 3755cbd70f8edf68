// Streaming HTTP responses read line by line (X's filtered stream sends one JSON object a line
// and a blank keep-alive every 20 seconds), under the same address rules as every request:
// private, loopback and link-local addresses are refused unless the installation allows them.
// A connection that stays silent past its idle limit fails, so the caller reconnects.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { OpenLineStream } from '../connectors/stream-connector.js';
import { createGuardedLookup, isBlockedAddress } from './address-guard.js';

export interface LineStreamOpenerOptions {
  userAgent?: string;
  allowPrivateAddresses?: boolean;
  /** Time to receive the response headers (ms). */
  connectTimeoutMs?: number;
  /** Longest line accepted (characters); a longer one fails the connection. */
  maxLineLength?: number;
}

export class LineStreamError extends Error {
  constructor(
    message: string,
    /** The HTTP status of a refused connection, or null for a network failure. */
    readonly status: number | null = null,
    /** The start of the refusal's body, where platforms explain it. */
    readonly body: string | null = null,
  ) {
    super(message);
    this.name = 'LineStreamError';
  }
}

async function* linesOf(response: IncomingMessage, maxLine: number): AsyncGenerator<string> {
  response.setEncoding('utf8');
  let pending = '';
  for await (const chunk of response as AsyncIterable<string>) {
    pending += chunk;
    let end = pending.indexOf('\n');
    while (end >= 0) {
      yield pending.slice(0, end).replace(/\r$/, '');
      pending = pending.slice(end + 1);
      end = pending.indexOf('\n');
    }
    if (pending.length > maxLine)
      throw new LineStreamError(`a line longer than ${maxLine} characters`);
  }
  if (pending !== '') yield pending.replace(/\r$/, '');
}

async function readStart(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let body = '';
  for await (const chunk of response as AsyncIterable<string>) {
    body += chunk;
    if (body.length > 2000) break;
  }
  return body.slice(0, 2000);
}

export function createLineStreamOpener(options: LineStreamOpenerOptions = {}): OpenLineStream {
  const maxLine = options.maxLineLength ?? 4 * 1024 * 1024;
  return (url, { headers, signal, idleMs }) =>
    new Promise((resolve, reject) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        reject(new LineStreamError(`not a URL: ${url}`));
        return;
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        reject(new LineStreamError(`not an http(s) URL: ${url}`));
        return;
      }
      const host = parsed.hostname.replace(/^\[|\]$/g, '');
      if (!options.allowPrivateAddresses && isIP(host) && isBlockedAddress(host)) {
        reject(new LineStreamError(`${host} is a private or reserved address`));
        return;
      }
      const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(parsed, {
        headers: { 'user-agent': options.userAgent ?? 'nghe', ...headers },
        ...(options.allowPrivateAddresses ? {} : { lookup: createGuardedLookup() }),
      });
      const onAbort = () => request.destroy();
      signal.addEventListener('abort', onAbort, { once: true });
      const connectTimer = setTimeout(
        () => request.destroy(new LineStreamError(`no answer from ${parsed.host}`)),
        options.connectTimeoutMs ?? 20_000,
      );
      // Silence on the socket, keep-alives included, past the idle limit ends the connection.
      request.setTimeout(idleMs, () =>
        request.destroy(new LineStreamError(`nothing from ${parsed.host} for ${idleMs / 1000} s`)),
      );
      request.on('error', (error) => {
        clearTimeout(connectTimer);
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof LineStreamError ? error : new LineStreamError(error.message));
      });
      request.on('response', (response) => {
        clearTimeout(connectTimer);
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 299) {
          void readStart(response)
            .catch(() => '')
            .then((body) => {
              const said = body.trim().split('\n')[0]?.slice(0, 200);
              request.destroy();
              reject(
                new LineStreamError(
                  `${parsed.host} answered HTTP ${status}${said ? `: ${said}` : ''}`,
                  status,
                  body,
                ),
              );
            });
          return;
        }
        const lines = linesOf(response, maxLine);
        resolve({
          async *[Symbol.asyncIterator]() {
            try {
              yield* lines;
            } catch (error) {
              if (signal.aborted) return;
              throw error instanceof LineStreamError ? error : new LineStreamError(String(error));
            } finally {
              signal.removeEventListener('abort', onAbort);
              request.destroy();
            }
          },
        });
      });
      request.end();
    });
}
