// Server-sent events read through fetch(), because EventSource cannot send the Authorization
// header. The parser is separate so it can be checked without a network.

export interface StreamEvent {
  event: string;
  data: string;
}

/** Incremental text/event-stream parser: feed it chunks, it returns the complete events. */
export function createEventParser(): (chunk: string) => StreamEvent[] {
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const events: StreamEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(buffer);
      // A lone \r at the end may be the first half of \r\n: wait for more.
      if (!match || (match[0] === '\r' && match.index === buffer.length - 1)) break;
      const line = buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (data.length > 0) events.push({ event, data: data.join('\n') });
        event = 'message';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    return events;
  };
}

/**
 * Reads a stream until `signal` aborts, reconnecting after a pause when it drops. `onState`
 * says whether the stream is currently open.
 */
export async function followEventStream(
  open: (signal: AbortSignal) => Promise<Response>,
  onEvent: (event: StreamEvent) => void,
  onState: (open: boolean) => void,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const response = await open(signal);
      if (!response.body) throw new Error('no body');
      onState(true);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parse = createEventParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const event of parse(value)) onEvent(event);
      }
    } catch {
      // Dropped or refused: fall through to the retry pause.
    }
    if (signal.aborted) return;
    onState(false);
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}
