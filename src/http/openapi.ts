// The OpenAPI 3.1 description, generated from the declared routes and their zod schemas.
import { z } from 'zod';
import { openApiPath, type Route } from './route.js';

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, unknown>;
  security: Record<string, string[]>[];
}

const API_ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['status', 'message'],
      properties: {
        status: { type: 'integer' },
        message: { type: 'string' },
        field: { type: 'string', description: 'the offending field of a validation error' },
        position: { type: 'integer', description: '0-based offset of a query-language error' },
        expected: { type: 'string', description: 'what the query language expected there' },
      },
    },
  },
};

export function buildOpenApiDocument(routes: Route[], version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route) };
  }
  const shared = hoistDefinitions(paths);
  return {
    openapi: '3.1.0',
    info: {
      title: 'nghe API',
      version,
      description:
        'Social listening over collected public mentions. Every route needs ' +
        '`Authorization: Bearer TOKEN` (create one with `nghe tokens create`) except this ' +
        'document and the docs page. Reads of mentions and analytics are written to the audit log.',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { ApiError: API_ERROR_SCHEMA, ...shared },
    },
    security: [{ bearer: [] }],
  };
}

function operationOf(route: Route): Record<string, unknown> {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const contentType = spec.contentType ?? 'application/json';
    const schema = spec.schema ? toSchema(spec.schema, 'output') : undefined;
    responses[status] =
      status === '204'
        ? { description: spec.description }
        : {
            description: spec.description,
            ...(schema || contentType !== 'application/json'
              ? { content: { [contentType]: schema ? { schema } : {} } }
              : {}),
          };
  }
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
  });
  if (parameters.length > 0 || route.body || route.textBody) {
    responses['400'] ??= errorResponse('invalid request; `field` names what was wrong');
  }
  if (!route.public) responses['401'] = errorResponse('missing or unknown bearer token');
  if (route.body || route.textBody) responses['413'] = errorResponse('request body too large');
  return {
    operationId: route.id,
    summary: route.summary,
    tags: [route.tag],
    ...(route.public ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...requestBodyOf(route),
    responses,
  };
}

function requestBodyOf(route: Route): Record<string, unknown> {
  if (route.body) {
    return {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body, 'input') } },
      },
    };
  }
  if (route.textBody) {
    const content = Object.fromEntries(
      route.textBody.mediaTypes.map((type) => [type, { schema: { type: 'string' } }]),
    );
    return { requestBody: { required: true, content } };
  }
  return {};
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const fieldSchema = toSchema(field, 'input');
    const { description, ...rest } = fieldSchema;
    return {
      name,
      in: where,
      required: where === 'path' || !field.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * Recursive shapes (a thread's replies) come with `$defs` whose refs would resolve against the
 * document root: they move to components, in place, and their refs with them.
 */
function hoistDefinitions(paths: OpenApiDocument['paths']): Record<string, JsonSchema> {
  const shared: Record<string, JsonSchema> = {};
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (record.$defs && typeof record.$defs === 'object') {
      Object.assign(shared, record.$defs);
      delete record.$defs;
    }
    if (typeof record.$ref === 'string' && record.$ref.startsWith('#/$defs/')) {
      record.$ref = `#/components/schemas/${record.$ref.slice('#/$defs/'.length)}`;
    }
    for (const child of Object.values(record)) visit(child);
  };
  visit(paths);
  visit(shared);
  return shared;
}

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}
