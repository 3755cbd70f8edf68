import { describe, expect, it } from 'vitest';
import { createEventParser } from './event-stream.js';

describe('event stream parser', () => {
  it('assembles events split across chunks at any point', () => {
    const wire =
      'event: ready\ndata: {}\nretry: 5000\n\n: keep-alive\n\nevent: mention\nid: 7\ndata: {"id":7}\n\n';
    for (let cut = 0; cut <= wire.length; cut++) {
      const parse = createEventParser();
      const events = [...parse(wire.slice(0, cut)), ...parse(wire.slice(cut))];
      expect(events).toEqual([
        { event: 'ready', data: '{}' },
        { event: 'mention', data: '{"id":7}' },
      ]);
    }
  });

  it('joins multi-line data and accepts CRLF line ends', () => {
    const parse = createEventParser();
    expect(parse('data: a\r\ndata: b\r')).toEqual([]);
    expect(parse('\n\r\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
