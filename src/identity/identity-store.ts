// Persistence of units, users, sign-in sessions, user-owned API tokens, topic charters (unit,
// owner, purpose, expiry) and notices to users. Synchronous, like the alert store: every
// implementation so far sits on the SQLite file of the main store.
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
  createUnit(unit: NewUnit): Unit;
  getUnit(id: number): Unit | null;
  listUnits(): Unit[];
  updateUnit(id: number, update: Partial<Omit<NewUnit, 'kind'>>): Unit | null;
  /** The organisation unit the migration created (the root). */
  rootUnit(): Unit;

  // users
  createUser(user: NewUser): User;
  getUser(id: number): User | null;
  findUserByUsername(username: string): User | null;
  findUserByOidcSubject(subject: string): User | null;
  listUsers(filter?: { unitId?: number }): User[];
  updateUser(id: number, update: UserUpdate): User | null;
  passwordHashOf(id: number): string | null;
  /** Count a failed sign-in; lock the account until `lockUntil` when it reaches `lockAfter`. */
  recordFailedSignIn(id: number, lockAfter: number, lockUntil: string): User;
  clearFailedSignIns(id: number): void;
  builtinAdmin(): User;
  /** Users who are not the built-in administrator. */
  countPeople(): number;

  // sessions, looked up by the SHA-256 of the cookie value
  createSession(idHash: string, session: Session): void;
  findSession(idHash: string): Session | null;
  extendSession(idHash: string, expiresAt: string): void;
  deleteSession(idHash: string): boolean;
  deleteSessionsOf(userId: number): number;

  // API tokens
  createToken(token: NewOwnedToken): OwnedToken;
  /** Revoked and expired tokens too (the caller checks); records use at most once a minute. */
  findTokenByHash(tokenHash: string): OwnedToken | null;
  getToken(id: number): OwnedToken | null;
  listTokens(filter?: { userId?: number }): OwnedToken[];
  revokeToken(id: number): boolean;

  // topic charters
  setCharter(charter: NewCharter): TopicCharter;
  getCharter(topicId: number): TopicCharter | null;
  listCharters(): TopicCharter[];
  shareTopic(topicId: number, unitId: number): void;
  unshareTopic(topicId: number, unitId: number): void;
  /** Topics a unit owns or has been shared. */
  topicIdsVisibleTo(unitId: number): number[];
  markCharterNoticed(topicId: number, at: string): void;

  // notices
  addNotice(notice: Omit<Notice, 'id' | 'readAt'>): Notice;
  listNotices(userId: number): Notice[];
}
