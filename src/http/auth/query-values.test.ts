import { HonoRequest } from 'hono/request';
import { describe, expect, it } from 'vitest';
import { queryValues } from './access.js';

// The router's reading of the same URL, which queryValues stands in for.
const routerValues = (url: string, name: string) => new HonoRequest(new Request(url)).queries(name);

describe('query values read from the text', () => {
  it('reads what the router reads for every name of plain query strings', () => {
    const names = ['topic', 'q', 'from', 'x'];
    const parts = ['topic=1', 'topic=2,3', 'topic=', 'topic', 'q=abc', 'from=2026-01-01', 'x=a=b'];
    let checked = 0;
    for (let mask = 0; mask < 1 << parts.length; mask++) {
      const chosen = parts.filter((_, i) => mask & (1 << i));
      for (const url of [
        `http://h/api/mentions?${chosen.join('&')}`,
        `http://h/api/mentions?${[...chosen].reverse().join('&')}`,
      ]) {
        for (const name of names) {
          expect(queryValues(url, name)).toEqual(routerValues(url, name));
          checked++;
        }
      }
    }
    expect(checked).toBe(2 * 4 * 2 ** parts.length);
    expect(queryValues('http://h/api/mentions', 'topic')).toBe(
      routerValues('http://h/api/mentions', 'topic'),
    );
  });

  it('leaves an encoded query string to the router', () => {
    expect(queryValues('http://h/api/mentions?topic=%31', 'topic')).toBeNull();
    expect(queryValues('http://h/api/mentions?q=a+b&topic=1', 'topic')).toBeNull();
  });
});
