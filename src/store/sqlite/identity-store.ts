// Units, users, sessions, user-owned tokens, topic charters and notices over the SQLite file of
// the main store (identity-schema.ts). The work is synchronous; the methods answer promises to
// keep the interface of the PostgreSQL store. The reads every request makes are kept for at most
// a second and dropped at once when this connection changes their table (identity-changes.ts).
import type Database from 'better-sqlite3';
import * as Decoded from '../../identity/identity-rows.js';
import type {
  IdentityStore,
  NewCharter,
  NewOwnedToken,
  NewUser,
  Notice,
  OwnedToken,
  Session,
  TopicCharter,
  User,
  UserUpdate,
} from '../../identity/identity-store.js';
import { copyOf } from '../../identity/kept-reads.js';
import type { NewUnit, Unit } from '../../identity/units.js';
import {
  DEFAULT_SQLITE_IDENTITY_KEEP_MS,
  type IdentityTable,
  KeptReads,
  watchIdentityTables,
} from './identity-changes.js';
import { type StatementCache, statementCache } from './statement-cache.js';

/** The rows as the SQLite file holds them: lists as JSON text, flags as 0 or 1, shares joined by commas. */
type UnitRow = Omit<Decoded.UnitRow, 'places' | 'sectors' | 'functions'> & {
  places: string;
  sectors: string;
  functions: string;
};
type UserRow = Omit<Decoded.UserRow, 'builtin'> & { password_hash: string | null; builtin: number };
type TokenRow = Omit<Decoded.TokenRow, 'scopes'> & { scopes: string };
type CharterRow = Omit<Decoded.CharterRow, 'shared'> & { shared: string | null };

const unitOf = (r: UnitRow) =>
  Decoded.unitOf({
    ...r,
    places: JSON.parse(r.places) as string[],
    sectors: JSON.parse(r.sectors) as string[],
    functions: JSON.parse(r.functions) as string[],
  });

const userOf = (r: UserRow) => Decoded.userOf({ ...r, builtin: r.builtin === 1 });

const charterOf = (r: CharterRow) =>
  Decoded.charterOf({ ...r, shared: r.shared ? r.shared.split(',') : null });

const CHARTER_SELECT = `SELECT c.*, (SELECT group_concat(unit_id) FROM topic_shares s
  WHERE s.topic_id = c.topic_id) AS shared FROM topic_charters c`;

export interface SqliteIdentityOptions {
  /** How long the per-request reads are reused; 0 reads the file every time. */
  keepMs?: number;
}

/** Each caller gets its own copy of a kept value (callers may change what they are given). */
const copied = <V>(value: V | null): V | null => (value === null ? null : copyOf(value));

export class SqliteIdentityStore implements IdentityStore {
  private readonly builtinId: number;
  /** The reads every request makes (token, session, user, unit, visible topics, charter), prepared once. */
  private readonly prepared: StatementCache;
  private readonly units: KeptReads<number, Unit>;
  private readonly users: KeptReads<number, User>;
  private readonly tokens: KeptReads<string, TokenRow>;
  private readonly sessions: KeptReads<string, Session>;
  private readonly charters: KeptReads<number, TopicCharter>;
  private readonly visible: KeptReads<number, number[]>;

  constructor(
    private readonly db: Database.Database,
    options: SqliteIdentityOptions = {},
  ) {
    const row = db.prepare('SELECT id FROM users WHERE builtin = 1').get() as { id: number };
    this.builtinId = row.id;
    this.prepared = statementCache(db);
    let keepMs = options.keepMs ?? DEFAULT_SQLITE_IDENTITY_KEEP_MS;
    if (keepMs > 0) {
      try {
        watchIdentityTables(db, (table) => this.changed(table));
      } catch {
        keepMs = 0; // no way to hear of changes: every read goes to the file
      }
    }
    this.units = new KeptReads(keepMs);
    this.users = new KeptReads(keepMs);
    this.tokens = new KeptReads(keepMs);
    this.sessions = new KeptReads(keepMs);
    this.charters = new KeptReads(keepMs);
    this.visible = new KeptReads(keepMs);
  }

