// Unit, user, session, token, charter and notice rows as both stores read them back, decoded
// (arrays, booleans), and their mapping to the identity types. The SQL that reads them stays
// with each store.
import type { Notice, OwnedToken, Session, TopicCharter, User } from './identity-store.js';
import type { Role } from './roles.js';
import type { Unit, UnitKind } from './units.js';

export interface UnitRow {
  id: number;
  parent_id: number | null;
  kind: string;
  name: string;
  places: string[];
  sectors: string[];
  functions: string[];
  created_at: string;
}

export interface UserRow {
  id: number;
  unit_id: number;
  username: string;
  display_name: string | null;
  email: string | null;
  role: string;
  oidc_subject: string | null;
  disabled_at: string | null;
  failed_sign_ins: number;
  locked_until: string | null;
  builtin: boolean;
  created_at: string;
}

export interface SessionRow {
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface TokenRow {
  id: number;
  name: string;
  user_id: number | null;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CharterRow {
  topic_id: number;
  unit_id: number;
  owner_id: number;
  purpose: string;
  justification: string;
  expires_at: string;
  widened_by: number | null;
  noticed_at: string | null;
  shared: (number | string)[] | null;
}

export interface NoticeRow {
  id: number;
  user_id: number;
  topic_id: number | null;
  kind: Notice['kind'];
  message: string;
  created_at: string;
  read_at: string | null;
}

export const unitOf = (r: UnitRow): Unit => ({
  id: r.id,
  parentId: r.parent_id,
  kind: r.kind as UnitKind,
  name: r.name,
  places: r.places,
  sectors: r.sectors,
  functions: r.functions,
  createdAt: r.created_at,
});

export const userOf = (r: UserRow): User => ({
  id: r.id,
  unitId: r.unit_id,
  username: r.username,
  displayName: r.display_name,
  email: r.email,
  role: r.role as Role,
  oidcSubject: r.oidc_subject,
  disabledAt: r.disabled_at,
  failedSignIns: r.failed_sign_ins,
  lockedUntil: r.locked_until,
  builtin: r.builtin,
  createdAt: r.created_at,
});

export const charterOf = (r: CharterRow): TopicCharter => ({
  topicId: r.topic_id,
  unitId: r.unit_id,
  ownerId: r.owner_id,
  purpose: r.purpose,
  justification: r.justification,
  expiresAt: r.expires_at,
  widenedBy: r.widened_by,
  // PostgreSQL's bigint[] comes back as text.
  sharedWith: (r.shared ?? []).map(Number),
  noticedAt: r.noticed_at,
});

/** `userId`: the token's owner; tokens made through the older interface have none and are the installation's. */
export const tokenOf = (r: TokenRow, userId: number): OwnedToken => ({
  id: r.id,
  name: r.name,
  userId,
  scopes: r.scopes,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** A token's last use is written at most this often. */
export const TOKEN_TOUCH_MS = 60_000;

/** Whether a token used at `now` (ms since the epoch) has its last use written: live and not written for a while. */
export const tokenTouchDue = (
  r: Pick<TokenRow, 'revoked_at' | 'last_used_at'>,
  now: number,
): boolean =>
  r.revoked_at === null &&
  (r.last_used_at === null || now - Date.parse(r.last_used_at) >= TOKEN_TOUCH_MS);

export const sessionOf = (r: SessionRow): Session => ({
  userId: r.user_id,
  csrfToken: r.csrf_token,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export const noticeOf = (r: NoticeRow): Notice => ({
  id: r.id,
  userId: r.user_id,
  topicId: r.topic_id,
  kind: r.kind,
  message: r.message,
  createdAt: r.created_at,
  readAt: r.read_at,
});
