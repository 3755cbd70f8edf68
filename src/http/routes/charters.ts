// A topic's charter (unit, owner, purpose, justification, expiry, sharing) and the notices a
// user was sent about their topics (expiry, deletion).
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { HttpError, notFound } from '../api-error.js';
import type { AuthServices } from '../auth/services.js';
import { defineRoute, type Route } from '../route.js';
import { idParams } from '../schemas.js';
import { charterBody, resolveCharter } from '../topic-charters.js';

const loose = z.record(z.string(), z.unknown());

export function charterRoutes(deps: ApiDeps, auth: AuthServices): Route[] {
  const { identity } = auth;
  return [
    defineRoute({
      id: 'getTopicCharter',
      method: 'get',
      path: '/api/topics/:id/charter',
      summary: 'The unit, owner, purpose, justification, expiry and sharing of a topic',
      tag: 'topics',
      access: { allow: 'read', resource: 'topic' },
      params: idParams,
      responses: {
        200: { description: 'the charter', schema: loose },
        404: { description: 'ApiError' },
      },
      async handle({ c, params }) {
        const charter = await identity.getCharter(params.id);
        if (!charter) throw notFound('topic');
        return c.json(charter);
      },
    }),
    defineRoute({
      id: 'updateTopicCharter',
      method: 'patch',
      path: '/api/topics/:id/charter',
      summary:
        'Change a topic’s purpose, justification or expiry, share it, or (administrators) widen it',
      tag: 'topics',
      access: { allow: 'write', resource: 'topic' },
      params: idParams,
      body: charterBody,
      responses: {
        200: { description: 'the charter', schema: loose },
        400: {
          description:
            'ApiError: a purpose outside the unit’s functions, a query outside its places',
        },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, body, principal, actor }) {
        const existing = await identity.getCharter(params.id);
        const topic = await deps.store.getTopic(params.id);
        // A topic without a charter (made in server mode outside the API) gets one from an
        // administrator; the access layer lets no one else this far.
        if (!topic || (!existing && !principal?.can('manage'))) throw notFound('topic');
        const { shareWith, ...input } = body;
        if (shareWith && principal?.user.role === 'analyst') {
          throw new HttpError(
            403,
            'sharing a topic with other units is for unit leads and administrators',
          );
        }
        const next = await resolveCharter(
          identity,
          principal!,
          input,
          topic.query,
          deps.now(),
          existing,
        );
        for (const unitId of shareWith ?? []) {
          if (!(await identity.getUnit(unitId))) {
            throw new HttpError(400, `shareWith: no unit ${unitId}`, { field: 'shareWith' });
          }
        }
        await identity.setCharter({ topicId: params.id, ...next });
        if (shareWith) {
          for (const unitId of existing?.sharedWith ?? []) {
            await identity.unshareTopic(params.id, unitId);
          }
          for (const unitId of shareWith) {
            if (unitId !== next.unitId) await identity.shareTopic(params.id, unitId);
          }
        }
        await deps.auditQueue.record({
          actor,
          action: 'updateTopicCharter',
          detail: JSON.stringify({ topic: params.id, ...body }),
          resultCount: null,
        });
        return c.json(await identity.getCharter(params.id));
      },
    }),
    defineRoute({
      id: 'listNotices',
      method: 'get',
      path: '/api/notices',
      summary: 'Notices to the signed-in user: topics expired and topics deleted',
      tag: 'users',
      access: { allow: 'signedIn', resource: 'none' },
      responses: {
        200: { description: 'newest first', schema: z.object({ notices: z.array(loose) }) },
      },
      async handle({ c, principal }) {
        return c.json({ notices: await identity.listNotices(principal!.user.id) });
      },
    }),
  ];
}
