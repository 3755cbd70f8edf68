// What a new topic is for, as the topic forms ask it: a purpose from the unit's functions, a
// justification and an expiry. The unit's functions come from the signed-in session; without
// one (a pasted API token of an installation without units) the server gives its defaults.
import { useEffect, useState } from 'preact/hooks';
import {
  DEFAULT_TOPIC_DAYS,
  MAX_JUSTIFICATION_LENGTH,
  MAX_TOPIC_DAYS,
  MIN_JUSTIFICATION_LENGTH,
} from '../../../src/http/topic-charter-limits.js';
import type { ApiClient } from '../api/api-client.js';
import { dayStartIso, nextDay } from '../format/zoned-time.js';
import { todayIn } from './topic-view.js';

export { MAX_JUSTIFICATION_LENGTH, MIN_JUSTIFICATION_LENGTH };

/** The unit a topic will serve, as the session names it. */
export interface CharterUnit {
  name: string;
  /** Empty: the unit cites the server's general purpose. */
  functions: string[];
  /** Administrators may set an expiry beyond the usual maximum. */
  manages: boolean;
}

export interface CharterDraft {
  purpose: string;
  justification: string;
  /** The last day the topic runs (YYYY-MM-DD, in the dashboard's zone). */
  lastDay: string;
}

export type CharterProblem = 'justificationShort' | 'expiryPast' | 'expiryFar';

/** A calendar day `days` after `day`. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** The first and last day an expiry may fall on, and the one given by default. */
export function expiryBounds(today: string, manages: boolean) {
  return {
    min: addDays(today, 1),
    // The topic runs to the end of its last day, so the last day is one short of the limit.
    max: manages ? null : addDays(today, MAX_TOPIC_DAYS - 1),
    initial: addDays(today, DEFAULT_TOPIC_DAYS),
  };
}

export function newCharterDraft(unit: CharterUnit | null, today: string): CharterDraft {
  return {
    purpose: unit?.functions[0] ?? '',
    justification: '',
    lastDay: expiryBounds(today, unit?.manages ?? false).initial,
  };
}

/** The purpose chosen, or the unit's first function while the choice is left alone. */
export function chosenPurpose(draft: CharterDraft, unit: CharterUnit | null): string {
  return draft.purpose || (unit?.functions[0] ?? '');
}

/** What keeps the draft from being sent, or null. */
export function charterProblem(
  draft: CharterDraft,
  today: string,
  manages: boolean,
): CharterProblem | null {
  if (draft.justification.trim().length < MIN_JUSTIFICATION_LENGTH) return 'justificationShort';
  const bounds = expiryBounds(today, manages);
  if (!draft.lastDay || draft.lastDay < bounds.min) return 'expiryPast';
  if (bounds.max !== null && draft.lastDay > bounds.max) return 'expiryFar';
  return null;
}

/** The create request's charter fields; the topic runs to the end of its last day. */
export function charterFields(
  draft: CharterDraft,
  unit: CharterUnit | null,
  timeZone: string,
): { purpose?: string; justification: string; expiresAt: string } {
  const purpose = chosenPurpose(draft, unit);
  return {
    ...(purpose ? { purpose } : {}),
    justification: draft.justification.trim(),
    expiresAt: dayStartIso(nextDay(draft.lastDay), timeZone),
  };
}

interface SessionUnit {
  unit: { name: string; functions?: string[] };
  capabilities: string[];
}

/** The signed-in unit; null while asking or when there is no session to ask. */
export function useCharterUnit(api: ApiClient): CharterUnit | null {
  const [unit, setUnit] = useState<CharterUnit | null>(null);
  useEffect(() => {
    let live = true;
    api
      .request<SessionUnit>('GET', '/api/auth/session')
      .then((session) => {
        if (!live) return;
        setUnit({
          name: session.unit.name,
          functions: session.unit.functions ?? [],
          manages: session.capabilities.includes('manage'),
        });
      })
      .catch(() => {
        if (live) setUnit(null);
      });
    return () => {
      live = false;
    };
  }, [api]);
  return unit;
}

/** Today in the dashboard's zone, for the expiry's bounds. */
export function charterToday(timeZone: string): string {
  return todayIn(timeZone);
}
