// Sources: what nghe collects from.
import { z } from 'zod';
import { resolveNewSource, SourceUrlError } from '../../jobs/source-from-url.js';
import { parseSourceList, SourceListError } from '../../jobs/source-import.js';
import { ALLOW_PRIVATE_SETTING, privateAddressOf } from '../../net/private-source-address.js';
import type { ApiDeps } from '../api-deps.js';
import { HttpError, notFound } from '../api-error.js';
import type { ImportResult } from '../api-types.js';
import { API_ERROR_CODES, fillTemplate } from '../error-codes.js';
import { importResultSchema, sourceSchema } from '../response-schemas.js';
import { defineRoute, type Route } from '../route.js';
import { idParams, newSourceBody, sourceUpdateBody } from '../schemas.js';

const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export function sourceRoutes({ store, allowPrivateAddresses }: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'listSources',
      method: 'get',
      path: '/api/sources',
      summary: 'Every source with its health',
      tag: 'sources',
      access: { allow: 'read', resource: 'source' },
      responses: {
        200: { description: 'every source', schema: z.object({ sources: z.array(sourceSchema) }) },
      },
      async handle({ c }) {
        return c.json({ sources: await store.listSources() });
      },
    }),
    defineRoute({
      id: 'addSource',
      method: 'post',
      path: '/api/sources',
      summary: 'Add a feed, sitemap, article page or platform page (a channel, a subreddit …)',
      tag: 'sources',
      access: { allow: 'manage', resource: 'source' },
      body: newSourceBody,
      responses: {
        201: { description: 'the new source', schema: sourceSchema },
        400: {
          description:
            'ApiError: a platform URL that shows nothing to follow, or a private, loopback or link-local address (source_private_address) while NGHE_ALLOW_PRIVATE_ADDRESSES / allowPrivateAddresses is off',
        },
        409: { description: 'ApiError: the URL is already a source' },
      },
      async handle({ c, body }) {
        let wanted: ReturnType<typeof resolveNewSource>;
        try {
          wanted = resolveNewSource(body.url, { kind: body.kind, title: body.title ?? null });
        } catch (error) {
          if (error instanceof SourceUrlError) throw new HttpError(400, error.message);
          throw error;
        }
        if (!allowPrivateAddresses?.()) {
          const blocked = await privateAddressOf(wanted.url);
          if (blocked) {
            const params = { host: blocked.host, setting: ALLOW_PRIVATE_SETTING };
            throw new HttpError(
              400,
              fillTemplate(API_ERROR_CODES.source_private_address.en, params),
              {
                code: 'source_private_address',
                params,
                field: 'url',
              },
            );
          }
        }
        const { source, created } = await store.addSource(wanted);
        if (!created) throw new HttpError(409, `already a source (id ${source.id})`);
        return c.json(source, 201);
      },
    }),
    defineRoute({
      id: 'importSources',
      method: 'post',
      path: '/api/sources/import',
      summary: 'Add sources from an OPML file or a CSV with a url column',
      tag: 'sources',
      access: { allow: 'manage', resource: 'source' },
      textBody: {
        mediaTypes: ['text/csv', 'text/x-opml', 'application/xml', 'text/xml', 'text/plain'],
        maxBytes: IMPORT_MAX_BYTES,
      },
      responses: { 200: { description: 'what was added', schema: importResultSchema } },
      async handle({ c, body }) {
        let list: ReturnType<typeof parseSourceList>;
        try {
          list = parseSourceList(body);
        } catch (error) {
          if (error instanceof SourceListError) throw new HttpError(400, error.message);
          throw error;
        }
        const result: ImportResult = { added: 0, existing: 0, rejected: list.rejected };
        for (const { line: _line, ...entry } of list.entries) {
          const { created } = await store.addSource(entry);
          if (created) result.added++;
          else result.existing++;
        }
        return c.json(result);
      },
    }),
    defineRoute({
      id: 'getSource',
      method: 'get',
      path: '/api/sources/:id',
      summary: 'One source',
      tag: 'sources',
      access: { allow: 'read', resource: 'source' },
      params: idParams,
      responses: {
        200: { description: 'the source', schema: sourceSchema },
        404: { description: 'ApiError' },
      },
      async handle({ c, params }) {
        const source = await store.getSource(params.id);
        if (!source) throw notFound('source');
        return c.json(source);
      },
    }),
    defineRoute({
      id: 'updateSource',
      method: 'patch',
      path: '/api/sources/:id',
      summary: 'Enable, disable or retitle a source',
      tag: 'sources',
      access: { allow: 'manage', resource: 'source' },
      params: idParams,
      body: sourceUpdateBody,
      responses: {
        200: { description: 'the source', schema: sourceSchema },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, body }) {
        if (!(await store.getSource(params.id))) throw notFound('source');
        await store.updateSource(params.id, body);
        const source = await store.getSource(params.id);
        if (!source) throw notFound('source');
        return c.json(source);
      },
    }),
    defineRoute({
      id: 'deleteSource',
      method: 'delete',
      path: '/api/sources/:id',
      summary: 'Stop collecting from a source (its mentions stay)',
      tag: 'sources',
      access: { allow: 'manage', resource: 'source' },
      params: idParams,
      responses: { 204: { description: 'removed' }, 404: { description: 'ApiError' } },
      async handle({ c, params }) {
        if (!(await store.removeSource(params.id))) throw notFound('source');
        return c.body(null, 204);
      },
    }),
  ];
}
