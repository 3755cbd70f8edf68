// What Facebook's and Instagram's Graph API bodies share: the error envelope, batch responses,
// the edge a page of results came from (read from its paging links), the keys that name a
// person, and engagement counts.
import type { Engagement } from '../../model.js';
import { isObject, type JsonObject, path, str, text } from '../social/json-fields.js';
import { UnreadableBodyError } from '../social/platform-module.js';

export type GraphPlatform = 'facebook' | 'instagram';

/** Keys holding a person's name, handle, profile link or picture; dropped from `raw` at any depth. */
const PERSON_KEYS = new Set([
  'name',
  'username',
  'first_name',
  'middle_name',
  'last_name',
  'short_name',
  'name_format',
  'email',
  'link',
  'profile_url',
  'picture',
  'profile_pic',
  'profile_picture_url',
  'pic',
  'pic_small',
  'pic_large',
  'pic_square',
  'pic_crop',
  'biography',
  'website',
]);

export const isGraphPersonKey = (key: string): boolean => PERSON_KEYS.has(key);

/**
 * The Graph error envelope as one line: `{"error": {"message", "type", "code", "error_subcode"}}`,
 * OAuth's `{"error": "…", "error_description": "…"}` and the legacy `error_code`/`error_msg`.
 */
export function graphErrorReason(value: JsonObject): string | null {
  const error = value.error;
  if (isObject(error)) {
    const code = str(error.code);
    const subcode = str(error.error_subcode);
    const label = [
      text(error.type),
      code === null ? null : `code ${code}${subcode === null ? '' : `/${subcode}`}`,
    ]
      .filter(Boolean)
      .join(' ');
    const message = text(error.message) ?? text(error.error_user_msg) ?? 'no message';
    return label ? `${label}: ${message}` : message;
  }
  if (typeof error === 'string') {
    return [error, text(value.error_description)].filter(Boolean).join(': ');
  }
  if ('error_code' in value || 'error_msg' in value) {
    return `code ${str(value.error_code) ?? '?'}: ${text(value.error_msg) ?? 'no message'}`;
  }
  return null;
}

/**
 * Reads every body of a response: one object, or the sub-responses of a batch request
 * (`[{"code", "headers", "body": "<JSON text>"}, null, …]`). Failed sub-responses are passed
 * over while any other succeeds; when none does, the first failure is the reason.
 */
export function readGraphBodies(
  platform: GraphPlatform,
  json: unknown,
  read: (body: JsonObject) => void,
): void {
  const bodies = Array.isArray(json) ? batchBodies(platform, json) : [json];
  let firstError: string | null = null;
  let succeeded = 0;
  for (const body of bodies) {
    if (!isObject(body)) {
      throw new UnreadableBodyError(platform, `expected a JSON object, got ${describe(body)}`);
    }
    const reason = graphErrorReason(body);
    if (reason !== null) {
      firstError ??= reason;
      continue;
    }
    read(body);
    succeeded++;
  }
  if (firstError !== null && succeeded === 0) throw new UnreadableBodyError(platform, firstError);
}

function batchBodies(platform: GraphPlatform, entries: unknown[]): unknown[] {
  const isEntry = (e: unknown) => e === null || (isObject(e) && 'code' in e && 'body' in e);
  if (!entries.every(isEntry)) {
    throw new UnreadableBodyError(platform, 'a JSON array that is not a Graph API batch response');
  }
  const bodies: unknown[] = [];
  for (const entry of entries) {
    const body = isObject(entry) ? entry.body : undefined;
    if (typeof body !== 'string') continue;
    try {
      bodies.push(JSON.parse(body));
    } catch {
      throw new UnreadableBodyError(platform, 'a batch sub-response whose body is not JSON');
    }
  }
  return bodies;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : `a ${typeof value}`;
}

/** The node a request asked for and its edge (`comments`, `feed`, `media` …; null for the node). */
export interface GraphEdge {
  owner: string;
  name: string | null;
}

/** The edge of a body, from the address it was fetched from or its paging links. */
export function graphEdge(body: JsonObject, url: string | undefined): GraphEdge | null {
  const candidates = [
    url,
    str(path(body, 'paging', 'next')),
    str(path(body, 'paging', 'previous')),
  ];
  for (const candidate of candidates) {
    const edge = candidate ? edgeOfUrl(candidate) : null;
    if (edge) return edge;
  }
  return null;
}

function edgeOfUrl(url: string): GraphEdge | null {
  let parts: string[];
  try {
    parts = new URL(url).pathname.split('/').filter(Boolean);
  } catch {
    return null;
  }
  if (parts[0] && /^v\d+(\.\d+)?$/.test(parts[0])) parts.shift();
  const [owner, name] = parts;
  if (owner === undefined || parts.length > 2) return null;
  return { owner: decodeURIComponent(owner), name: name ?? null };
}

/** Engagement with the counts the platform reported, unknown ones left out. */
export function engagementOf(counts: Record<keyof Engagement, number | null>): Engagement {
  const engagement: Engagement = {};
  for (const [key, value] of Object.entries(counts) as [keyof Engagement, number | null][]) {
    if (value !== null) engagement[key] = value;
  }
  return engagement;
}

/** A copy of an edge object (`comments`, `reactions` …) without its list: only its summary stays. */
export function summaryOnly(edge: unknown): unknown {
  if (!isObject(edge)) return edge;
  return isObject(edge.summary) ? { summary: edge.summary } : {};
}

/** The part of a Graph id after its last `_` (`PAGEID_POSTID` → `POSTID`). */
export function localId(id: string): string {
  return id.slice(id.lastIndexOf('_') + 1);
}

/** The part of a Graph id before its first `_`, or null for an id without one. */
export function ownerPrefix(id: string): string | null {
  const at = id.indexOf('_');
  return at > 0 ? id.slice(0, at) : null;
}
