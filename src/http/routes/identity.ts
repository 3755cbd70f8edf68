// Users, units and API tokens. Administrators manage users and units; everyone manages their
// own tokens (administrators every token). Changes are written to the usage log; revoking a
// token or disabling a user ends their open event streams at once.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, passwordProblem } from '../../identity/password.js';
import { CAPABILITIES, ROLES } from '../../identity/roles.js';
import { canonicalPlace, checkSector, UNIT_KINDS } from '../../identity/units.js';
import { usernameProblem } from '../../identity/usernames.js';
import { loadGazetteer } from '../../places/index.js';
import type { ApiDeps } from '../api-deps.js';
import { HttpError, notFound } from '../api-error.js';
import type { AuthServices } from '../auth/services.js';
import { publicToken, publicUnit, publicUser } from '../auth/services.js';
import { defineRoute, type Route } from '../route.js';
import { idParams } from '../schemas.js';
import { hashApiToken } from '../token-auth.js';

const DEFAULT_TOKEN_DAYS = 90;
const MAX_TOKEN_DAYS = 366;

const newUserBody = z
  .object({
    username: z.string().trim(),
    role: z.enum(ROLES),
    unitId: z.number().int().positive(),
    password: z.string().optional(),
    displayName: z.string().max(200).nullable().optional(),
    email: z.string().email().nullable().optional(),
  })
  .strict();

const userUpdateBody = z
  .object({
    role: z.enum(ROLES).optional(),
    unitId: z.number().int().positive().optional(),
    disabled: z.boolean().optional(),
    password: z.string().optional(),
    displayName: z.string().max(200).nullable().optional(),
    email: z.string().email().nullable().optional(),
  })
  .strict();

const unitBody = z
  .object({
    parentId: z.number().int().positive(),
    kind: z.enum(UNIT_KINDS),
    name: z.string().trim().min(1).max(200),
    places: z.array(z.string()).max(500).default([]),
    sectors: z.array(z.string()).max(50).default([]),
    functions: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
  })
  .strict();

const unitUpdateBody = unitBody.omit({ kind: true }).partial().strict();

const newTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z
      .array(z.enum(['*', ...CAPABILITIES]))
      .min(1)
      .default(['read']),
    expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).default(DEFAULT_TOKEN_DAYS),
  })
  .strict();

const loose = z.record(z.string(), z.unknown());

function checked<T>(run: () => T, field: string): T {
  try {
    return run();
  } catch (error) {
    throw new HttpError(400, `${field}: ${(error as Error).message}`, { field });
  }
}

function unitFields(body: { places?: string[]; sectors?: string[] }) {
  const out: { places?: string[]; sectors?: string[] } = {};
  if (body.places) {
    const gazetteer = loadGazetteer();
    out.places = checked(() => body.places!.map((p) => canonicalPlace(p, gazetteer)), 'places');
  }
  if (body.sectors) out.sectors = checked(() => body.sectors!.map(checkSector), 'sectors');
  return out;
}

