// Sign-in sessions. The cookie holds 32 random bytes; the store keeps only their SHA-256, so a
// copy of the database does not hold live sessions. A new session id is minted at every sign-in
// and any session the browser brought along is destroyed, so an id planted before sign-in
// (session fixation) never becomes a signed-in one. Each session has its own CSRF token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { IdentityStore, Session } from '../../identity/identity-store.js';

export const SESSION_COOKIE = 'nghe_session';
export const CSRF_HEADER = 'X-CSRF-Token';
/** Idle lifetime: a session unused this long ends. */
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
/** Activity extends a session at most this often (one write, not one per request). */
const EXTEND_EVERY_MS = 5 * 60_000;

export const hashSessionId = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');

/** Over https (directly, or as a proxy in front says) the cookie is marked Secure. */
export function servedOverHttps(c: Context): boolean {
  return (
    new URL(c.req.url).protocol === 'https:' ||
    c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim() === 'https'
  );
}

export function sessionCookieValue(c: Context): string | null {
  const value = getCookie(c, SESSION_COOKIE);
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

export interface OpenedSession {
  idHash: string;
  session: Session;
}

/** The live session the request's cookie names, extended by this use; null when none. */
export async function readSession(
  identity: IdentityStore,
  c: Context,
  now: Date,
): Promise<OpenedSession | null> {
  const id = sessionCookieValue(c);
  if (!id) return null;
  const idHash = hashSessionId(id);
  const session = await identity.findSession(idHash);
  if (!session) return null;
  const expires = Date.parse(session.expiresAt);
  if (expires <= now.getTime()) {
    await identity.deleteSession(idHash);
    return null;
  }
  if (expires - now.getTime() < SESSION_IDLE_MS - EXTEND_EVERY_MS) {
    session.expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
    await identity.extendSession(idHash, session.expiresAt);
  }
  return { idHash, session };
}

/** Start a session for `userId`: destroys the one the browser brought, sets a fresh cookie. */
export async function startSession(
  identity: IdentityStore,
  c: Context,
  userId: number,
  now: Date,
): Promise<Session> {
  const previous = sessionCookieValue(c);
  if (previous) await identity.deleteSession(hashSessionId(previous));
  const id = randomBytes(32).toString('base64url');
  const session: Session = {
    userId,
    csrfToken: randomBytes(32).toString('base64url'),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
  };
  await identity.createSession(hashSessionId(id), session);
  setCookie(c, SESSION_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: servedOverHttps(c),
    maxAge: Math.floor(SESSION_IDLE_MS / 1000),
  });
  return session;
}

export async function endSession(identity: IdentityStore, c: Context): Promise<void> {
  const id = sessionCookieValue(c);
  if (id) await identity.deleteSession(hashSessionId(id));
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: servedOverHttps(c) });
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(session: Session, header: string | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(header, 'utf8');
  const b = Buffer.from(session.csrfToken, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
