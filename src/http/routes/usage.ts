// The usage review, for auditors and administrators: who did what, per unit (GET /api/usage),
// and what looks unusual (GET /api/usage/flags, rules in src/audit/usage-flags.ts). Auditors see
// their own unit and the units under it; administrators any unit or all. Reading the log is
// itself logged.
import { z } from 'zod';
import {
  BASELINE_DAYS,
  EXPORT_FACTOR,
  EXPORT_MIN_ROWS,
  flagUsage,
  userOfActor,
} from '../../audit/usage-flags.js';
import { scopeOfUnit, type UnitScope } from '../../audit/usage-scope.js';
import type { IdentityStore } from '../../identity/identity-store.js';
import { privacyOf } from '../../privacy/installation-privacy.js';
import type { AuditEntry, AuditListOptions } from '../../store/listening-store.js';
import type { ApiDeps } from '../api-deps.js';
import { HttpError } from '../api-error.js';
import type { Principal } from '../auth/principal.js';
import type { AuthServices } from '../auth/services.js';
import { defineRoute, type Route } from '../route.js';

const DAY_MS = 86_400_000;
const SCAN_PAGE = 1_000;
/** Entries read for one answer at most; a flags period beyond it is answered `truncated`. */
const MAX_SCAN = 200_000;
const MAX_PERIOD_DAYS = 92;

const time = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((text) => new Date(text).toISOString());

const reviewFilter = z
  .object({
    unit: z.coerce.number().int().min(1).optional().describe('unit id (default: your own)'),
    user: z.string().trim().min(1).max(200).optional().describe('username (their tokens too)'),
    action: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe("route id or command, or a prefix ending in '*' (cli.*)"),
    from: time.optional().describe('ISO 8601, inclusive'),
    to: time.optional().describe('ISO 8601, exclusive'),
  })
  .strict();

const usageQuery = reviewFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('1..500'),
  before: z.coerce.number().int().min(1).optional().describe('the nextBefore of a page'),
});

const entrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  detail: z.string().describe('what was asked, JSON; never a password, key or handle'),
  resultCount: z.number().int().nullable(),
  unitId: z.number().int().nullable(),
});

const flagSchema = z.object({
  kind: z.enum(['export-volume', 'outside-scope', 'after-hours']),
  user: z.string(),
  unitId: z.number().int().nullable(),
  at: z.string().optional(),
  day: z.string().optional(),
  entryId: z.number().int().optional(),
  entryIds: z.array(z.number().int()).optional(),
  action: z.string().optional(),
  rows: z.number().int().optional(),
  median: z.number().optional(),
  problem: z.string().optional(),
  localTime: z.string().optional(),
});

/** The units whose entries a principal may review: null for every unit. */
async function reviewableUnit(
  principal: Principal,
  identity: IdentityStore,
  asked: number | undefined,
): Promise<number | null> {
  if (principal.can('manage')) return asked ?? null;
  const own = principal.unit.id;
  if (asked === undefined || asked === own) return own;
  const parents = new Map((await identity.listUnits()).map((unit) => [unit.id, unit.parentId]));
  for (let at: number | null | undefined = asked; at != null; at = parents.get(at)) {
    if (at === own) return asked;
  }
  // Another unit's log is answered as if the unit did not exist.
  throw new HttpError(404, `no unit ${asked}`);
}

function matchesUser(entry: AuditEntry, user: string | undefined): boolean {
  return user === undefined || userOfActor(entry.actor) === user;
}

/** Newest first, pages of the store's list narrowed by user, until `limit` or MAX_SCAN. */
async function scan(
  list: (options: AuditListOptions) => Promise<AuditEntry[]>,
  options: AuditListOptions,
  user: string | undefined,
  limit: number,
): Promise<{ entries: AuditEntry[]; more: boolean; lastSeen: number | null }> {
  const entries: AuditEntry[] = [];
  let before = options.beforeId;
  let scanned = 0;
  for (;;) {
    const page = await list({
      ...options,
      limit: SCAN_PAGE,
      ...(before === undefined ? {} : { beforeId: before }),
    });
    for (const entry of page) {
      if (!matchesUser(entry, user)) continue;
      entries.push(entry);
      if (entries.length === limit) return { entries, more: true, lastSeen: entry.id };
    }
    scanned += page.length;
    const last = page.at(-1);
    if (page.length < SCAN_PAGE || !last) return { entries, more: false, lastSeen: null };
    if (scanned >= MAX_SCAN) return { entries, more: true, lastSeen: last.id };
    before = last.id;
  }
}

