import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ApiError } from './api-types.js';
import { createAuthServices } from './auth/setup.js';
import { API_ERROR_CODES, fillTemplate } from './error-codes.js';
import { apiRoutes } from './server.js';
import { openSeededApi, type SeededApi } from './test-support/seeded-api.js';

let api: SeededApi;
beforeAll(async () => {
  api = await openSeededApi(new Date('2026-11-20T12:00:00Z'));
});
afterAll(() => api.close());

async function refusal(method: string, path: string, body?: unknown) {
  const { status, body: answer } = await api.json<ApiError>(method, path, body);
  const error = answer.error;
  // Every refusal names a declared code with its status, and its message is that code's
  // sentence filled with the parameters it carries.
  expect(Object.keys(API_ERROR_CODES)).toContain(error.code);
  const spec = API_ERROR_CODES[error.code];
  expect(spec.status).toBe(status);
  expect(Object.keys(error.params).sort()).toEqual([...spec.params].sort());
  expect(error.message).toBe(fillTemplate(spec.en, error.params));
  return { status, error };
}

describe('API refusals carry a declared code and its parameters', () => {
  it('answers 404 for figures of a topic that does not exist', async () => {
    const { status, error } = await refusal('GET', '/api/analytics/series?topic=999');
    expect(status).toBe(404);
    expect(error).toMatchObject({ code: 'not_found', params: { what: 'topic' } });
    const sov = await refusal('GET', `/api/analytics/share-of-voice?topics=${api.topicId},999`);
    expect(sov.status).toBe(404);
  });

  it('refuses a sentiment: value the analysis never gives, naming the allowed ones', async () => {
    const { status, error } = await refusal('GET', '/api/mentions?q=sentiment:happy');
    expect(status).toBe(400);
    expect(error).toMatchObject({
      code: 'query_unknown_value',
      field: 'q',
      params: { queryField: 'sentiment', value: 'happy', allowed: 'positive, neutral, negative' },
    });
    const ok = await api.call('GET', '/api/mentions?q=sentiment:negative');
    expect(ok.status).toBe(200);
  });

  it('refuses an unknown query parameter with the allowed ones', async () => {
    const { status, error } = await refusal(
      'GET',
      `/api/analytics/series?topic=${api.topicId}&intervall=day`,
    );
    expect(status).toBe(400);
    expect(error.code).toBe('unknown_parameter');
    expect(error.field).toBe('intervall');
    expect(String(error.params.allowed).split(', ')).toContain('interval');
  });

  it('refuses a value outside an enumeration with the allowed values', async () => {
    const { error } = await refusal('GET', '/api/analytics/breakdown?by=colour');
    expect(error).toMatchObject({ code: 'invalid_choice', field: 'by' });
    expect(String(error.params.allowed)).toContain('platform');
    const listed = await refusal('GET', '/api/mentions?sentiment=happy');
    expect(listed.error).toMatchObject({ code: 'invalid_choice', field: 'sentiment' });
  });

  it('gives each query syntax error its own code, with its position and values', async () => {
    const { error } = await refusal('GET', `/api/mentions?q=${encodeURIComponent('"thanh pho')}`);
    expect(error).toMatchObject({ code: 'query_unclosed_phrase', position: 10 });
    const other = await refusal('GET', `/api/mentions?q=${encodeURIComponent('(ngập')}`);
    expect(other.error).toMatchObject({
      code: 'query_unexpected_token',
      params: { expected: "')'", found: 'end of query', position: 5 },
    });
  });

  it('refuses a second topic with the same name, case and accents aside, with 409', async () => {
    const { status, error } = await refusal('POST', '/api/topics', {
      name: 'NGAP',
      query: 'lụt',
    });
    expect(status).toBe(409);
    expect(error).toMatchObject({ code: 'topic_name_taken', params: { id: api.topicId } });
    const other = await api.json<{ id: number }>('POST', '/api/topics', {
      name: 'Lụt',
      query: 'lụt',
    });
    expect(other.status).toBe(201);
    const renamed = await refusal('PATCH', `/api/topics/${other.body.id}`, { name: ' ngập ' });
    expect(renamed.status).toBe(409);
  });

  it('answers routes it does not know, bodies that are not JSON and unknown ids in code', async () => {
    expect((await refusal('GET', '/api/nothing-here')).error.code).toBe('no_route');
    expect((await refusal('GET', '/api/topics/4242')).error).toMatchObject({
      code: 'not_found',
      params: { what: 'topic' },
    });
    const res = await api.call('GET', '/api/topics', undefined);
    expect(res.status).toBe(200);
  });
});

describe('query schemas', () => {
  it('every route that reads a query string declares it as one object, checked strictly', () => {
    const routes = apiRoutes(
      { store: api.store, reads: {} as never, auditQueue: {} as never } as never,
      createAuthServices(api.store, {}),
    );
    const withQuery = routes.filter((route) => route.query);
    expect(withQuery.length).toBeGreaterThan(10);
    for (const route of withQuery) expect(route.query, route.id).toBeInstanceOf(z.ZodObject);
  });
});
