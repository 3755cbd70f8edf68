// The one access layer: every declared route passes through it before its handler. It decides
// who asks (token or session), refuses what their role or token scopes do not allow (403),
// answers 404 for ids outside what their unit may see (never 403, which would confirm that the
// id exists), checks the CSRF token of cookie requests that change state, and ends event
// streams whose credentials stop being valid (revoked or expired token, ended session, disabled
// user).
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import type { IdentityStore, TopicCharter } from '../../identity/identity-store.js';
import type { ApiToken } from '../../store/listening-store.js';
import { HttpError } from '../api-error.js';
import type { HttpEnv, Route, RouteAccess } from '../route.js';
import type { Principal } from './principal.js';
import { CSRF_HEADER, csrfMatches } from './sessions.js';

/**
 * What the access layer reads about the things route ids name. Asynchronous: in server mode
 * some of it lives in PostgreSQL.
 */
export interface ResourceLookup {
  charter(topicId: number): Promise<TopicCharter | null>;
  alertRuleTopic(ruleId: number): Promise<number | null>;
  alertTopic(alertId: number): Promise<number | null>;
  /** Topics a mention is tagged with; null when there is no such mention. */
  mentionTopics(mentionId: number): Promise<number[] | null>;
  tokenOwner(tokenId: number): Promise<number | null>;
}

/** Credentials changed somewhere in this process: open streams check theirs at once. */
export interface RevocationSignal {
  notify(): void;
  subscribe(listener: () => void): () => void;
}

