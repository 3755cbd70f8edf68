// Topics: standing queries, their overview figures and their back-fill.
import { z } from 'zod';
import { identityStoreFor } from '../../store/identity-store-for.js';
import type { NewTopic, TopicUpdate } from '../../store/listening-store.js';
import type { ApiDeps } from '../api-deps.js';
import { HttpError, notFound } from '../api-error.js';
import { topicSummarySchema } from '../protected-schemas.js';
import { requireValidQuery } from '../query-check.js';
import { topicSchema } from '../response-schemas.js';
import { defineRoute, type Route } from '../route.js';
import { idParams, newTopicBody, topicUpdateBody } from '../schemas.js';
import { charterFields, outsideUnit, resolveCharter } from '../topic-charters.js';
import { requireFreeTopicName } from '../topic-names.js';
import { summariseTopics } from '../topic-summaries.js';

export function topicRoutes(deps: ApiDeps): Route[] {
  const { store, topicJobs } = deps;
  const identity = identityStoreFor(store);
  return [
    defineRoute({
      id: 'listTopics',
      method: 'get',
      path: '/api/topics',
      summary: 'Every topic with a week of figures; topics with active spikes first',
      tag: 'topics',
      access: { allow: 'read', resource: 'none' },
      responses: {
        200: {
          description: 'topic summaries',
          schema: z.object({ topics: z.array(topicSummarySchema) }),
        },
      },
      async handle({ c, audit, principal }) {
        const visible = (await store.listTopics()).filter((t) => principal!.seesTopic(t.id));
        const topics = await summariseTopics(store, visible, deps.now());
        await audit({}, topics.length);
        return c.json({ topics });
      },
    }),
    defineRoute({
      id: 'createTopic',
      method: 'post',
      path: '/api/topics',
      summary: 'Create a topic and start tagging stored mentions with it',
      tag: 'topics',
      access: { allow: 'write', resource: 'none' },
      body: newTopicBody.extend(charterFields),
      responses: {
        201: { description: 'the new topic', schema: topicSchema },
        400: { description: 'ApiError; a malformed query carries position and expected' },
      },
      async handle({ c, body: input, principal }) {
        const { unitId, purpose, justification, expiresAt, ...body } = input;
        requireValidQuery(body.query, 'query');
        await requireFreeTopicName(store, body.name);
        const charter = await resolveCharter(
          identity,
          principal!,
          { unitId, purpose, justification, expiresAt },
          body.query,
          deps.now(),
        );
        const topic = await store.createTopic(body satisfies NewTopic);
        await identity.setCharter({ topicId: topic.id, ...charter });
        topicJobs?.topicsChanged();
        topicJobs?.startBackfill(topic.id, { reset: false });
        return c.json((await store.getTopic(topic.id)) ?? topic, 201);
      },
    }),
    defineRoute({
      id: 'getTopic',
      method: 'get',
      path: '/api/topics/:id',
      summary: 'One topic with its back-fill progress',
      tag: 'topics',
      access: { allow: 'read', resource: 'topic' },
      params: idParams,
      responses: {
        200: { description: 'the topic', schema: topicSchema },
        404: { description: 'ApiError' },
      },
      async handle({ c, params }) {
        const topic = await store.getTopic(params.id);
        if (!topic) throw notFound('topic');
        return c.json(topic);
      },
    }),
    defineRoute({
      id: 'updateTopic',
      method: 'patch',
      path: '/api/topics/:id',
      summary: 'Edit, pause or resume a topic; a changed query or scope re-tags history',
      tag: 'topics',
      access: { allow: 'write', resource: 'topic' },
      params: idParams,
      body: topicUpdateBody,
      responses: {
        200: { description: 'the topic', schema: topicSchema },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, body, principal }) {
        const before = await store.getTopic(params.id);
        if (!before) throw notFound('topic');
        if (body.query !== undefined) requireValidQuery(body.query, 'query');
        if (body.name !== undefined) await requireFreeTopicName(store, body.name, params.id);
        const charter = await identity.getCharter(params.id);
        const unit = charter && (await identity.getUnit(charter.unitId));
        const problem =
          body.query !== undefined &&
          unit &&
          charter.widenedBy === null &&
          !principal!.can('manage')
            ? outsideUnit(unit, body.query)
            : null;
        if (problem) throw new HttpError(400, `query: ${problem}`, { field: 'query' });
        const topic = await store.updateTopic(params.id, body satisfies TopicUpdate);
        if (!topic) throw notFound('topic');
        const rescoped =
          topic.query !== before.query ||
          !sameList(topic.langs, before.langs) ||
          !sameList(topic.platforms, before.platforms) ||
          !sameList(topic.sourceIds, before.sourceIds);
        topicJobs?.topicsChanged();
        if (rescoped) topicJobs?.startBackfill(topic.id, { reset: true });
        return c.json((await store.getTopic(topic.id)) ?? topic);
      },
    }),
    defineRoute({
      id: 'deleteTopic',
      method: 'delete',
      path: '/api/topics/:id',
      summary: 'Delete a topic and its tags (mentions stay)',
      tag: 'topics',
      access: { allow: 'write', resource: 'topic' },
      params: idParams,
      responses: { 204: { description: 'deleted' }, 404: { description: 'ApiError' } },
      async handle({ c, params }) {
        if (!(await store.deleteTopic(params.id))) throw notFound('topic');
        topicJobs?.topicsChanged();
        return c.body(null, 204);
      },
    }),
    defineRoute({
      id: 'backfillTopic',
      method: 'post',
      path: '/api/topics/:id/backfill',
      summary: 'Tag stored mentions with this topic again; poll the topic for progress',
      tag: 'topics',
      access: { allow: 'write', resource: 'topic' },
      params: idParams,
      responses: {
        202: { description: 'back-fill started', schema: topicSchema },
        404: { description: 'ApiError' },
        503: { description: 'ApiError: this server runs no back-fill jobs' },
      },
      async handle({ c, params }) {
        if (!(await store.getTopic(params.id))) throw notFound('topic');
        if (!topicJobs) throw new HttpError(503, 'back-fill is not available on this server');
        topicJobs.startBackfill(params.id, { reset: true });
        const topic = await store.getTopic(params.id);
        if (!topic) throw notFound('topic');
        return c.json(topic, 202);
      },
    }),
  ];
}

function sameList<T>(a: T[] | null, b: T[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
