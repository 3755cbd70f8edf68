// Tolerant readers for JSON API bodies: a field of the wrong type reads as absent rather than
// throwing, so one odd item does not lose the rest of a page. Shapes the parser cannot read at
// all are reported by the caller with UnreadableBodyError.
import type { Platform } from '../../model.js';
import { UnreadableBodyError } from './platform-module.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as a JSON value; an empty or non-JSON body (an HTML error page) is unreadable. */
export function parseJsonBody(platform: Platform, body: string): unknown {
  const trimmed = body.trim();
  if (trimmed === '') throw new UnreadableBodyError(platform, 'empty body');
  try {
    return JSON.parse(trimmed);
  } catch {
    const looksHtml = trimmed.startsWith('<');
    // A plain-text body (a proxy's "Quota exceeded") is quoted; broken JSON is not.
    const said = looksHtml
      ? htmlHeadline(trimmed)
      : /^[[{]/.test(trimmed)
        ? null
        : trimmed.split('\n')[0]!.trim();
    const what = looksHtml
      ? 'the body is HTML, not a JSON API response'
      : 'the body is not valid JSON';
    throw new UnreadableBodyError(platform, said ? `${what}: ${said.slice(0, 160)}` : what);
  }
}

/** What an HTML error page says about itself: its title, else its first heading. */
function htmlHeadline(html: string): string | null {
  const found = /<title[^>]*>([^<]*)</i.exec(html) ?? /<h1[^>]*>([^<]*)</i.exec(html);
  const headline = found?.[1]?.replace(/\s+/g, ' ').trim();
  return headline ? headline : null;
}

export function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/** The object at a dotted path, or undefined. */
export function path(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = field(current, key);
  return current;
}

export function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Non-empty string, or null. */
export function text(value: unknown): string | null {
  const s = str(value);
  return s !== null && s.trim() !== '' ? s : null;
}

/** A count: numbers and numeric strings ("12"), as platforms send both; anything else null. */
export function count(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

export function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** ISO 8601 UTC from an ISO string, or from Unix seconds (`unit: 's'`) / milliseconds. */
export function isoDate(value: unknown, unit: 's' | 'ms' | 'us' = 's'): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = unit === 's' ? value * 1000 : unit === 'ms' ? value : value / 1000;
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  if (typeof value === 'string' && value.trim() !== '') {
    if (/^\d+(\.\d+)?$/.test(value.trim())) return isoDate(Number(value.trim()), unit);
    const date = new Date(value.trim());
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  return null;
}

/**
 * A body of one JSON value per line (JSON Lines; a recorded stream of WebSocket messages), or
 * null when it is not one. A whole-body JSON document is read with parseJsonBody instead.
 */
export function parseJsonLines(body: string): unknown[] | null {
  const lines = body.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length < 2) return null;
  const values: unknown[] = [];
  for (const line of lines) {
    try {
      values.push(JSON.parse(line));
    } catch {
      return null;
    }
  }
  return values;
}
