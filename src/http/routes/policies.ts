// Policies: a query promulgated on a date, followed by a standing query (topic) of the unit
// that adds it, and assessed before and after on demand as data keeps arriving.
import { z } from 'zod';
import { assessPolicy } from '../../reports/policy/assess-policy.js';
import { addPolicy, PolicyInputError } from '../../reports/policy/policy-input.js';
import { reportDepsFor } from '../../reports/report-jobs.js';
import { archive, generatePolicy } from '../../reports/report-service.js';
import type { Policy } from '../../reports/report-types.js';
import { identityStoreFor } from '../../store/identity-store-for.js';
import type { ApiDeps } from '../api-deps.js';
import { HttpError } from '../api-error.js';
import type { Principal } from '../auth/principal.js';
import { defineRoute, type Route } from '../route.js';
import { idParams } from '../schemas.js';
import { charterFields, requireStatedPurpose, resolveCharter } from '../topic-charters.js';

const policySchema = z.object({
  id: z.number(),
  name: z.string(),
  query: z.string(),
  promulgatedOn: z.string(),
  places: z.array(z.string()),
  sectors: z.array(z.string()),
  unitId: z.number().nullable(),
  topicId: z.number().nullable(),
  daysBefore: z.number(),
  daysAfter: z.number(),
  createdAt: z.string(),
});

const newPolicyBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  query: z.string().trim().min(1).max(2000),
  promulgatedOn: z.string().describe('YYYY-MM-DD'),
  places: z.array(z.string().max(200)).max(50).optional(),
  sectors: z.array(z.string().max(40)).max(20).optional(),
  daysBefore: z.number().int().optional(),
  daysAfter: z.number().int().optional(),
  purpose: charterFields.purpose,
  justification: charterFields.justification,
});

/** A policy is seen by whoever sees the topic that follows it. */
function visible(principal: Principal | null, policy: Policy): boolean {
  return !principal || policy.topicId === null || principal.seesTopic(policy.topicId);
}

export function policyRoutes(deps: ApiDeps): Route[] {
  const { store } = deps;
  const reportDeps = () => {
    const found = reportDepsFor(store, deps.now);
    if (!found) throw new HttpError(503, 'policies are not available with this store');
    return found;
  };
  const policyOr404 = async (id: number, principal: Principal | null): Promise<Policy> => {
    const policy = await reportDeps().reports.getPolicy(id);
    if (!policy || !visible(principal, policy)) throw new HttpError(404, `no policy ${id}`);
    return policy;
  };
  return [
    defineRoute({
      id: 'listPolicies',
      method: 'get',
      path: '/api/policies',
      summary: 'Policies whose reception is followed',
      tag: 'policies',
      access: { allow: 'read', resource: 'none' },
      responses: {
        200: { description: 'policies', schema: z.object({ policies: z.array(policySchema) }) },
      },
      async handle({ c, principal }) {
        return c.json({
          policies: (await reportDeps().reports.listPolicies()).filter((p) =>
            visible(principal, p),
          ),
        });
      },
    }),
    defineRoute({
      id: 'createPolicy',
      method: 'post',
      path: '/api/policies',
      summary: 'Add a policy: its standing query starts tagging stored mentions',
      tag: 'policies',
      access: { allow: 'write', resource: 'none' },
      body: newPolicyBody,
      responses: {
        201: { description: 'the policy', schema: policySchema },
        400: { description: 'ApiError' },
      },
      async handle({ c, body, principal }) {
        const r = reportDeps();
        const identity = identityStoreFor(store);
        const { purpose, justification, ...fields } = body;
        if (principal && identity) await requireStatedPurpose(identity, principal, body);
        let policy: Policy;
        try {
          policy = await addPolicy(store, r.reports, {
            ...fields,
            unitId: principal?.unit.id ?? null,
          });
        } catch (error) {
          if (error instanceof PolicyInputError)
            throw new HttpError(400, error.message, { field: error.field });
          throw error;
        }
        if (principal && identity && policy.topicId !== null) {
          const topic = await store.getTopic(policy.topicId);
          const charter = await resolveCharter(
            identity,
            principal,
            { purpose, justification },
            topic!.query,
            deps.now(),
          );
          await identity.setCharter({ topicId: policy.topicId, ...charter });
        }
        deps.topicJobs?.topicsChanged();
        if (policy.topicId !== null)
          deps.topicJobs?.startBackfill(policy.topicId, { reset: false });
        return c.json(policy, 201);
      },
    }),
    defineRoute({
      id: 'getPolicy',
      method: 'get',
      path: '/api/policies/:id',
      summary: 'One policy',
      tag: 'policies',
      access: { allow: 'read', resource: 'none' },
      params: idParams,
      responses: {
        200: { description: 'the policy', schema: policySchema },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, principal }) {
        return c.json(await policyOr404(params.id, principal));
      },
    }),
    defineRoute({
      id: 'assessPolicy',
      method: 'get',
      path: '/api/policies/:id/assessment',
      summary:
        'How the policy was received: before and after, tests, trajectory, arguments, coverage',
      tag: 'policies',
      access: { allow: 'read', resource: 'none' },
      params: idParams,
      query: z.strictObject({
        archive: z
          .enum(['true', 'false'])
          .default('false')
          .describe('also keep it, with its PDF, in the archive'),
      }),
      responses: {
        200: { description: 'the assessment (PolicyAssessment)' },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, query, principal, audit }) {
        const policy = await policyOr404(params.id, principal);
        const r = reportDeps();
        if (query.archive === 'true') {
          const generated = await generatePolicy(r, policy.id);
          const archived = await archive(r, generated, null);
          await audit({ policy: policy.id }, null);
          return c.json({ ...generated.body, reportId: archived.id });
        }
        const assessment = await assessPolicy(r, policy);
        await audit({ policy: policy.id }, null);
        return c.json(assessment);
      },
    }),
    defineRoute({
      id: 'deletePolicy',
      method: 'delete',
      path: '/api/policies/:id',
      summary: 'Remove a policy and its standing query (archived reports stay)',
      tag: 'policies',
      access: { allow: 'write', resource: 'none' },
      params: idParams,
      responses: { 204: { description: 'deleted' }, 404: { description: 'ApiError' } },
      async handle({ c, params, principal }) {
        const policy = await policyOr404(params.id, principal);
        await reportDeps().reports.deletePolicy(policy.id);
        if (policy.topicId !== null) await store.deleteTopic(policy.topicId);
        deps.topicJobs?.topicsChanged();
        return c.body(null, 204);
      },
    }),
  ];
}
