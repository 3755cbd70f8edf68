// Persistence of units, users, sign-in sessions, user-owned API tokens, topic charters (unit,
// owner, purpose, expiry) and notices to users. Asynchronous: on SQLite it sits on the file of
// the main store (src/store/sqlite/identity-store.ts); in server mode it is in PostgreSQL
// (src/store/postgres/identity-store.ts), shared by every API process. Chosen per store by
// src/store/identity-store-for.ts.
import type { Role } from './roles.js';
import type { NewUnit, Unit } from './units.js';

export interface User {
  id: number;
  unitId: number;
  username: string;
  displayName: string | null;
  email: string | null;
  role: Role;
  /** `issuer#subject` of a linked OpenID Connect identity. */
  oidcSubject: string | null;
  disabledAt: string | null;
  /** Failed sign-ins in a row; cleared by a successful one. */
  failedSignIns: number;
  lockedUntil: string | null;
  /** The administrator created by the migration; owns tokens made before users existed. */
  builtin: boolean;
  createdAt: string;
}

export interface NewUser {
  unitId: number;
  username: string;
  role: Role;
  passwordHash: string | null;
  displayName?: string | null;
  email?: string | null;
  oidcSubject?: string | null;
}

export interface UserUpdate {
  unitId?: number;
  role?: Role;
  displayName?: string | null;
  email?: string | null;
  disabled?: boolean;
  passwordHash?: string;
  oidcSubject?: string | null;
}

export interface Session {
  userId: number;
  /** Sent back in X-CSRF-Token on every state-changing request made with the cookie. */
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface OwnedToken {
  id: number;
  name: string;
  userId: number;
  /** Capabilities it is limited to, or `*` for all of its owner's. */
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewOwnedToken {
  name: string;
  tokenHash: string;
  userId: number;
  scopes: string[];
  expiresAt: string | null;
}

export interface TopicCharter {
  topicId: number;
  unitId: number;
  ownerId: number;
  /** One of the unit's functions. */
  purpose: string;
  justification: string;
  /** Read-only after it; deleted a grace period later. */
  expiresAt: string;
  /** The administrator who let the topic go beyond its unit's places and sectors. */
  widenedBy: number | null;
  /** Units it is shared with, read-only. */
  sharedWith: number[];
  /** When its owner was told of the coming deletion. */
  noticedAt: string | null;
}

export type NewCharter = Omit<TopicCharter, 'sharedWith' | 'noticedAt'>;

export interface Notice {
  id: number;
  userId: number;
  topicId: number | null;
  kind: 'topic-expired' | 'topic-deleted';
  message: string;
  createdAt: string;
  readAt: string | null;
}

export interface IdentityStore {
  // units
  createUnit(unit: NewUnit): Promise<Unit>;
  getUnit(id: number): Promise<Unit | null>;
  listUnits(): Promise<Unit[]>;
  updateUnit(id: number, update: Partial<Omit<NewUnit, 'kind'>>): Promise<Unit | null>;
  /** The organisation unit the migration created (the root). */
  rootUnit(): Promise<Unit>;

  // users
  createUser(user: NewUser): Promise<User>;
  getUser(id: number): Promise<User | null>;
  findUserByUsername(username: string): Promise<User | null>;
  findUserByOidcSubject(subject: string): Promise<User | null>;
  listUsers(filter?: { unitId?: number }): Promise<User[]>;
  updateUser(id: number, update: UserUpdate): Promise<User | null>;
  passwordHashOf(id: number): Promise<string | null>;
  /** Count a failed sign-in; lock the account until `lockUntil` when it reaches `lockAfter`. */
  recordFailedSignIn(id: number, lockAfter: number, lockUntil: string): Promise<User>;
  clearFailedSignIns(id: number): Promise<void>;
  builtinAdmin(): Promise<User>;
  /** Users who are not the built-in administrator. */
  countPeople(): Promise<number>;

  // sessions, looked up by the SHA-256 of the cookie value
  createSession(idHash: string, session: Session): Promise<void>;
  findSession(idHash: string): Promise<Session | null>;
  extendSession(idHash: string, expiresAt: string): Promise<void>;
  deleteSession(idHash: string): Promise<boolean>;
  deleteSessionsOf(userId: number): Promise<number>;

  // API tokens
  createToken(token: NewOwnedToken): Promise<OwnedToken>;
  /** Revoked and expired tokens too (the caller checks); records use at most once a minute. */
  findTokenByHash(tokenHash: string): Promise<OwnedToken | null>;
  getToken(id: number): Promise<OwnedToken | null>;
  listTokens(filter?: { userId?: number }): Promise<OwnedToken[]>;
  revokeToken(id: number): Promise<boolean>;

  // topic charters
  setCharter(charter: NewCharter): Promise<TopicCharter>;
  getCharter(topicId: number): Promise<TopicCharter | null>;
  listCharters(): Promise<TopicCharter[]>;
  shareTopic(topicId: number, unitId: number): Promise<void>;
  unshareTopic(topicId: number, unitId: number): Promise<void>;
  /** Topics a unit owns or has been shared. */
  topicIdsVisibleTo(unitId: number): Promise<number[]>;
  markCharterNoticed(topicId: number, at: string): Promise<void>;

  // notices
  addNotice(notice: Omit<Notice, 'id' | 'readAt'>): Promise<Notice>;
  listNotices(userId: number): Promise<Notice[]>;
}
