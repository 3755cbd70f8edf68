// The HTTP face of nghe: the API under /api (declared routes, validated, token-protected and
// audited), its OpenAPI description and docs page, and the built dashboard everywhere else.
import { serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { changesState, changeUsageLayer } from '../audit/route-usage.js';
import type { ServerLimits } from '../config/server-limits.js';
import type { ListeningEvents } from '../jobs/listening-events.js';
import type { WebhookReceiver } from '../jobs/zalo-webhook.js';
import { type ReadinessCheck, storeReadiness } from '../ops/health.js';
import { metrics } from '../ops/metrics.js';
import { mountOperations, routeTiming } from '../ops/operations-routes.js';
import type { ListeningStore } from '../store/listening-store.js';
import type { UsageLogWriter } from '../store/sqlite/usage-log-writer.js';
import type { Store } from '../store/store.js';
import { accessLine } from './access-log.js';
import type { ApiDeps, TopicJobs } from './api-deps.js';
import { apiError, HttpError } from './api-error.js';
import { type AccessDeps, accessLayer } from './auth/access.js';
import type { AuthServices } from './auth/services.js';
import { type AuthOptions, createAuthServices } from './auth/setup.js';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from './docs-page.js';
import { type FigureAnswers, figureAnswers } from './figure-answers.js';
import { requireNamedTopics } from './named-topics.js';
import { buildOpenApiDocument } from './openapi.js';
import type { ReadStore } from './read-pool/read-store.js';
import { presetResponseHeader } from './request-headers.js';
import { validateRequest as validate, validateQueryString } from './request-validation.js';
import type { HttpEnv, Route, RouteContext } from './route.js';
import { alertRoutes } from './routes/alerts.js';
import { analyticsRoutes } from './routes/analytics.js';
import { authRoutes } from './routes/auth.js';
import { charterRoutes } from './routes/charters.js';
import { compareRoutes } from './routes/compare.js';
import { conversationRoutes } from './routes/conversations.js';
import { credentialRoutes } from './routes/credentials.js';
import { erasureRoutes } from './routes/erasure.js';
import { exportRoutes } from './routes/exports.js';
import { identityRoutes } from './routes/identity.js';
import { mentionTotalRoutes } from './routes/mention-totals.js';
import { mentionRoutes } from './routes/mentions.js';
import { miscRoutes } from './routes/misc.js';
import { platformRoutes } from './routes/platforms.js';
import { policyRoutes } from './routes/policies.js';
import { privacyRoutes } from './routes/privacy.js';
import { reportRoutes } from './routes/reports.js';
import { sourceRetryRoutes } from './routes/source-retry.js';
import { sourceRoutes } from './routes/sources.js';
import { storyRoutes } from './routes/stories.js';
import { topicPreviewRoutes } from './routes/topic-preview.js';
import { topicStreamRoutes } from './routes/topic-stream.js';
import { topicRoutes } from './routes/topics.js';
import { usageRoutes } from './routes/usage.js';
import { voiceRoutes } from './routes/voices.js';
import { createServerGuards } from './server-guards.js';
import { createStaticDashboard } from './static-dashboard.js';
import { createAuthenticator } from './token-auth.js';

export type { TopicJobs } from './api-deps.js';

export interface HttpAppOptions {
  store: Store & ListeningStore;
  version: string;
  /** Source of live mentions for topic streams; without it streams answer 503. */
  events?: ListeningEvents;
  /** Back-fill and live-matcher hooks; without them topic edits only change the store. */
  topicJobs?: TopicJobs;
  /** The built dashboard (web/dist); null or missing serves a page saying it is not built. */
  dashboardDir?: string | null;
  /** Access log sink; default console.log. */
  log?: (line: string) => void;
  heartbeatMs?: number;
  now?: () => Date;
  /** Largest JSON body accepted, in bytes. */
  maxJsonBytes?: number;
  /**
   * Platforms' webhook receivers by platform name, at /api/hooks/PLATFORM/SOURCE_ID: outside
   * bearer auth, each verifies its platform's own signature.
   */
  webhooks?: Readonly<Record<string, WebhookReceiver>>;
  /** Searches and analytics off the main thread (read-pool.ts); default: on it, unbudgeted. */
  reads?: ReadStore;
  /** Rates, stream caps (config.json `limits`); defaults in config/server-limits.ts. */
  limits?: Partial<ServerLimits>;
  /** The database file, named in storage errors. */
  databasePath?: string;
  /** OpenID Connect provider, sign-in limits, how often event streams re-check credentials. */
  auth?: AuthOptions;
  /** The data version; given, figure answers are kept until it moves (figure-answers.ts). */
  figures?: { version(): string; bump(): void };
  /** Whether a new source may point at a private address; default: refused. */
  allowPrivateAddresses?: () => boolean;
  /** What /readyz checks; default: the store answers a trivial query. */
  ready?: ReadinessCheck;
  /**
   * Audit rows written by a thread of their own where the store is a SQLite file
   * (server-guards.ts); default: when `reads` are given.
   */
  auditThread?: boolean;
}

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_MAX_JSON_BYTES = 256 * 1024;
const DOCS_PATHS = new Set([
  '/api/openapi.json',
  '/api/docs',
  '/api/docs/docs.js',
  '/api/docs/docs.css',
]);

/** Every API route, in documentation order. */
export function apiRoutes(deps: ApiDeps, auth: AuthServices): Route[] {
  return [
    ...authRoutes(deps, auth),
    ...identityRoutes(deps, auth),
    ...miscRoutes(deps),
    ...privacyRoutes(deps),
    ...sourceRoutes(deps),
    ...sourceRetryRoutes(deps),
    ...credentialRoutes(deps),
    ...platformRoutes(deps),
    // Before topicRoutes and mentionRoutes: their `:id` paths would take these literal ones.
    ...topicPreviewRoutes(deps),
    ...mentionTotalRoutes(deps),
    ...topicRoutes(deps),
    ...charterRoutes(deps, auth),
    ...topicStreamRoutes(deps),
    ...mentionRoutes(deps),
    ...conversationRoutes(deps),
    ...analyticsRoutes(deps),
    ...storyRoutes(deps),
    ...compareRoutes(deps),
    ...voiceRoutes(deps),
    ...exportRoutes(deps),
    ...alertRoutes(deps),
    ...erasureRoutes(deps),
    ...usageRoutes(deps, auth),
    ...reportRoutes(deps),
    ...policyRoutes(deps),
  ];
}

const routeTables = new WeakMap<Hono<HttpEnv>, readonly Route[]>();
/** What an app holds open beside its routes (the audit thread), closed with its server. */
const appGuards = new WeakMap<Hono<HttpEnv>, ReturnType<typeof createServerGuards>>();

/** The routes an app serves, as declared (the access matrix test is generated from it). */
export function routeTableOf(app: Hono<HttpEnv>): readonly Route[] {
  return routeTables.get(app) ?? [];
}

/** The thread an app writes its audit rows on, where it has one (for figures and tests). */
export function auditWriterOf(app: Hono<HttpEnv>): UsageLogWriter | null {
  return appGuards.get(app)?.auditWriter ?? null;
}

/** Writes the audit rows an app still holds and ends its audit thread (startHttpServer's close). */
export async function closeHttpApp(app: Hono<HttpEnv>): Promise<void> {
  await appGuards.get(app)?.close();
}

export function createHttpApp(options: HttpAppOptions): Hono<HttpEnv> {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const guards = createServerGuards({ ...options, events: options.events ?? null, heartbeatMs });
  const deps: ApiDeps = {
    reads: guards.reads,
    streams: guards.streams,
    auditQueue: guards.audit,
    store: options.store,
    version: options.version,
    events: options.events ?? null,
    topicJobs: options.topicJobs ?? null,
    heartbeatMs,
    now: options.now ?? (() => new Date()),
    allowPrivateAddresses: options.allowPrivateAddresses,
  };
  const log = options.log ?? ((line: string) => console.log(line));
  const maxJsonBytes = options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;
  const auth = createAuthServices(options.store, options.auth);
  const routes = apiRoutes(deps, auth);
  const openApi = JSON.stringify(buildOpenApiDocument(routes, options.version));
  const authenticate = createAuthenticator(auth.identity, deps.now);
  const access: AccessDeps = {
    lookup: auth.lookup,
    identity: auth.identity,
    revocations: auth.revocations,
    now: deps.now,
    recheckMs: options.auth?.streamRecheckMs ?? heartbeatMs,
  };
  const dashboard = createStaticDashboard(options.dashboardDir ?? null);
  const app = new Hono<HttpEnv>();
  routeTables.set(app, routes);
  appGuards.set(app, guards);

  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('token', null);
    c.set('principal', null);
    c.set('session', null);
    await next();
    log(
      accessLine(
        c.req.method,
        c.req.url,
        c.res.status,
        performance.now() - started,
        c.get('principal')?.actor ?? null,
      ),
    );
  });

  app.use('/api/*', async (c, next) => {
    presetResponseHeader(c, 'X-Content-Type-Options', 'nosniff');
    if (DOCS_PATHS.has(c.req.path)) return next();
    presetResponseHeader(c, 'Cache-Control', 'no-store');
    if (c.req.path.startsWith('/api/hooks/')) return next();
    // Who asks is settled here (so rate limits can count per principal); what they may do is
    // decided per route by the access layer (auth/access.ts).
    const found = await authenticate(c);
    c.set('principal', found?.principal ?? null);
    c.set('session', found?.session ?? null);
    return next();
  });

  app.use('/api/*', guards.rateLimit);

  app.get('/api/openapi.json', (c) => c.body(openApi, 200, { 'Content-Type': 'application/json' }));
  app.get('/api/docs', (c) => {
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    );
    return c.html(DOCS_HTML);
  });
  app.get('/api/docs/docs.js', (c) =>
    c.body(DOCS_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/api/docs/docs.css', (c) =>
    c.body(DOCS_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  );

  const figures = options.figures;
  const answers = figures
    ? figureAnswers({ version: () => figures.version(), changed: () => figures.bump() })
    : null;
  mountOperations(app, {
    ready: options.ready ?? storeReadiness(options.store),
    metrics: metrics(),
  });
  for (const route of routes) registerRoute(app, route, deps, maxJsonBytes, access, answers);
  app.post('/api/hooks/:platform/:sourceId', bodyLimit({ maxSize: maxJsonBytes }), async (c) => {
    const receive = Object.hasOwn(options.webhooks ?? {}, c.req.param('platform'))
      ? options.webhooks?.[c.req.param('platform')]
      : undefined;
    if (!receive) throw new HttpError(404, `no webhook for ${c.req.param('platform')}`);
    const answer = await receive({
      sourceId: Number(c.req.param('sourceId')),
      body: await c.req.text(),
      headers: Object.fromEntries(c.req.raw.headers),
    });
    return c.json(answer.body, answer.status);
  });

  app.notFound((c) => {
    const path = c.req.path;
    if (path === '/api' || path.startsWith('/api/')) {
      throw apiError('no_route', { method: c.req.method, path });
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      return c.text('method not allowed', 405);
    }
    return dashboard(path);
  });

  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json(error.toBody(), error.status as 400);
    const stored = guards.storageError(error);
    if (stored) return c.json(stored.toBody(), stored.status as 507);
    console.error(`http: ${c.req.method} ${c.req.path}: ${error.message}`);
    return c.json(apiError('internal_error', {}).toBody(), 500);
  });
  return app;
}

