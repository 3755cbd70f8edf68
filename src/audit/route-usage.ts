// Every change made through the API leaves a usage log entry. Routes that describe their own
// work (ctx.audit, or the audit queue directly: sign-in, users, charters) write it themselves;
// for every other state-changing route this layer writes one after the answer is known: the
// route id as the action, who asked, their unit, what the path named and the outcome status.
// Refused attempts (401, 403, 404, 400) are changes tried, and are logged too. Request bodies
// are never written down: they may hold passwords, keys or a person's handle.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import type { HttpEnv } from '../http/route.js';
import type { AuditEntry } from '../store/listening-store.js';

interface RequestMark {
  audited: boolean;
  /** The unit of whoever made the request, for entries that do not name one. */
  unitId: number | null;
}

const marks = new AsyncLocalStorage<RequestMark>();

/**
 * Called by whatever writes a usage log entry: the request in progress needs no other. Returns
 * the unit of whoever made that request (null outside a change request).
 */
export function noteAudited(): number | null {
  const mark = marks.getStore();
  if (!mark) return null;
  mark.audited = true;
  return mark.unitId;
}

export type UsageRecord = (entry: Omit<AuditEntry, 'id' | 'at'>) => Promise<void>;

export interface ChangeTarget {
  /** The route's path parameters (`{ id: '12' }`); for a creation, the new record's id. */
  target: Record<string, string | number>;
  status: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a route of this method changes state (and so is always logged). */
export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

async function createdId(res: Response): Promise<number | null> {
  if (res.status !== 201) return null;
  if (!(res.headers.get('Content-Type') ?? '').includes('json')) return null;
  try {
    const body = (await res.clone().json()) as { id?: unknown };
    return typeof body?.id === 'number' ? body.id : null;
  } catch {
    return null;
  }
}

/**
 * Middleware for one route, placed before the access layer so refusals are seen too. GET routes
 * pass straight through (their handlers log what they read).
 */
export function changeUsageLayer(
  route: { id: string; method: string },
  log: { record: UsageRecord },
): MiddlewareHandler<HttpEnv> {
  if (!changesState(route.method)) return (_c, next) => next();
  return async (c, next) => {
    const principal = c.get('principal');
    const mark: RequestMark = { audited: false, unitId: principal?.unit.id ?? null };
    await marks.run(mark, () => next());
    if (mark.audited) return;
    const target: ChangeTarget['target'] = { ...c.req.param() };
    const created = await createdId(c.res);
    if (created !== null) target.id = created;
    const detail: ChangeTarget = { target, status: c.res.status };
    await log.record({
      actor: principal?.actor ?? 'anonymous',
      action: route.id,
      detail: JSON.stringify(detail),
      resultCount: null,
      unitId: principal?.unit.id ?? null,
    });
  };
}
