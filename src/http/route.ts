// A route is declared once: method, path, schemas, docs and handler. The server registers it
// and validates with its schemas; the OpenAPI document is generated from the same declaration.
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ApiToken } from '../store/listening-store.js';

export type Method = 'get' | 'post' | 'patch' | 'delete';

export interface HttpEnv {
  Variables: { token: ApiToken | null };
}

export interface ResponseSpec {
  description: string;
  /** Response body schema for the docs; JSON unless `contentType` says otherwise. */
  schema?: z.ZodType;
  contentType?: string;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<P, Q, B> {
  c: Context<HttpEnv>;
  params: P;
  query: Q;
  body: B;
  /** Name of the token that made the request. */
  actor: string;
  /** Append to the audit log: what was read (`detail`, stored as JSON) and how much. */
  audit(detail: unknown, resultCount: number | null): Promise<void>;
}

interface RouteSpecBase {
  /** Stable identifier, used as the OpenAPI operationId and as the audit action. */
  id: string;
  method: Method;
  /** Hono path syntax (`/api/topics/:id`). */
  path: string;
  summary: string;
  tag: string;
  /** Served without a token (the API description itself). */
  public?: boolean;
  /** Body is raw text of one of these media types (CSV, OPML) instead of JSON. */
  textBody?: { mediaTypes: string[]; maxBytes: number };
  responses: Record<number, ResponseSpec>;
}

export interface RouteSpec<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
> extends RouteSpecBase {
  params?: P;
  query?: Q;
  body?: B;
  handle(
    ctx: RouteContext<Parsed<P>, Parsed<Q>, B extends z.ZodType ? Parsed<B> : string>,
  ): Promise<Response> | Response;
}

/** A declared route with its types erased, for registration and documentation. */
export interface Route extends RouteSpecBase {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  handle(ctx: RouteContext<unknown, unknown, unknown>): Promise<Response> | Response;
}

export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<P, Q, B>): Route {
  return spec as unknown as Route;
}

/** `/api/topics/:id` → `/api/topics/{id}` */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}
