// A topic's charter as the API sets it: which unit it serves, who owns it, the purpose (one of
// the unit's functions) and justification it was created for, and when it expires. A topic
// of a unit stays within the unit's places and sectors unless an administrator widens it.
import { z } from 'zod';
import type { IdentityStore, NewCharter, TopicCharter } from '../identity/identity-store.js';
import { scopeProblem } from '../identity/topic-scope.js';
import { GENERAL_FUNCTION, placeNames, type Unit } from '../identity/units.js';
import { loadGazetteer } from '../places/index.js';
import { parseQuery } from '../query/parse.js';
import { apiError, HttpError } from './api-error.js';
import type { Principal } from './auth/principal.js';
import {
  DEFAULT_TOPIC_DAYS,
  MAX_JUSTIFICATION_LENGTH,
  MAX_TOPIC_DAYS,
  MIN_JUSTIFICATION_LENGTH,
} from './topic-charter-limits.js';

export { DEFAULT_TOPIC_DAYS, MAX_TOPIC_DAYS };

export const charterFields = {
  unitId: z.number().int().positive().optional().describe('unit the topic serves; default yours'),
  purpose: z.string().trim().min(1).max(200).optional().describe('one of the unit’s functions'),
  justification: z
    .string()
    .trim()
    .max(MAX_JUSTIFICATION_LENGTH)
    .optional()
    .describe('why this topic is needed'),
  expiresAt: z.iso
    .datetime()
    .optional()
    .describe('read-only after it, deleted after a grace period'),
};

export const charterBody = z.strictObject({
  ...charterFields,
  widen: z
    .boolean()
    .optional()
    .describe('administrators: allow places and sectors beyond the unit'),
  shareWith: z
    .array(z.number().int().positive())
    .max(100)
    .optional()
    .describe('unit ids, read-only'),
});

export type CharterInput = {
  unitId?: number | undefined;
  purpose?: string | undefined;
  justification?: string | undefined;
  expiresAt?: string | undefined;
  widen?: boolean | undefined;
};

function unitFunctions(unit: Unit): string[] {
  return unit.functions.length > 0 ? unit.functions : [GENERAL_FUNCTION];
}

/** Why `query` goes beyond `unit`'s places and sectors, or null. */
export function outsideUnit(unit: Unit, query: string): string | null {
  if (unit.places.length === 0 && unit.sectors.length === 0) return null;
  const names = unit.places.length === 0 ? [] : placeNames(unit.places, loadGazetteer());
  return scopeProblem(parseQuery(query), { placeNames: names, sectors: unit.sectors });
}

/**
 * A new topic's stated purpose: whoever does not manage must name one of their unit's functions
 * (when it declares any) and say why, in a sentence; administrators (and scripts acting as one)
 * may leave both to the defaults.
 */
export async function requireStatedPurpose(
  identity: IdentityStore,
  principal: Principal,
  input: Pick<CharterInput, 'unitId' | 'purpose' | 'justification'>,
): Promise<void> {
  if (principal.can('manage')) return;
  const unit = await identity.getUnit(input.unitId ?? principal.unit.id);
  // A unit that declares no functions has only the general purpose: nothing to choose.
  if (input.purpose === undefined && unit && unit.functions.length > 0) {
    const allowed = unit.functions.join('; ');
    throw apiError('purpose_required', { field: 'purpose', allowed }, { field: 'purpose' });
  }
  if ((input.justification ?? '').trim().length < MIN_JUSTIFICATION_LENGTH) {
    throw apiError(
      'justification_too_short',
      { field: 'justification', minimum: MIN_JUSTIFICATION_LENGTH },
      { field: 'justification' },
    );
  }
}

/** The charter a principal may give a topic (new, or an existing one changed); 400 otherwise. */
export async function resolveCharter(
  identity: IdentityStore,
  principal: Principal,
  input: CharterInput,
  query: string,
  now: Date,
  existing: TopicCharter | null = null,
): Promise<Omit<NewCharter, 'topicId'>> {
  const manages = principal.can('manage');
  if (existing === null) await requireStatedPurpose(identity, principal, input);
  const unitId = input.unitId ?? existing?.unitId ?? principal.unit.id;
  if (!manages && unitId !== principal.unit.id) {
    throw new HttpError(400, 'unitId: a topic can only serve your own unit', { field: 'unitId' });
  }
  const unit = await identity.getUnit(unitId);
  if (!unit) throw new HttpError(400, `unitId: no unit ${unitId}`, { field: 'unitId' });
  const functions = unitFunctions(unit);
  const purpose =
    input.purpose ?? (existing && existing.unitId === unitId ? existing.purpose : functions[0]!);
  if (!functions.includes(purpose)) {
    throw new HttpError(400, `purpose: not one of the unit's functions (${functions.join('; ')})`, {
      field: 'purpose',
    });
  }
  const expiresAt =
    input.expiresAt ??
    existing?.expiresAt ??
    new Date(now.getTime() + DEFAULT_TOPIC_DAYS * 86_400_000).toISOString();
  const expires = Date.parse(expiresAt);
  if (input.expiresAt !== undefined && expires <= now.getTime()) {
    throw new HttpError(400, 'expiresAt: must be in the future', { field: 'expiresAt' });
  }
  if (!manages && expires > now.getTime() + MAX_TOPIC_DAYS * 86_400_000) {
    throw new HttpError(400, `expiresAt: at most ${MAX_TOPIC_DAYS} days ahead`, {
      field: 'expiresAt',
    });
  }
  if (input.widen !== undefined && !manages) {
    throw new HttpError(403, 'only an administrator can widen a topic beyond its unit');
  }
  let widenedBy = input.widen === false ? null : (existing?.widenedBy ?? null);
  if (input.widen) widenedBy = principal.user.id;
  const problem = widenedBy === null ? outsideUnit(unit, query) : null;
  if (problem) {
    // An administrator's own topic is widened by their choosing it.
    if (!manages) throw new HttpError(400, `query: ${problem}`, { field: 'query' });
    widenedBy = principal.user.id;
  }
  return {
    unitId,
    ownerId: existing?.ownerId ?? principal.user.id,
    purpose,
    justification: input.justification ?? existing?.justification ?? '',
    expiresAt: new Date(expires).toISOString(),
    widenedBy,
  };
}
