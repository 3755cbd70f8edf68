// Unusual use, flagged for review. The rules, stated so a reviewer can check them:
//  - export volume: on a local day a user exported (rows in exports, summed) at least
//    EXPORT_MIN_ROWS rows and more than EXPORT_FACTOR × the median of their daily exported rows
//    over the BASELINE_DAYS days before (days on which they exported anything; with no such
//    day the median is 0, so a first large export is flagged);
//  - outside scope: a read or export whose place or sector filters, or whose query's `place:`
//    and `sector:` terms, go beyond the places and sectors of the user's unit;
//  - after hours: anything done outside the working hours (privacy.workHours, in
//    privacy.timeZone, Asia/Ho_Chi_Minh by default) or on a Saturday or Sunday.
// System actors (scheduled jobs) are never flagged.
import type { AuditEntry } from '../store/listening-store.js';
import { entryScopeProblem, type UnitScope } from './usage-scope.js';

export const EXPORT_FACTOR = 5;
export const EXPORT_MIN_ROWS = 20;
export const BASELINE_DAYS = 30;

export type UsageFlag =
  | {
      kind: 'export-volume';
      user: string;
      unitId: number | null;
      /** Local day, YYYY-MM-DD. */
      day: string;
      rows: number;
      median: number;
      entryIds: number[];
    }
  | {
      kind: 'outside-scope';
      user: string;
      unitId: number | null;
      at: string;
      entryId: number;
      action: string;
      problem: string;
    }
  | {
      kind: 'after-hours';
      user: string;
      unitId: number | null;
      at: string;
      entryId: number;
      action: string;
      /** Local time, YYYY-MM-DD HH:MM, and weekday. */
      localTime: string;
    };

export interface FlagSettings {
  workHours: { start: string; end: string };
  timeZone: string;
  /** The review period; entries before `from` serve only as the export baseline. */
  from: string;
  to: string;
}

/** The person behind an actor: `ana/laptop` (a token of ana) → `ana`. */
export function userOfActor(actor: string): string {
  const slash = actor.indexOf('/');
  return slash < 0 ? actor : actor.slice(0, slash);
}

export function isSystemActor(actor: string): boolean {
  return actor.startsWith('system:') || actor === 'anonymous';
}

/** Whether an action is an export: its entry's resultCount is the rows exported. */
export function isExport(entry: Pick<AuditEntry, 'action' | 'detail'>): boolean {
  return /^(export|cli\.export)/i.test(entry.action) || entry.detail.includes('"export":');
}

interface LocalTime {
  day: string;
  minutes: number;
  weekday: string;
}

function localClock(timeZone: string): (at: string) => LocalTime {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  });
  return (at) => {
    const parts = Object.fromEntries(
      format.formatToParts(new Date(at)).map((part) => [part.type, part.value]),
    );
    return {
      day: `${parts.year}-${parts.month}-${parts.day}`,
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
      weekday: String(parts.weekday),
    };
  };
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * Flags over `entries` (any order; those before `from` only inform export baselines, so pass
 * BASELINE_DAYS days before it too). `scopeOf` gives a unit's limits, null for an unknown unit.
 */
export function flagUsage(
  entries: readonly AuditEntry[],
  settings: FlagSettings,
  scopeOf: (unitId: number) => UnitScope | null,
): UsageFlag[] {
  const local = localClock(settings.timeZone);
  const start = minutesOf(settings.workHours.start);
  const end = minutesOf(settings.workHours.end);
  const flags: UsageFlag[] = [];
  // user → day → rows exported and the entries
  const exports = new Map<
    string,
    Map<string, { rows: number; ids: number[]; unitId: number | null }>
  >();
  const ordered = [...entries].sort((a, b) => a.id - b.id);
  for (const entry of ordered) {
    if (isSystemActor(entry.actor)) continue;
    const user = userOfActor(entry.actor);
    const unitId = entry.unitId ?? null;
    const time = local(entry.at);
    if (isExport(entry) && entry.resultCount !== null) {
      const days = exports.get(user) ?? new Map();
      exports.set(user, days);
      const day = days.get(time.day) ?? { rows: 0, ids: [], unitId };
      day.rows += entry.resultCount;
      day.ids.push(entry.id);
      days.set(time.day, day);
    }
    if (entry.at < settings.from || entry.at >= settings.to) continue;
    const base = { user, unitId, at: entry.at, entryId: entry.id, action: entry.action };
    const scope = unitId === null ? null : scopeOf(unitId);
    const problem = scope === null ? null : entryScopeProblem(entry.detail, scope);
    if (problem !== null) flags.push({ kind: 'outside-scope', ...base, problem });
    const weekend = time.weekday === 'Sat' || time.weekday === 'Sun';
    if (weekend || time.minutes < start || time.minutes >= end) {
      const hh = String(Math.floor(time.minutes / 60)).padStart(2, '0');
      const mm = String(time.minutes % 60).padStart(2, '0');
      flags.push({
        kind: 'after-hours',
        ...base,
        localTime: `${time.day} ${hh}:${mm} ${time.weekday}`,
      });
    }
  }
  const firstDay = local(settings.from).day;
  const lastDay = local(new Date(Date.parse(settings.to) - 1).toISOString()).day;
  for (const [user, days] of exports) {
    for (const [day, figures] of days) {
      if (day < firstDay || day > lastDay) continue;
      const since = dayMs(day) - BASELINE_DAYS * 86_400_000;
      const habit = [...days]
        .filter(([other]) => dayMs(other) >= since && dayMs(other) < dayMs(day))
        .map(([, f]) => f.rows);
      const usual = median(habit);
      if (figures.rows >= EXPORT_MIN_ROWS && figures.rows > EXPORT_FACTOR * usual) {
        flags.push({
          kind: 'export-volume',
          user,
          unitId: figures.unitId,
          day,
          rows: figures.rows,
          median: usual,
          entryIds: figures.ids,
        });
      }
    }
  }
  return flags;
}
