// The access matrix, shared by both back-ends. Generated from the route table: every route × every role × (own unit, another unit, no
// session), and without an id where a route reads one from its query. The expectation is
// written here from the policy as documented (README, "Users, units and access"), not read
// from the access layer, so a change to either shows as a failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../identity/identity-store.js';
import { ROLES, type Role } from '../../identity/roles.js';
import type { Route } from '../route.js';
import type { AuthHarness, SignedIn } from './test-support.js';

const GRANTS: Record<Role, readonly string[]> = {
  admin: ['read', 'search', 'write', 'manage', 'audit'],
  lead: ['read', 'search', 'write'],
  analyst: ['read', 'search', 'write'],
  viewer: ['read'],
  auditor: ['audit'],
};

type Case = 'anonymous' | 'own' | 'other' | 'noId';
type Outcome = 'unauthenticated' | 'forbidden' | 'hidden' | 'allowed';

const RESOURCES = [
  'none',
  'topic',
  'alertRule',
  'alert',
  'mention',
  'source',
  'unit',
  'user',
  'token',
];
const ALLOWS = ['public', 'signedIn', 'read', 'search', 'write', 'manage', 'audit'];

function expected(route: Route, role: Role, kase: Case): Outcome {
  const { allow, resource, withoutId } = route.access;
  if (allow === 'public') return 'allowed';
  if (kase === 'anonymous') return 'unauthenticated';
  if (allow !== 'signedIn' && !GRANTS[role].includes(allow)) return 'forbidden';
  if (kase === 'noId') {
    return withoutId && !GRANTS[role].includes(withoutId) ? 'forbidden' : 'allowed';
  }
  if (kase === 'own' || resource === 'none' || resource === 'source') return 'allowed';
  if (GRANTS[role].includes('manage')) return 'allowed';
  if (resource === 'mention') return GRANTS[role].includes('search') ? 'allowed' : 'hidden';
  return 'hidden';
}

const STATUS: Record<Exclude<Outcome, 'allowed'>, number> = {
  unauthenticated: 401,
  forbidden: 403,
  hidden: 404,
};

function casesOf(route: Route): Case[] {
  const { resource, idParam } = route.access;
  if (resource === 'none' || resource === 'source') return ['anonymous', 'own'];
  const cases: Case[] = ['anonymous', 'own', 'other'];
  if (idParam?.startsWith('query:')) cases.push('noId');
  return cases;
}

/** Runs the matrix over the harness `open` gives (SQLite, or server mode on PostgreSQL). */
/** `without`: resources whose store this back-end lacks (their routes are left out). */
export function accessMatrixCases(
  open: () => Promise<AuthHarness>,
  without: readonly string[] = [],
): void {
  let h: AuthHarness;
  const sessions = new Map<Role, SignedIn>();

  beforeAll(async () => {
    h = await open();
    for (const role of ROLES) {
      const user = await h.addUser(role, role === 'admin' ? await h.identity.rootUnit() : h.unitA);
      sessions.set(role, await h.session(user));
    }
  });
  afterAll(() => h.close());

  /** A fresh thing of the route's kind in the principal's unit, or in the other unit. */
  async function idFor(route: Route, kase: Case, me: User): Promise<number> {
    const unit = kase === 'own' ? h.unitA : h.unitB;
    switch (route.access.resource) {
      case 'topic':
        return h.topicIn(unit);
      case 'alertRule':
        return h.alertRuleIn(unit);
      case 'alert':
        return h.alertIn(unit);
      case 'mention':
        return h.mentionIn(unit);
      case 'unit':
        return kase === 'own' ? me.unitId : h.unitB.id;
      case 'user':
        return kase === 'own' ? me.id : h.outsider.id;
      case 'token':
        return (await h.tokenOf(kase === 'own' ? me : h.outsider)).id;
      default:
        return 1;
    }
  }

  async function call(route: Route, kase: Case, who: SignedIn | null): Promise<number> {
    const idParam = route.access.idParam ?? 'id';
    const id = kase === 'noId' || kase === 'anonymous' ? 1 : await idFor(route, kase, who!.user);
    let path = route.path.replace(/:([A-Za-z_]\w*)/g, (_, name: string) =>
      name === idParam ? String(id) : '1',
    );
    if (idParam.startsWith('query:') && kase !== 'noId') path += `?${idParam.slice(6)}=${id}`;
    const headers: Record<string, string> = {};
    if (who) Object.assign(headers, { Cookie: who.cookie, 'X-CSRF-Token': who.csrf });
    let body: string | undefined;
    if (route.body) {
      headers['Content-Type'] = 'application/json';
      body = '{}';
    } else if (route.textBody) {
      headers['Content-Type'] = route.textBody.mediaTypes[0]!;
      body = '';
    }
    const abort = new AbortController();
    const res = await fetch(`${h.url}${path}`, {
      method: route.method.toUpperCase(),
      headers,
      body,
      signal: abort.signal,
      redirect: 'manual',
    });
    abort.abort(); // event streams never end by themselves
    return res.status;
  }

  describe('access matrix generated from the route table', () => {
    it('every route declares its access with a known capability and resource', () => {
      expect(h.routes.length).toBeGreaterThan(40);
      for (const route of h.routes) {
        expect(route.access, `${route.id} has no access declaration`).toBeDefined();
        expect(ALLOWS, route.id).toContain(route.access.allow);
        expect(RESOURCES, route.id).toContain(route.access.resource);
        if (!['none', 'source'].includes(route.access.resource)) {
          const param = route.access.idParam ?? 'id';
          if (!param.startsWith('query:')) expect(route.path, route.id).toContain(`:${param}`);
        }
      }
    });

    it('answers every route, role and unit as the policy says', async () => {
      const wrong: string[] = [];
      let checked = 0;
      for (const route of h.routes) {
        if (without.includes(route.access.resource)) continue;
        for (const kase of casesOf(route)) {
          const roles: (Role | null)[] = kase === 'anonymous' ? [null] : [...ROLES];
          for (const role of roles) {
            const outcome = expected(route, role ?? 'viewer', kase);
            const signedIn = role ? sessions.get(role)! : null;
            // Signing out ends the session it is called with: give it one of its own.
            const who =
              signedIn && route.id === 'signOut' ? await h.session(signedIn.user) : signedIn;
            const status = await call(route, kase, who);
            checked++;
            const ok =
              outcome === 'allowed'
                ? ![401, 403].includes(status) &&
                  status !== 500 &&
                  (status !== 404 ||
                    ['none', 'source'].includes(route.access.resource) ||
                    route.access.allow === 'public')
                : status === STATUS[outcome];
            if (!ok)
              wrong.push(
                `${route.id} ${role ?? 'anonymous'} ${kase}: ${status}, expected ${outcome}`,
              );
          }
        }
      }
      expect(wrong).toEqual([]);
      expect(checked).toBeGreaterThan(without.length === 0 ? 400 : 300);
    }, 120_000);
  });
}
