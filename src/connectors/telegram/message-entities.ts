// Bot API message text with mentions masked. Entities mark "@username" mentions and
// text_mentions (a person's name linked to their account) by UTF-16 offset and length; each is
// replaced by a placeholder and the other entities are shifted to still cover the same words.
import { count, isObject, type JsonObject } from '../social/json-fields.js';

export const MENTION_PLACEHOLDER = '@…';
const MASKED_TYPES = new Set(['mention', 'text_mention']);

interface Span {
  start: number;
  end: number;
}

function entitySpan(entity: unknown): Span | null {
  if (!isObject(entity)) return null;
  const offset = count(entity.offset);
  const length = count(entity.length);
  return offset !== null && length !== null && length > 0
    ? { start: offset, end: offset + length }
    : null;
}

function shifted(position: number, spans: Span[]): number {
  let delta = 0;
  for (const span of spans) {
    if (position <= span.start) break;
    if (position < span.end) return span.start + delta + MENTION_PLACEHOLDER.length;
    delta += MENTION_PLACEHOLDER.length - (span.end - span.start);
  }
  return position + delta;
}

/** The text (NFC) with mentions masked, and the entities re-pointed at the new text. */
export function maskMentions(text: string, entities: unknown): { text: string; entities: unknown } {
  const list = Array.isArray(entities) ? entities : [];
  const spans = list
    .filter((e) => isObject(e) && MASKED_TYPES.has(String(e.type)))
    .map(entitySpan)
    .filter((s): s is Span => s !== null && s.end <= text.length)
    .sort((a, b) => a.start - b.start)
    .filter((span, i, all) => i === 0 || span.start >= all[i - 1]!.end);
  if (spans.length === 0) return { text: text.normalize('NFC'), entities };
  let masked = '';
  let at = 0;
  for (const span of spans) {
    masked += text.slice(at, span.start) + MENTION_PLACEHOLDER;
    at = span.end;
  }
  masked += text.slice(at);
  const repointed = list.map((entity) => {
    const span = entitySpan(entity);
    if (span === null || !isObject(entity)) return entity;
    const start = shifted(span.start, spans);
    return { ...(entity as JsonObject), offset: start, length: shifted(span.end, spans) - start };
  });
  return { text: masked.normalize('NFC'), entities: repointed };
}
