// Post text with mentions masked. A post's facets mark mentions by UTF-8 byte range (the text
// shows "@handle"); each is replaced by a placeholder and the other facets are shifted so
// they still point at the same words.
import { count, isObject, type JsonObject } from '../social/json-fields.js';

export const MENTION_PLACEHOLDER = '@…';
const PLACEHOLDER = Buffer.from(MENTION_PLACEHOLDER, 'utf8');

interface Span {
  start: number;
  end: number;
}

function facetSpan(facet: unknown): Span | null {
  if (!isObject(facet) || !isObject(facet.index)) return null;
  const start = count(facet.index.byteStart);
  const end = count(facet.index.byteEnd);
  return start !== null && end !== null && end > start ? { start, end } : null;
}

function isMention(facet: unknown): boolean {
  if (!isObject(facet) || !Array.isArray(facet.features)) return false;
  return facet.features.some(
    (f) => isObject(f) && typeof f.$type === 'string' && f.$type.endsWith('#mention'),
  );
}

/** Mention byte ranges that fit the text, in order, without overlaps. */
function mentionSpans(length: number, facets: unknown[]): Span[] {
  const spans = facets
    .filter(isMention)
    .map(facetSpan)
    .filter((s): s is Span => s !== null && s.end <= length)
    .sort((a, b) => a.start - b.start);
  return spans.filter((span, i) => i === 0 || span.start >= spans[i - 1]!.end);
}

function shifted(position: number, spans: Span[]): number {
  let delta = 0;
  for (const span of spans) {
    if (position <= span.start) break;
    if (position < span.end) return span.start + delta + PLACEHOLDER.length;
    delta += PLACEHOLDER.length - (span.end - span.start);
  }
  return position + delta;
}

function shiftFacet(facet: unknown, spans: Span[]): unknown {
  const span = facetSpan(facet);
  if (span === null || !isObject(facet)) return facet;
  const index = facet.index as JsonObject;
  return {
    ...facet,
    index: { ...index, byteStart: shifted(span.start, spans), byteEnd: shifted(span.end, spans) },
  };
}

/** The text (NFC) with mentions masked, and the facets re-pointed at the new text. */
export function maskMentions(text: string, facets: unknown): { text: string; facets: unknown } {
  const list = Array.isArray(facets) ? facets : [];
  const bytes = Buffer.from(text, 'utf8');
  const spans = mentionSpans(bytes.length, list);
  if (spans.length === 0) return { text: text.normalize('NFC'), facets };
  const pieces: Buffer[] = [];
  let at = 0;
  for (const span of spans) {
    pieces.push(bytes.subarray(at, span.start), PLACEHOLDER);
    at = span.end;
  }
  pieces.push(bytes.subarray(at));
  return {
    text: Buffer.concat(pieces).toString('utf8').normalize('NFC'),
    facets: list.map((facet) => shiftFacet(facet, spans)),
  };
}
