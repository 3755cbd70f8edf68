// A route is declared once: method, path, schemas, docs and handler. The server registers it
// and validates with its schemas; the OpenAPI document is generated from the same declaration.
import type { Context } from 'hono';
import type { z } from 'zod';
import type { Capability } from '../identity/roles.js';
import type { ApiToken } from '../store/listening-store.js';
import type { Principal } from './auth/principal.js';
import type { OpenedSession } from './auth/sessions.js';

export type Method = 'get' | 'post' | 'patch' | 'delete';

export interface HttpEnv {
  Variables: {
    token: ApiToken | null;
    principal: Principal | null;
    /** The session cookie's session, when that is how the request signed in. */
    session: OpenedSession | null;
    /** Topics named by the request whose charter the access layer read (so they exist). */
    chartered?: ReadonlySet<number>;
  };
}

/**
 * What a route's id names, checked before the handler runs: a topic (or what belongs to one:
 * an alert rule, an alert) must be visible to the principal's unit; a mention must be in such a
 * topic unless the principal may search everything; a unit, user or token must be the
 * principal's own unless they manage. Anything not visible answers 404, as if it did not exist.
 */
export type AccessResource =
  | 'none'
  | 'topic'
  | 'alertRule'
  | 'alert'
  | 'mention'
  | 'source'
  | 'unit'
  | 'user'
  | 'token';

export interface RouteAccess {
  /**
   * `public`: no sign-in (sign-in itself); `signedIn`: any principal; otherwise the capability
   * the principal's role (and, for a token, its scopes) must grant.
   */
  allow: 'public' | 'signedIn' | Capability;
  resource: AccessResource;
  /** Where the id is read: `id` (path, the default) or `query:NAME` (one id or a comma list). */
  idParam?: string;
  /** When a `query:` id is absent: the capability needed to read across every topic. */
  withoutId?: Capability;
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
  /** Who asks: a user signed in or a user's token; null only on public routes. */
  principal: Principal | null;
  /** Name of the user (and token) that made the request, as the audit log shows it. */
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
  /** Who may call it: enforced for every route by one layer in the server (auth/access.ts). */
  access: RouteAccess;
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
  // A route anyone may call is documented as needing no token.
  const route = spec as unknown as Route;
  return route.access.allow === 'public' ? { ...route, public: true } : route;
}

/** `/api/topics/:id` → `/api/topics/{id}` */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}