export function usageRoutes({ store, now }: ApiDeps, { identity }: AuthServices): Route[] {
  const listOptions = (unit: number | null, q: z.output<typeof reviewFilter>) => {
    const options: AuditListOptions = {};
    if (unit !== null) options.unitId = unit;
    if (q.action !== undefined) options.action = q.action;
    if (q.from !== undefined) options.from = q.from;
    if (q.to !== undefined) options.to = q.to;
    return options;
  };
  return [
    defineRoute({
      id: 'listUsage',
      method: 'get',
      path: '/api/usage',
      summary: "Who did what, newest first: a unit's usage log, filtered by user, action, period",
      tag: 'system',
      access: { allow: 'audit', resource: 'none' },
      query: usageQuery,
      responses: {
        200: {
          description: 'newest first; pass nextBefore as before for older entries',
          schema: z.object({
            entries: z.array(entrySchema),
            nextBefore: z.number().int().nullable(),
          }),
        },
        404: { description: 'ApiError: a unit outside your own' },
      },
      async handle({ c, query, principal, audit }) {
        const unit = await reviewableUnit(principal!, identity, query.unit);
        const options = listOptions(unit, query);
        if (query.before !== undefined) options.beforeId = query.before;
        const found = await scan((o) => store.listAudit(o), options, query.user, query.limit);
        const { limit: _limit, before: _before, ...asked } = query;
        await audit({ ...asked, unit }, found.entries.length);
        const entries = found.entries.map((entry) => ({ ...entry, unitId: entry.unitId ?? null }));
        return c.json({ entries, nextBefore: found.more ? found.lastSeen : null });
      },
    }),
    defineRoute({
      id: 'listUsageFlags',
      method: 'get',
      path: '/api/usage/flags',
      summary:
        'Unusual use in a period (default the last 7 days): large exports, queries outside the unit, after hours',
      tag: 'system',
      access: { allow: 'audit', resource: 'none' },
      query: reviewFilter,
      responses: {
        200: {
          description: 'the rules applied, and the flags, oldest first',
          schema: z.object({
            from: z.string(),
            to: z.string(),
            rules: z.object({
              exportFactor: z.number(),
              exportMinRows: z.number(),
              baselineDays: z.number(),
              workHours: z.object({ start: z.string(), end: z.string() }),
              timeZone: z.string(),
            }),
            flags: z.array(flagSchema),
            truncated: z.boolean().describe('the period held more entries than one answer reads'),
          }),
        },
        400: { description: 'ApiError: a period longer than 92 days, or ending before it starts' },
        404: { description: 'ApiError: a unit outside your own' },
      },
      async handle({ c, query, principal, audit }) {
        const unit = await reviewableUnit(principal!, identity, query.unit);
        const to = query.to ?? now().toISOString();
        const from = query.from ?? new Date(Date.parse(to) - 7 * DAY_MS).toISOString();
        const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
        if (!(days > 0) || days > MAX_PERIOD_DAYS) {
          throw new HttpError(400, `from, to: give a period of up to ${MAX_PERIOD_DAYS} days`, {
            field: 'from',
          });
        }
        const baselineFrom = new Date(Date.parse(from) - BASELINE_DAYS * DAY_MS).toISOString();
        const options = { ...listOptions(unit, query), from: baselineFrom, to };
        const found = await scan((o) => store.listAudit(o), options, query.user, MAX_SCAN);
        const { settings } = privacyOf(store);
        const units = new Map((await identity.listUnits()).map((u) => [u.id, u]));
        const scopes = new Map<number, UnitScope | null>();
        const scopeOf = (id: number) => {
          if (!scopes.has(id)) {
            const found = units.get(id);
            scopes.set(id, found ? scopeOfUnit(found) : null);
          }
          return scopes.get(id) ?? null;
        };
        const flags = flagUsage(
          found.entries,
          { workHours: settings.workHours, timeZone: settings.timeZone, from, to },
          scopeOf,
        );
        await audit({ ...query, from, to, unit }, flags.length);
        return c.json({
          from,
          to,
          rules: {
            exportFactor: EXPORT_FACTOR,
            exportMinRows: EXPORT_MIN_ROWS,
            baselineDays: BASELINE_DAYS,
            workHours: settings.workHours,
            timeZone: settings.timeZone,
          },
          flags,
          truncated: found.more,
        });
      },
    }),
  ];
}
