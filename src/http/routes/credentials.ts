// Platform credentials as the dashboard shows them: status, quota as of now and the last error.
// Secrets never leave the store: the sealed field and the public fields are not read here.
import { z } from 'zod';
import type { CredentialSpec } from '../../connectors/credentials.js';
import { credentialKinds } from '../../connectors/registry.js';
import { readQuotaState } from '../../jobs/credentials-pool.js';
import type { StoredCredential } from '../../store/collection-state-store.js';
import type { ApiDeps } from '../api-deps.js';
import type { CredentialSummary } from '../api-types.js';
import { defineRoute, type Route } from '../route.js';

const time = z.string().describe('ISO 8601 UTC');

export const credentialSummarySchema: z.ZodType<CredentialSummary> = z.object({
  id: z.number().int(),
  platform: z.string(),
  label: z.string(),
  status: z.enum(['ok', 'exhausted', 'invalid']),
  quota: z.object({
    buckets: z.array(
      z.object({
        name: z.string().describe('e.g. YouTube `units` or `search`'),
        used: z.number(),
        limit: z.number().nullable(),
        remaining: z.number().nullable(),
        resetAt: time.nullable().describe('null when nothing is spent in this window'),
      }),
    ),
    rate: z
      .object({ remaining: z.number(), limit: z.number().nullable(), resetAt: time })
      .nullable()
      .describe("the platform's own rate-limit window as its headers last reported it"),
    exhaustedUntil: time.nullable().describe('the platform said the quota is spent until then'),
  }),
  lastError: z.string().nullable(),
  createdAt: time,
});

/** A stored credential's quota as of `now`: windows that have ended count as renewed. */
export function summariseCredential(
  stored: StoredCredential,
  spec: CredentialSpec | undefined,
  now: Date,
): CredentialSummary {
  const state = readQuotaState(stored.quota);
  const live = (resetAt: string | null | undefined) =>
    resetAt !== null && resetAt !== undefined && Date.parse(resetAt) > now.getTime();
  const names = new Set([...Object.keys(spec?.quotas ?? {}), ...Object.keys(state.buckets)]);
  const buckets = [...names].map((name) => {
    const bucket = state.buckets[name];
    const used = bucket && live(bucket.resetAt) ? bucket.used : 0;
    const limit = spec?.quotas?.[name]?.limit ?? null;
    return {
      name,
      used,
      limit,
      remaining: limit === null ? null : Math.max(0, limit - used),
      resetAt: used > 0 && bucket ? bucket.resetAt : null,
    };
  });
  const exhaustedUntil = live(state.exhaustedUntil) ? state.exhaustedUntil : null;
  return {
    id: stored.id,
    platform: stored.platform,
    label: stored.label,
    status: stored.status === 'exhausted' && exhaustedUntil === null ? 'ok' : stored.status,
    quota: {
      buckets,
      rate: state.rate && live(state.rate.resetAt) ? state.rate : null,
      exhaustedUntil,
    },
    lastError: stored.lastError,
    createdAt: stored.createdAt,
  };
}

export function credentialRoutes({ store, now }: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'listCredentials',
      method: 'get',
      path: '/api/credentials',
      summary: 'Every platform credential with its status, quota left and last error (no secret)',
      tag: 'sources',
      access: { allow: 'manage', resource: 'none' },
      responses: {
        200: {
          description: 'every credential, oldest first',
          schema: z.object({ credentials: z.array(credentialSummarySchema) }),
        },
      },
      async handle({ c }) {
        const at = now();
        const credentials = (await store.listCredentials()).map((stored) =>
          summariseCredential(stored, credentialKinds.get(stored.platform)?.spec, at),
        );
        return c.json({ credentials });
      },
    }),
  ];
}