export function createRevocationSignal(): RevocationSignal {
  const listeners = new Set<() => void>();
  return {
    notify: () => {
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface AccessDeps {
  lookup: ResourceLookup;
  identity: IdentityStore;
  revocations: RevocationSignal;
  now: () => Date;
  /** How often an open event stream re-checks its credentials (another process may revoke). */
  recheckMs: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function accessLayer(route: Route, deps: AccessDeps): MiddlewareHandler<HttpEnv> {
  const access = route.access;
  // Only a route documented as an event stream answers one; the others' answers are not looked
  // at after the handler (reading a response's headers turns them into a Headers object, which
  // then costs its writing too).
  const streams = Object.values(route.responses).some((response) =>
    response.contentType?.startsWith('text/event-stream'),
  );
  return async (c, next) => {
    // Who asks was settled for every /api request before (server.ts, token-auth.ts).
    const principal = c.get('principal');
    const session = c.get('session');
    if (access.allow === 'public') return next();
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer realm="nghe"');
      throw new HttpError(
        401,
        'sign in, or send a valid bearer token (Authorization: Bearer TOKEN)',
        { code: 'sign_in_required', params: {} },
      );
    }
    if (
      session &&
      !SAFE_METHODS.has(c.req.method) &&
      !csrfMatches(session.session, c.req.header(CSRF_HEADER))
    ) {
      throw new HttpError(403, `missing or wrong ${CSRF_HEADER} header for this session`);
    }
    if (access.allow !== 'signedIn' && !principal.can(access.allow)) {
      throw new HttpError(403, refusal(principal, access.allow));
    }
    const chartered = await checkResource(
      access,
      principal,
      (name) => c.req.param(name),
      (name) => {
        const found = queryValues(c.req.url, name);
        return found === null ? c.req.queries(name) : found;
      },
      deps,
    );
    if (chartered) c.set('chartered', chartered);
    if (principal.token) c.set('token', asApiToken(principal));
    await next();
    if (
      streams &&
      c.res.headers.get('Content-Type')?.startsWith('text/event-stream') &&
      c.res.body
    ) {
      const header = c.req.header('Authorization');
      const idHash = session?.idHash ?? null;
      const valid = () => stillValid(deps, principal, header, idHash);
      const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
      if (socket) watchSocket(socket, deps, valid);
      else c.res = watchStream(c.res, deps, valid);
    }
  };
}

function refusal(principal: Principal, capability: string): string {
  const who = principal.token
    ? `token ${principal.token.name} (scopes ${principal.token.scopes.join(',')}) of a ${principal.user.role}`
    : `a ${principal.user.role}`;
  return `${who} may not do this: it needs the ${capability} capability`;
}

function asApiToken(principal: Principal): ApiToken {
  const t = principal.token!;
  return {
    id: t.id,
    name: principal.actor,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
  };
}

/**
 * Every value of `name` in a URL's query string, read straight from the text when nothing in it
 * is encoded (no `%`, no `+`): the router's own reading decodes the whole query for each name
 * asked. Undefined when the name is absent, or when the text needs decoding (the caller then
 * asks the router).
 */
export function queryValues(url: string, name: string): string[] | undefined | null {
  const at = url.indexOf('?');
  if (at < 0) return undefined;
  const end = url.indexOf('#', at);
  const query = url.slice(at + 1, end < 0 ? undefined : end);
  if (query.includes('%') || query.includes('+')) return null;
  let values: string[] | undefined;
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const key = equals < 0 ? pair : pair.slice(0, equals);
    if (key !== name) continue;
    values ??= [];
    values.push(equals < 0 ? '' : pair.slice(equals + 1));
  }
  return values;
}

type IdsRead = number[] | 'absent' | 'malformed';

function readIds(
  idParam: string,
  param: (name: string) => string | undefined,
  queries: (name: string) => string[] | undefined,
): IdsRead {
  const values = idParam.startsWith('query:')
    ? (queries(idParam.slice(6)) ?? []).flatMap((v) => v.split(','))
    : [param(idParam) ?? ''];
  const present = values.map((v) => v.trim()).filter((v) => v !== '');
  if (present.length === 0) return 'absent';
  if (!present.every((v) => /^[1-9]\d{0,15}$/.test(v))) return 'malformed';
  return present.map(Number);
}

const hidden = (what: string) => new HttpError(404, `${what} not found`);

/**
 * Refuses what the principal may not reach; for a topic route, answers the topics named that
 * have a charter (so exist: a topic's charter is deleted with it), which the route need not
 * read again.
 */
async function checkResource(
  access: RouteAccess,
  principal: Principal,
  param: (name: string) => string | undefined,
  queries: (name: string) => string[] | undefined,
  deps: AccessDeps,
): Promise<Set<number> | null> {
  if (access.resource === 'none' || access.resource === 'source') return null;
  const ids = readIds(access.idParam ?? 'id', param, queries);
  if (ids === 'malformed') return null; // the route's own validation answers 400
  if (ids === 'absent') {
    if (access.withoutId && !principal.can(access.withoutId)) {
      throw new HttpError(
        403,
        `name a topic: a ${principal.user.role} reads the topics of their unit only (${access.withoutId} is needed to read across all)`,
      );
    }
    return null;
  }
  const manages = principal.can('manage');
  const writes = access.allow === 'write';
  const { lookup } = deps;
  const chartered = new Set<number>();
  for (const id of ids) {
    switch (access.resource) {
      case 'topic':
        if (await checkTopic(id, principal, writes, lookup, deps.now(), 'topic')) {
          chartered.add(id);
        }
        break;
      case 'alertRule': {
        const topic = await lookup.alertRuleTopic(id);
        if (topic === null) {
          if (!manages) throw hidden('alert rule');
        } else await checkTopic(topic, principal, writes, lookup, deps.now(), 'alert rule');
        break;
      }
      case 'alert': {
        const topic = await lookup.alertTopic(id);
        if (topic === null) {
          if (!manages) throw hidden('alert');
        } else await checkTopic(topic, principal, writes, lookup, deps.now(), 'alert');
        break;
      }
      case 'mention': {
        if (principal.can('search')) break;
        const topics = (await lookup.mentionTopics(id)) ?? [];
        if (!topics.some((t) => principal.seesTopic(t))) throw hidden('mention');
        break;
      }
      case 'unit':
        if (!manages && id !== principal.unit.id) throw hidden('unit');
        break;
      case 'user':
        if (!manages && id !== principal.user.id) throw hidden('user');
        break;
      case 'token':
        if (!manages && (await lookup.tokenOwner(id)) !== principal.user.id) throw hidden('token');
        break;
    }
  }
  return chartered;
}

/** Refuses a topic the principal may not reach; whether it has a charter. */
async function checkTopic(
  topicId: number,
  principal: Principal,
  writes: boolean,
  lookup: ResourceLookup,
  now: Date,
  what: string,
): Promise<boolean> {
  const charter = await lookup.charter(topicId);
  if (!charter) {
    if (!principal.can('manage')) throw hidden(what);
    return false; // the handler answers 404 for a topic that does not exist
  }
  if (!principal.seesTopic(topicId)) throw hidden(what);
  if (!writes || principal.can('manage')) return true;
  if (charter.unitId !== principal.unit.id) {
    throw new HttpError(403, 'this topic is shared with your unit read-only');
  }
  if (Date.parse(charter.expiresAt) <= now.getTime()) {
    throw new HttpError(409, `this topic expired on ${charter.expiresAt} and is read-only`);
  }
  return true;
}

async function stillValid(
  deps: AccessDeps,
  principal: Principal,
  authorization: string | undefined,
  sessionIdHash: string | null,
): Promise<boolean> {
  const now = deps.now();
  const user = await deps.identity.getUser(principal.user.id);
  if (!user || user.disabledAt !== null) return false;
  if (principal.token) {
    const token = await deps.identity.getToken(principal.token.id);
    if (!token || token.revokedAt !== null) return false;
    if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime()) return false;
    return authorization !== undefined;
  }
  if (!sessionIdHash) return false;
  const session = await deps.identity.findSession(sessionIdHash);
  return session !== null && Date.parse(session.expiresAt) > now.getTime();
}

/**
 * Runs `end` when the credentials are no longer valid. A check that fails to read them (the
 * database out of reach a moment) ends nothing: the next check decides.
 */
async function whenInvalid(valid: () => Promise<boolean>, end: () => void): Promise<void> {
  try {
    if (!(await valid())) end();
  } catch {
    // checked again on the next tick or revocation
  }
}

/**
 * On a Node server: re-check on a timer and whenever this process revokes something, and close
 * the connection when the credentials fail, which ends the route's stream and its
 * subscriptions. Nothing runs per chunk, so hundreds of open streams cost no more than before.
 */
function watchSocket(socket: Socket, deps: AccessDeps, valid: () => Promise<boolean>): void {
  let ended = false;
  const stop = () => {
    ended = true;
    clearInterval(timer);
    unsubscribe();
  };
  const check = () => {
    if (ended) return;
    void whenInvalid(valid, () => {
      if (ended) return;
      stop();
      socket.destroy();
    });
  };
  const timer = setInterval(check, deps.recheckMs);
  timer.unref?.();
  const unsubscribe = deps.revocations.subscribe(check);
  socket.once('close', stop);
}

/**
 * Elsewhere (a fetch handler without a socket): pass the stream through, re-checking its credentials on a timer and whenever this
 * process revokes something; when they fail, say so in one last event and end the stream
 * (which cancels the route's own stream and its subscriptions). The pass-through is a native
 * pipe with no code per chunk: with hundreds of streams open, a read loop here cost health
 * checks about twice their p95.
 */
function watchStream(res: Response, deps: AccessDeps, valid: () => Promise<boolean>): Response {
  let control: TransformStreamDefaultController<Uint8Array> | undefined;
  const pass = new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      control = controller;
    },
  });
  let ended = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let unsubscribe = () => {};
  const stop = () => {
    ended = true;
    clearInterval(timer);
    unsubscribe();
  };
  const check = () => {
    if (ended) return;
    void whenInvalid(valid, () => {
      if (ended) return;
      stop();
      try {
        control?.enqueue(
          new TextEncoder().encode(
            'event: revoked\ndata: {"reason":"credentials no longer valid"}\n\n',
          ),
        );
        control?.terminate();
      } catch {
        // the client left already
      }
    });
  };
  timer = setInterval(check, deps.recheckMs);
  timer.unref?.();
  unsubscribe = deps.revocations.subscribe(check);
  res
    .body!.pipeTo(pass.writable)
    .catch(() => {})
    .finally(stop);
  return new Response(pass.readable, { status: res.status, headers: res.headers });
}