  /** A table changed on this connection: what was read from it is read again. */
  private changed(table: IdentityTable): void {
    switch (table) {
      case 'units':
        this.units.clear();
        break;
      case 'users':
        this.users.clear();
        break;
      case 'sessions':
        this.sessions.clear();
        break;
      case 'api_tokens':
        this.tokens.clear();
        break;
      case 'topic_charters':
      case 'topic_shares':
        this.charters.clear();
        this.visible.clear();
        break;
    }
  }

  /** Whether a read may be kept: not inside a transaction, which could yet be rolled back. */
  private get keep(): boolean {
    return !this.db.inTransaction;
  }

  private tokenOf = (r: TokenRow): OwnedToken =>
    // Tokens made through the older interface have no owner: they are the installation's.
    Decoded.tokenOf(
      { ...r, scopes: JSON.parse(r.scopes) as string[] },
      r.user_id ?? this.builtinId,
    );

  // ---------------------------------------------------------------- units

  async createUnit(unit: NewUnit): Promise<Unit> {
    const result = this.db
      .prepare(
        `INSERT INTO units (parent_id, kind, name, places, sectors, functions, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        unit.parentId,
        unit.kind,
        unit.name,
        JSON.stringify(unit.places ?? []),
        JSON.stringify(unit.sectors ?? []),
        JSON.stringify(unit.functions ?? []),
        new Date().toISOString(),
      );
    return this.readUnit(Number(result.lastInsertRowid))!;
  }

  async getUnit(id: number): Promise<Unit | null> {
    return copied(this.units.get(id, () => this.readUnit(id), this.keep));
  }

  private readUnit(id: number): Unit | null {
    const row = this.prepared('SELECT * FROM units WHERE id = ?').get(id) as UnitRow | undefined;
    return row ? unitOf(row) : null;
  }

  async listUnits(): Promise<Unit[]> {
    return (this.db.prepare('SELECT * FROM units ORDER BY id').all() as UnitRow[]).map(unitOf);
  }

  async updateUnit(id: number, update: Partial<Omit<NewUnit, 'kind'>>): Promise<Unit | null> {
    const before = this.readUnit(id);
    if (!before) return null;
    const next = { ...before, ...update };
    this.db
      .prepare(
        'UPDATE units SET parent_id = ?, name = ?, places = ?, sectors = ?, functions = ? WHERE id = ?',
      )
      .run(
        next.parentId,
        next.name,
        JSON.stringify(next.places),
        JSON.stringify(next.sectors),
        JSON.stringify(next.functions),
        id,
      );
    return this.readUnit(id);
  }

  async rootUnit(): Promise<Unit> {
    const row = this.db
      .prepare('SELECT * FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1')
      .get() as UnitRow;
    return unitOf(row);
  }

  // ---------------------------------------------------------------- users

  async createUser(user: NewUser): Promise<User> {
    const result = this.db
      .prepare(
        `INSERT INTO users (unit_id, username, display_name, email, role, password_hash,
           oidc_subject, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        user.unitId,
        user.username,
        user.displayName ?? null,
        user.email ?? null,
        user.role,
        user.passwordHash,
        user.oidcSubject ?? null,
        new Date().toISOString(),
      );
    return this.readUser(Number(result.lastInsertRowid))!;
  }

  async getUser(id: number): Promise<User | null> {
    return copied(this.users.get(id, () => this.readUser(id), this.keep));
  }

  /** The user as the file holds it now, read past what is kept (after a change). */
  private readUser(id: number): User | null {
    const row = this.prepared('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? userOf(row) : null;
  }

  async findUserByUsername(username: string): Promise<User | null> {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      | UserRow
      | undefined;
    return row ? userOf(row) : null;
  }

  async findUserByOidcSubject(subject: string): Promise<User | null> {
    const row = this.db.prepare('SELECT * FROM users WHERE oidc_subject = ?').get(subject) as
      | UserRow
      | undefined;
    return row ? userOf(row) : null;
  }

  async listUsers(filter: { unitId?: number } = {}): Promise<User[]> {
    const rows =
      filter.unitId === undefined
        ? this.db.prepare('SELECT * FROM users ORDER BY id').all()
        : this.db.prepare('SELECT * FROM users WHERE unit_id = ? ORDER BY id').all(filter.unitId);
    return (rows as UserRow[]).map(userOf);
  }

  async updateUser(id: number, update: UserUpdate): Promise<User | null> {
    const before = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as
      | UserRow
      | undefined;
    if (!before) return null;
    const disabledAt =
      update.disabled === undefined
        ? before.disabled_at
        : update.disabled
          ? (before.disabled_at ?? new Date().toISOString())
          : null;
    this.db
      .prepare(
        `UPDATE users SET unit_id = ?, role = ?, display_name = ?, email = ?, disabled_at = ?,
           password_hash = ?, oidc_subject = ? WHERE id = ?`,
      )
      .run(
        update.unitId ?? before.unit_id,
        update.role ?? before.role,
        update.displayName === undefined ? before.display_name : update.displayName,
        update.email === undefined ? before.email : update.email,
        disabledAt,
        update.passwordHash ?? before.password_hash,
        update.oidcSubject === undefined ? before.oidc_subject : update.oidcSubject,
        id,
      );
    return this.readUser(id);
  }

  async passwordHashOf(id: number): Promise<string | null> {
    const row = this.db.prepare('SELECT password_hash FROM users WHERE id = ?').get(id) as
      | { password_hash: string | null }
      | undefined;
    return row?.password_hash ?? null;
  }

  async recordFailedSignIn(id: number, lockAfter: number, lockUntil: string): Promise<User> {
    this.db
      .prepare(
        `UPDATE users SET failed_sign_ins = failed_sign_ins + 1,
           locked_until = CASE WHEN failed_sign_ins + 1 >= ? THEN ? ELSE locked_until END
         WHERE id = ?`,
      )
      .run(lockAfter, lockUntil, id);
    return this.readUser(id)!;
  }

  async clearFailedSignIns(id: number): Promise<void> {
    this.db
      .prepare('UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?')
      .run(id);
  }

  async builtinAdmin(): Promise<User> {
    return (await this.getUser(this.builtinId))!;
  }

  async countPeople(): Promise<number> {
    return (
      this.db.prepare('SELECT count(*) AS n FROM users WHERE builtin = 0').get() as {
        n: number;
      }
    ).n;
  }

  // ---------------------------------------------------------------- sessions

  async createSession(idHash: string, s: Session): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(idHash, s.userId, s.csrfToken, s.createdAt, s.expiresAt);
  }

  async findSession(idHash: string): Promise<Session | null> {
    return copied(
      this.sessions.get(
        idHash,
        () => {
          const row = this.prepared('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as
            | Decoded.SessionRow
            | undefined;
          return row ? Decoded.sessionOf(row) : null;
        },
        this.keep,
      ),
    );
  }

  async extendSession(idHash: string, expiresAt: string): Promise<void> {
    this.db.prepare('UPDATE sessions SET expires_at = ? WHERE id_hash = ?').run(expiresAt, idHash);
  }

  async deleteSession(idHash: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash).changes === 1;
  }

  async deleteSessionsOf(userId: number): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
  }

