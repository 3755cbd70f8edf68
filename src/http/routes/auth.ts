// Sign-in and sign-out: password (Argon2id) or the organisation's OpenID Connect provider, a
// session cookie, and the CSRF token the dashboard sends back on every change it makes.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import {
  hashPassword,
  needsRehash,
  spendVerifyTime,
  verifyPassword,
} from '../../identity/password.js';
import type { ApiDeps } from '../api-deps.js';
import { HttpError } from '../api-error.js';
import type { AuthServices } from '../auth/services.js';
import { publicUnit, publicUser } from '../auth/services.js';
import { endSession, servedOverHttps, startSession } from '../auth/sessions.js';
import { defineRoute, type Route } from '../route.js';

const OIDC_COOKIE = 'nghe_oidc';

const signInBody = z
  .object({
    username: z.string().trim().min(1).max(200),
    password: z.string().min(1).max(1024),
  })
  .strict();

const userSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  username: z.string(),
  role: z.string(),
  capabilities: z.array(z.string()),
});

const sessionSchema = z.object({
  user: userSchema,
  unit: z.object({ id: z.number(), name: z.string(), kind: z.string() }),
  via: z.enum(['session', 'token']),
  capabilities: z.array(z.string()),
  csrfToken: z.string().nullable(),
});

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function authRoutes(deps: ApiDeps, auth: AuthServices): Route[] {
  const { identity, signIn: guard } = auth;
  const record = (actor: string, action: string, detail: unknown, unitId: number | null = null) =>
    deps.auditQueue.record({
      actor,
      action,
      detail: JSON.stringify(detail),
      resultCount: null,
      unitId,
    });

  return [
    defineRoute({
      id: 'authConfig',
      method: 'get',
      path: '/api/auth/config',
      summary: 'How one can sign in here: password, and whether OpenID Connect is set up',
      tag: 'auth',
      access: { allow: 'public', resource: 'none' },
      responses: {
        200: {
          description: 'sign-in methods',
          schema: z.object({ password: z.boolean(), oidc: z.boolean(), needsSetup: z.boolean() }),
        },
      },
      async handle({ c }) {
        return c.json({
          password: true,
          oidc: auth.oidc !== null,
          needsSetup: (await identity.countPeople()) === 0,
        });
      },
    }),
    defineRoute({
      id: 'signIn',
      method: 'post',
      path: '/api/auth/sign-in',
      summary:
        'Sign in with a password: sets a new HttpOnly session cookie, returns the CSRF token',
      tag: 'auth',
      access: { allow: 'public', resource: 'none' },
      body: signInBody,
      responses: {
        200: { description: 'signed in', schema: sessionSchema },
        401: { description: 'ApiError: wrong username or password' },
        429: { description: 'ApiError: too many attempts or account locked; see Retry-After' },
      },
      async handle({ c, body }) {
        const now = deps.now();
        const t = now.getTime();
        const address = clientAddress(c);
        const tooMany = (seconds: number) => {
          c.header('Retry-After', String(seconds));
          return new HttpError(429, `too many sign-in attempts; try again in ${seconds} s`);
        };
        const wait = guard.retryAfter(address, body.username, t);
        if (wait !== null) {
          await record(body.username, 'signInRefused', { reason: 'rate limit', address });
          throw tooMany(wait);
        }
        guard.attempted(address, t);
        const user = await identity.findUserByUsername(body.username);
        const stored = user && !user.builtin ? await identity.passwordHashOf(user.id) : null;
        const locked =
          user?.lockedUntil && Date.parse(user.lockedUntil) > t ? Date.parse(user.lockedUntil) : 0;
        if (!user || !stored || user.disabledAt !== null || locked) {
          await spendVerifyTime(body.password);
          guard.failed(body.username, t);
          await record(body.username, 'signInFailed', {
            reason: locked ? 'locked' : 'unknown or disabled account',
            address,
          });
          if (locked) throw tooMany(Math.max(1, Math.ceil((locked - t) / 1000)));
          throw new HttpError(401, 'wrong username or password');
        }
        if (!(await verifyPassword(stored, body.password))) {
          guard.failed(body.username, t);
          const after = await identity.recordFailedSignIn(
            user.id,
            guard.limits.lockAfter,
            new Date(t + guard.limits.lockMs).toISOString(),
          );
          await record(
            user.username,
            'signInFailed',
            { reason: 'wrong password', failuresInARow: after.failedSignIns, address },
            user.unitId,
          );
          if (after.lockedUntil !== null && after.failedSignIns === guard.limits.lockAfter) {
            await record(
              user.username,
              'accountLocked',
              { until: after.lockedUntil, address },
              user.unitId,
            );
          }
          throw new HttpError(401, 'wrong username or password');
        }
        guard.succeeded(body.username);
        await identity.clearFailedSignIns(user.id);
        if (needsRehash(stored)) {
          await identity.updateUser(user.id, { passwordHash: await hashPassword(body.password) });
        }
        const session = await startSession(identity, c, user.id, now);
        await record(user.username, 'signIn', { method: 'password', address }, user.unitId);
        const unit = (await identity.getUnit(user.unitId))!;
        const view = publicUser(user);
        return c.json({
          user: view,
          unit: publicUnit(unit),
          via: 'session' as const,
          capabilities: view.capabilities,
          csrfToken: session.csrfToken,
        });
      },
    }),
    defineRoute({
      id: 'signOut',
      method: 'post',
      path: '/api/auth/sign-out',
      summary: 'End this session (the cookie is cleared)',
      tag: 'auth',
      access: { allow: 'signedIn', resource: 'none' },
      responses: { 204: { description: 'signed out' } },
      async handle({ c, principal, actor }) {
        await endSession(identity, c);
        auth.revocations.notify();
        await record(actor, 'signOut', { via: principal?.via ?? null }, principal?.unit.id ?? null);
        return c.body(null, 204);
      },
    }),
    defineRoute({
      id: 'currentSession',
      method: 'get',
      path: '/api/auth/session',
      summary: 'Who is signed in: user, unit, capabilities and (for a session) its CSRF token',
      tag: 'auth',
      access: { allow: 'signedIn', resource: 'none' },
      responses: { 200: { description: 'the principal', schema: sessionSchema } },
      handle({ c, principal }) {
        const p = principal!;
        const session = c.get('session');
        return c.json({
          user: publicUser(p.user),
          unit: publicUnit(p.unit),
          via: p.via,
          capabilities: [...p.capabilities],
          csrfToken: session?.session.csrfToken ?? null,
        });
      },
    }),
    defineRoute({
      id: 'oidcStart',
      method: 'get',
      path: '/api/auth/oidc/start',
      summary: 'Start signing in with the OpenID Connect provider (redirects there)',
      tag: 'auth',
      access: { allow: 'public', resource: 'none' },
      responses: {
        302: { description: 'to the provider' },
        404: { description: 'ApiError: no provider configured' },
      },
      async handle({ c }) {
        if (!auth.oidc) throw new HttpError(404, 'OpenID Connect sign-in is not configured');
        const { url, binding } = await auth.oidc.start(c.req.url);
        setCookie(c, OIDC_COOKIE, binding, {
          path: '/api/auth/oidc',
          httpOnly: true,
          sameSite: 'Lax',
          secure: servedOverHttps(c),
          maxAge: 600,
        });
        return c.redirect(url, 302);
      },
    }),
    defineRoute({
      id: 'oidcCallback',
      method: 'get',
      path: '/api/auth/oidc/callback',
      summary: 'Where the provider returns: signs in and redirects to the dashboard',
      tag: 'auth',
      access: { allow: 'public', resource: 'none' },
      responses: {
        302: { description: 'signed in; to the dashboard' },
        403: { description: 'ApiError: the identity is not a nghe user, or the flow failed' },
      },
      async handle({ c }) {
        if (!auth.oidc) throw new HttpError(404, 'OpenID Connect sign-in is not configured');
        const binding = getCookie(c, OIDC_COOKIE);
        deleteCookie(c, OIDC_COOKIE, { path: '/api/auth/oidc' });
        const result = await auth.oidc.finish(new URL(c.req.url), binding);
        if (typeof result === 'string') {
          await record('anonymous', 'signInFailed', { method: 'oidc', reason: result });
          throw new HttpError(403, result);
        }
        if (result.disabledAt !== null) {
          await record(result.username, 'signInFailed', { method: 'oidc', reason: 'disabled' });
          throw new HttpError(403, 'this account is disabled');
        }
        await startSession(identity, c, result.id, deps.now());
        await record(result.username, 'signIn', { method: 'oidc' }, result.unitId);
        return c.redirect('/', 302);
      },
    }),
  ];
}
