// Health, the live query checker and the audit log.
import type { ApiDeps } from '../api-deps.js';
import type { AuditPage, Health } from '../api-types.js';
import { checkQuery } from '../query-check.js';
import { auditPageSchema, healthSchema, queryCheckSchema } from '../response-schemas.js';
import { defineRoute, type Route } from '../route.js';
import { auditQuery, queryCheckBody } from '../schemas.js';
import { storedMentionCount } from '../stored-mention-count.js';
import { storedSourceCounts } from '../stored-source-counts.js';

export function miscRoutes({ store, version }: ApiDeps): Route[] {
  const mentionCount = storedMentionCount(store);
  const sourceCounts = storedSourceCounts(store);
  return [
    defineRoute({
      id: 'health',
      method: 'get',
      path: '/api/health',
      summary: 'Aggregate counts only: nothing about any mention or author',
      tag: 'system',
      access: { allow: 'signedIn', resource: 'none' },
      responses: { 200: { description: 'aggregate counts', schema: healthSchema } },
      async handle({ c }) {
        const [mentions, sources] = await Promise.all([mentionCount(), sourceCounts()]);
        const health: Health = {
          status: 'ok',
          version,
          mentions,
          sources: sources.sources,
          failingSources: sources.failing,
        };
        return c.json(health);
      },
    }),
    defineRoute({
      id: 'checkQuery',
      method: 'post',
      path: '/api/query/check',
      summary: 'Check query-language text; errors carry the position and what was expected',
      tag: 'mentions',
      access: { allow: 'read', resource: 'none' },
      body: queryCheckBody,
      responses: {
        200: {
          description: 'ok with the normalised query, or where it fails',
          schema: queryCheckSchema,
        },
      },
      handle({ c, body }) {
        return c.json(checkQuery(body.query));
      },
    }),
    defineRoute({
      id: 'listAudit',
      method: 'get',
      path: '/api/audit',
      summary: 'Who read what, newest first; append-only',
      tag: 'system',
      access: { allow: 'audit', resource: 'none' },
      query: auditQuery,
      responses: {
        200: {
          description: 'newest first; pass nextBefore as before for older entries',
          schema: auditPageSchema,
        },
      },
      async handle({ c, query }) {
        const entries = await store.listAudit({
          limit: query.limit,
          ...(query.before === undefined ? {} : { beforeId: query.before }),
        });
        const last = entries.at(-1);
        const page: AuditPage = {
          entries,
          nextBefore: entries.length === query.limit && last ? last.id : null,
        };
        return c.json(page);
      },
    }),
  ];
}