  // ---------------------------------------------------------------- tokens

  async createToken(token: NewOwnedToken): Promise<OwnedToken> {
    const result = this.db
      .prepare(
        `INSERT INTO api_tokens (name, token_hash, created_at, user_id, scopes, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        token.name,
        token.tokenHash,
        new Date().toISOString(),
        token.userId,
        JSON.stringify(token.scopes),
        token.expiresAt,
      );
    return (await this.getToken(Number(result.lastInsertRowid)))!;
  }

  async findTokenByHash(tokenHash: string): Promise<OwnedToken | null> {
    // The kept row is this store's own: its last use is updated in place when written.
    const row = this.tokens.get(
      tokenHash,
      () =>
        (this.prepared('SELECT * FROM api_tokens WHERE token_hash = ?').get(tokenHash) as
          | TokenRow
          | undefined) ?? null,
      this.keep,
    );
    if (!row) return null;
    const now = Date.now();
    if (Decoded.tokenTouchDue(row, now)) {
      row.last_used_at = new Date(now).toISOString();
      this.prepared('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(
        row.last_used_at,
        row.id,
      );
    }
    return this.tokenOf(row);
  }

  async getToken(id: number): Promise<OwnedToken | null> {
    const row = this.db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as
      | TokenRow
      | undefined;
    return row ? this.tokenOf(row) : null;
  }

  async listTokens(filter: { userId?: number } = {}): Promise<OwnedToken[]> {
    const rows =
      filter.userId === undefined
        ? this.db.prepare('SELECT * FROM api_tokens ORDER BY id').all()
        : this.db
            .prepare('SELECT * FROM api_tokens WHERE coalesce(user_id, ?) = ? ORDER BY id')
            .all(this.builtinId, filter.userId);
    return (rows as TokenRow[]).map(this.tokenOf);
  }

  async revokeToken(id: number): Promise<boolean> {
    return (
      this.db
        .prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
        .run(new Date().toISOString(), id).changes === 1
    );
  }

  // ---------------------------------------------------------------- charters

  async setCharter(c: NewCharter): Promise<TopicCharter> {
    this.db
      .prepare(
        `INSERT INTO topic_charters
           (topic_id, unit_id, owner_id, purpose, justification, expires_at, widened_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (topic_id) DO UPDATE SET unit_id = excluded.unit_id,
           owner_id = excluded.owner_id, purpose = excluded.purpose,
           justification = excluded.justification, expires_at = excluded.expires_at,
           widened_by = excluded.widened_by, noticed_at = NULL`,
      )
      .run(c.topicId, c.unitId, c.ownerId, c.purpose, c.justification, c.expiresAt, c.widenedBy);
    return this.readCharter(c.topicId)!;
  }

  async getCharter(topicId: number): Promise<TopicCharter | null> {
    const charter = this.charters.get(topicId, () => this.readCharter(topicId), this.keep);
    return charter && { ...charter, sharedWith: [...charter.sharedWith] };
  }

  private readCharter(topicId: number): TopicCharter | null {
    const row = this.prepared(`${CHARTER_SELECT} WHERE c.topic_id = ?`).get(topicId) as
      | CharterRow
      | undefined;
    return row ? charterOf(row) : null;
  }

  async listCharters(): Promise<TopicCharter[]> {
    return (this.db.prepare(`${CHARTER_SELECT} ORDER BY c.topic_id`).all() as CharterRow[]).map(
      charterOf,
    );
  }

  async shareTopic(topicId: number, unitId: number): Promise<void> {
    this.db
      .prepare('INSERT OR IGNORE INTO topic_shares (topic_id, unit_id) VALUES (?, ?)')
      .run(topicId, unitId);
  }

  async unshareTopic(topicId: number, unitId: number): Promise<void> {
    this.db
      .prepare('DELETE FROM topic_shares WHERE topic_id = ? AND unit_id = ?')
      .run(topicId, unitId);
  }

  async topicIdsVisibleTo(unitId: number): Promise<number[]> {
    return [
      ...this.visible.get(
        unitId,
        () =>
          (
            this.prepared(
              `SELECT topic_id FROM topic_charters WHERE unit_id = ?
               UNION SELECT topic_id FROM topic_shares WHERE unit_id = ?`,
            ).all(unitId, unitId) as { topic_id: number }[]
          ).map((r) => r.topic_id),
        this.keep,
      )!,
    ];
  }

  async markCharterNoticed(topicId: number, at: string): Promise<void> {
    this.db.prepare('UPDATE topic_charters SET noticed_at = ? WHERE topic_id = ?').run(at, topicId);
  }

  // ---------------------------------------------------------------- notices

  async addNotice(n: Omit<Notice, 'id' | 'readAt'>): Promise<Notice> {
    const result = this.db
      .prepare(
        'INSERT INTO notices (user_id, topic_id, kind, message, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(n.userId, n.topicId, n.kind, n.message, n.createdAt);
    return { ...n, id: Number(result.lastInsertRowid), readAt: null };
  }

  async listNotices(userId: number): Promise<Notice[]> {
    const rows = this.db
      .prepare('SELECT * FROM notices WHERE user_id = ? ORDER BY id DESC')
      .all(userId) as Decoded.NoticeRow[];
    return rows.map(Decoded.noticeOf);
  }
}

const opened = new WeakMap<Database.Database, IdentityStore>();

/** The identity store over an open SQLite file; one per file. */
export function identityStoreOf(db: Database.Database): IdentityStore {
  let store = opened.get(db);
  if (!store) {
    store = new SqliteIdentityStore(db);
    opened.set(db, store);
  }
  return store;
}