function registerRoute(
  app: Hono<HttpEnv>,
  route: Route,
  deps: ApiDeps,
  maxJsonBytes: number,
  access: AccessDeps,
  answers: FigureAnswers | null,
): void {
  // Only a route that reads a body is limited: asking a request for its body stream makes the
  // server build a full Request, a cost every GET would pay for nothing.
  const limit: MiddlewareHandler<HttpEnv>[] =
    route.body || route.textBody
      ? [
          bodyLimit({
            maxSize: route.textBody?.maxBytes ?? maxJsonBytes,
            onError: () => {
              throw apiError('payload_too_large', {});
            },
          }),
        ]
      : [];
  // Changes are logged by one layer, before the access layer so refusals are logged too; reads
  // log what they read themselves, and skip the layer.
  const usage = changesState(route.method) ? [changeUsageLayer(route, deps.auditQueue)] : [];
  // One registration per route: the router holds one entry for it, not one per layer.
  const method = route.method.toUpperCase();
  const layers: MiddlewareHandler<HttpEnv>[] = [
    routeTiming(metrics(), `${method} ${route.path}`),
    ...usage,
    accessLayer(route, access),
    ...limit,
  ];
  const handler: MiddlewareHandler<HttpEnv> = async (c) => {
    const params = route.params ? validate(route.params, c.req.param(), 'path') : undefined;
    const query = route.query
      ? validateQueryString(route.query, queryText(c.req.url), () => c.req.query())
      : undefined;
    await requireNamedTopics(route, query, deps.store, c.get('chartered'));
    let body: unknown;
    if (route.body) {
      if (!/^application\/(.+\+)?json\b/i.test(c.req.header('Content-Type') ?? '')) {
        throw apiError('json_required', {}, { field: 'body' });
      }
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        throw apiError('invalid_json', {}, { field: 'body' });
      }
      body = validate(route.body, raw, 'body');
    } else if (route.textBody) {
      body = await c.req.text();
    }
    const principal = c.get('principal');
    const actor = principal?.actor ?? 'anonymous';
    const ctx: RouteContext<unknown, unknown, unknown> = {
      c,
      params,
      query,
      body,
      principal,
      actor,
      audit: (detail, resultCount) =>
        deps.auditQueue.record({
          actor,
          action: route.id,
          detail: JSON.stringify(detail ?? {}),
          resultCount,
          unitId: principal?.unit.id ?? null,
        }),
    };
    return answers ? answers.answer(route, ctx, (asked) => route.handle(asked)) : route.handle(ctx);
  };
  app.on(method, route.path, ...([...layers, handler] as [MiddlewareHandler<HttpEnv>]));
}

/** What follows `?` in a request's URL (no fragment reaches a server). */
function queryText(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function startHttpServer(
  app: Hono<HttpEnv>,
  host: string,
  port: number,
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      const shownHost = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        close: async () => {
          await new Promise<void>((done) => {
            server.close(() => done());
            // Event streams never end by themselves; cut them so close() returns.
            if ('closeAllConnections' in server) server.closeAllConnections();
          });
          await closeHttpApp(app);
        },
      });
    });
    server.once('error', reject);
  });
}
