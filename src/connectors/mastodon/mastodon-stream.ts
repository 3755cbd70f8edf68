// Streaming API messages: Server-Sent Events blocks (`event: update` / `data: {...}`) and
// WebSocket messages (`{"stream":[...],"event":"update","payload":"<Status JSON as a string>"}`),
// reduced to (event, payload) pairs. Heartbeat comments (`:thump`) carry nothing.
import { UnreadableBodyError } from '../social/platform-module.js';

export interface StreamEvent {
  event: string;
  /** The payload: the Status JSON text, a status id, or whatever else the event carries. */
  data: string;
}

/** True when the body is an SSE stream rather than a JSON document. */
export function looksLikeEventStream(body: string): boolean {
  return /^(event|data|id|retry):|^:/m.test(body) && !/^\s*[[{<]/.test(body);
}

export function parseEventStream(body: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  let event = '';
  let data: string[] = [];
  const flush = () => {
    if (data.length > 0) events.push({ event: event || 'message', data: data.join('\n') });
    event = '';
    data = [];
  };
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line === '') {
      flush();
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') event = value;
    else if (name === 'data') data.push(value);
  }
  flush();
  return events;
}

/** The (event, payload) of one WebSocket message; the payload may be a string or, from some servers, an object. */
export function websocketEvent(message: Record<string, unknown>): StreamEvent {
  const event = message.event;
  if (typeof event !== 'string') {
    throw new UnreadableBodyError('mastodon', 'a streaming message without an event name');
  }
  const payload = message.payload;
  const data =
    typeof payload === 'string'
      ? payload
      : payload === undefined || payload === null
        ? ''
        : JSON.stringify(payload);
  return { event, data };
}
