// TikTok sends its ids (videos, comments, music) as bare int64 numbers, which a double cannot
// hold: 7777777777777777777 would read back as 7777777777777778000. This reads such integers
// as their exact digits, in strings. It also passes over commas before `}` or `]`, as some of
// TikTok's published response examples carry them.

import type { Platform } from '../../model.js';
import { parseJsonBody } from '../social/json-fields.js';

const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

export function parseJsonKeepingLongIds(platform: Platform, body: string): unknown {
  return parseJsonBody(platform, withLongIntegersQuoted(body));
}

/** The JSON text with unsafe integers outside strings quoted and trailing commas dropped. */
export function withLongIntegersQuoted(json: string): string {
  let out = '';
  let copiedTo = 0;
  let i = 0;
  while (i < json.length) {
    const c = json[i]!;
    if (c === '"') {
      i++;
      while (i < json.length && json[i] !== '"') i += json[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === ',') {
      let next = i + 1;
      while (next < json.length && WHITESPACE.has(json[next]!)) next++;
      if (json[next] === '}' || json[next] === ']') {
        out += json.slice(copiedTo, i);
        copiedTo = i + 1;
      }
      i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const found = NUMBER.exec(json);
      if (found === null) {
        i++;
        continue;
      }
      const integer = found[1] === undefined && found[2] === undefined;
      if (integer && !Number.isSafeInteger(Number(found[0]))) {
        out += `${json.slice(copiedTo, i)}"${found[0]}"`;
        copiedTo = i + found[0].length;
      }
      i += found[0].length;
    } else {
      i++;
    }
  }
  return out + json.slice(copiedTo);
}