export function identityRoutes(deps: ApiDeps, auth: AuthServices): Route[] {
  const { identity } = auth;
  const record = (actor: string, action: string, detail: unknown) =>
    deps.auditQueue.record({ actor, action, detail: JSON.stringify(detail), resultCount: null });
  const requireUnit = async (id: number) => {
    if (!(await identity.getUnit(id)))
      throw new HttpError(400, `unitId: no unit ${id}`, { field: 'unitId' });
  };
  const requirePassword = (password: string) => {
    const problem = passwordProblem(password);
    if (problem) throw new HttpError(400, problem, { field: 'password' });
  };

  return [
    defineRoute({
      id: 'listUsers',
      method: 'get',
      path: '/api/users',
      summary: 'Every user with unit, role and state (never a password)',
      tag: 'users',
      access: { allow: 'manage', resource: 'none' },
      responses: { 200: { description: 'users', schema: z.object({ users: z.array(loose) }) } },
      async handle({ c, audit }) {
        const users = (await identity.listUsers()).map(publicUser);
        await audit({}, users.length);
        return c.json({ users });
      },
    }),
    defineRoute({
      id: 'createUser',
      method: 'post',
      path: '/api/users',
      summary: 'Add a user to a unit with a role (and a password, unless they sign in by OIDC)',
      tag: 'users',
      access: { allow: 'manage', resource: 'none' },
      body: newUserBody,
      responses: {
        201: { description: 'the user', schema: loose },
        409: { description: 'ApiError: the username is taken' },
      },
      async handle({ c, body, actor }) {
        const problem = usernameProblem(body.username);
        if (problem) throw new HttpError(400, problem, { field: 'username' });
        await requireUnit(body.unitId);
        if (body.password !== undefined) requirePassword(body.password);
        if (await identity.findUserByUsername(body.username)) {
          throw new HttpError(409, `username ${body.username} is taken`);
        }
        const user = await identity.createUser({
          unitId: body.unitId,
          username: body.username,
          role: body.role,
          passwordHash: body.password === undefined ? null : await hashPassword(body.password),
          displayName: body.displayName ?? null,
          email: body.email ?? null,
        });
        await record(actor, 'createUser', {
          user: user.id,
          username: user.username,
          role: user.role,
          unit: user.unitId,
        });
        return c.json(publicUser(user), 201);
      },
    }),
    defineRoute({
      id: 'updateUser',
      method: 'patch',
      path: '/api/users/:id',
      summary: 'Change a user’s role or unit, disable them, or reset their password',
      tag: 'users',
      access: { allow: 'manage', resource: 'user' },
      params: idParams,
      body: userUpdateBody,
      responses: {
        200: { description: 'the user', schema: loose },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, body, actor, principal }) {
        const before = await identity.getUser(params.id);
        if (!before || before.builtin) throw notFound('user');
        if (body.unitId !== undefined) await requireUnit(body.unitId);
        if (body.password !== undefined) requirePassword(body.password);
        if (
          params.id === principal?.user.id &&
          (body.disabled || (body.role && body.role !== 'admin'))
        ) {
          throw new HttpError(
            409,
            'you cannot disable yourself or give up your own administrator role',
          );
        }
        const { password, ...rest } = body;
        const user = (await identity.updateUser(params.id, {
          ...rest,
          ...(password === undefined ? {} : { passwordHash: await hashPassword(password) }),
        }))!;
        if (body.disabled || password !== undefined) {
          await identity.deleteSessionsOf(user.id);
          auth.revocations.notify();
        }
        if (password !== undefined) await identity.clearFailedSignIns(user.id);
        await record(actor, 'updateUser', {
          user: user.id,
          ...rest,
          ...(password === undefined ? {} : { passwordReset: true }),
        });
        return c.json(publicUser(user));
      },
    }),
    defineRoute({
      id: 'listUnits',
      method: 'get',
      path: '/api/units',
      summary: 'The unit tree (administrators) or one’s own unit',
      tag: 'units',
      access: { allow: 'signedIn', resource: 'none' },
      responses: { 200: { description: 'units', schema: z.object({ units: z.array(loose) }) } },
      async handle({ c, principal }) {
        const p = principal!;
        const units = p.can('manage') ? await identity.listUnits() : [p.unit];
        return c.json({ units: units.map(publicUnit) });
      },
    }),
    defineRoute({
      id: 'createUnit',
      method: 'post',
      path: '/api/units',
      summary: 'Add a unit under another, with its places, sectors and functions',
      tag: 'units',
      access: { allow: 'manage', resource: 'none' },
      body: unitBody,
      responses: {
        201: { description: 'the unit', schema: loose },
        409: { description: 'ApiError' },
      },
      async handle({ c, body, actor }) {
        if (!(await identity.getUnit(body.parentId))) {
          throw new HttpError(400, `parentId: no unit ${body.parentId}`, { field: 'parentId' });
        }
        if (
          (await identity.listUnits()).some(
            (u) => u.parentId === body.parentId && u.name === body.name,
          )
        ) {
          throw new HttpError(409, `a unit named ${body.name} already exists there`);
        }
        const unit = await identity.createUnit({ ...body, ...unitFields(body) });
        await record(actor, 'createUnit', { unit: unit.id, name: unit.name, kind: unit.kind });
        return c.json(publicUnit(unit), 201);
      },
    }),
    defineRoute({
      id: 'updateUnit',
      method: 'patch',
      path: '/api/units/:id',
      summary: 'Rename a unit or change its places, sectors and functions',
      tag: 'units',
      access: { allow: 'manage', resource: 'unit' },
      params: idParams,
      body: unitUpdateBody,
      responses: {
        200: { description: 'the unit', schema: loose },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, body, actor }) {
        if (body.parentId !== undefined && !(await identity.getUnit(body.parentId))) {
          throw new HttpError(400, `parentId: no unit ${body.parentId}`, { field: 'parentId' });
        }
        const unit = await identity.updateUnit(params.id, { ...body, ...unitFields(body) });
        if (!unit) throw notFound('unit');
        await record(actor, 'updateUnit', { unit: unit.id, ...body });
        return c.json(publicUnit(unit));
      },
    }),
    defineRoute({
      id: 'listTokens',
      method: 'get',
      path: '/api/tokens',
      summary: 'API tokens: one’s own, or every token for administrators (never their value)',
      tag: 'users',
      access: { allow: 'signedIn', resource: 'none' },
      responses: { 200: { description: 'tokens', schema: z.object({ tokens: z.array(loose) }) } },
      async handle({ c, principal }) {
        const p = principal!;
        const tokens = p.can('manage')
          ? await identity.listTokens()
          : await identity.listTokens({ userId: p.user.id });
        return c.json({ tokens: tokens.map(publicToken) });
      },
    }),
    defineRoute({
      id: 'createToken',
      method: 'post',
      path: '/api/tokens',
      summary:
        'Create an API token of one’s own with scopes and an expiry; its value is shown once',
      tag: 'users',
      access: { allow: 'signedIn', resource: 'none' },
      body: newTokenBody,
      responses: {
        201: { description: 'the token and its value', schema: loose },
        409: { description: 'ApiError: an active token has that name' },
      },
      async handle({ c, body, principal, actor }) {
        const p = principal!;
        if (
          (await identity.listTokens()).some((t) => t.revokedAt === null && t.name === body.name)
        ) {
          throw new HttpError(409, `an active token is already named ${body.name}`);
        }
        const value = `nghe_${randomBytes(32).toString('base64url')}`;
        const token = await identity.createToken({
          name: body.name,
          tokenHash: hashApiToken(value),
          userId: p.user.id,
          scopes: body.scopes,
          expiresAt: new Date(deps.now().getTime() + body.expiresInDays * 86_400_000).toISOString(),
        });
        await record(actor, 'createToken', {
          token: token.id,
          name: token.name,
          scopes: token.scopes,
        });
        return c.json({ ...publicToken(token), value }, 201);
      },
    }),
    defineRoute({
      id: 'revokeToken',
      method: 'delete',
      path: '/api/tokens/:id',
      summary: 'Revoke a token at once; its open event streams end',
      tag: 'users',
      access: { allow: 'signedIn', resource: 'token' },
      params: idParams,
      responses: { 204: { description: 'revoked' }, 404: { description: 'ApiError' } },
      async handle({ c, params, actor }) {
        if (!(await identity.revokeToken(params.id))) throw notFound('active token');
        auth.revocations.notify();
        await record(actor, 'revokeToken', { token: params.id });
        return c.body(null, 204);
      },
    }),
  ];
}
