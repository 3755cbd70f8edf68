// Request and response headers of the API read and set on the Node request and response where
// the server runs on Node: a request's Fetch `Headers` object is built from all its fields the
// first time any one is read, and a response with a `Headers` object (made by the first
// `c.header()`) leaves the plain-object path that writes it straight to the socket. Both cost
// more per request than the rest of a cached answer. Elsewhere (app.request in tests) the Fetch
// objects are used as before.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

interface NodeBindings {
  incoming?: Pick<IncomingMessage, 'rawHeaders'>;
  outgoing?: Pick<ServerResponse, 'setHeader' | 'headersSent'>;
}

/** Leading and trailing spaces and tabs, which Fetch `Headers` strip from a value. */
const EDGE_SPACE = /^[ \t]+|[ \t]+$/g;

/**
 * The value of request header `name` as Fetch `Headers` would give it: repeated fields joined
 * with ", ", undefined when absent.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const raw = (c.env as NodeBindings | undefined)?.incoming?.rawHeaders;
  if (!Array.isArray(raw)) return c.req.header(name);
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length !== lower.length || key.toLowerCase() !== lower) continue;
    const value = raw[i + 1]!.replace(EDGE_SPACE, '');
    found = found === undefined ? value : `${found}, ${value}`;
  }
  return found;
}

/**
 * Sets a response header that holds whatever the handler answers; a header the handler sets
 * itself with the same name wins, as with `c.header()` before it.
 */
export function presetResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as NodeBindings | undefined)?.outgoing;
  if (outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent) {
    outgoing.setHeader(name, value);
  } else {
    c.header(name, value);
  }
}
