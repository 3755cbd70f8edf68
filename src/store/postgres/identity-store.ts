// Units, users, sessions, user-owned tokens, topic charters and notices in PostgreSQL
// (identity-schema.ts), shared by every API process and worker of a server-mode installation:
// a session started through one API process is valid on the others, a token revoked on one is
// refused by the others.
//
// Every request reads its principal: the token or session, the user, the unit and the topics
// the unit sees. Those reads (and charters, which topic routes check) are kept here for at most
// `cacheMs` (DEFAULT_IDENTITY_CACHE_MS), so a busy API process asks PostgreSQL about each
// credential about once a second instead of four times a request. What this store changes
// itself (revoking a token, ending a session, disabling a user, sharing a topic …) drops the
// entries it touches at once, so a change made through this process applies to its next
// request. Each change is also announced on IDENTITY_CHANNEL (NOTIFY after the write commits),
// and a store opened by `postgresIdentityStore` LISTENs on its own connection and drops what the
// change touches as soon as the notice arrives, so a token revoked, a session ended or a user
// disabled through another process is refused here at the next request too. When that
// connection is lost (a database restart, a network fault) everything kept is dropped, the
// connection is opened again, and meanwhile a change made elsewhere applies here within
// `cacheMs`, as without it. Nothing absent is remembered: a token or session created elsewhere
// works here at its first use.
import pg from 'pg';
import {
  type CharterRow,
  charterOf,
  type NoticeRow,
  noticeOf,
  type SessionRow,
  sessionOf,
  type TokenRow,
  tokenOf,
  tokenTouchDue,
  type UnitRow,
  type UserRow,
  unitOf,
  userOf,
} from '../../identity/identity-rows.js';
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
import { copyOf, KeptEntries } from '../../identity/kept-reads.js';
import type { NewUnit, Unit } from '../../identity/units.js';
import { pgJson } from './mention-writer.js';

/** How long a credential, user, unit, charter or visible-topic list read here is reused. */
export const DEFAULT_IDENTITY_CACHE_MS = 1_000;
/** The NOTIFY channel identity changes are announced on. */
export const IDENTITY_CHANNEL = 'nghe_identity';
/** application_name of the connection that listens for them. */
export const IDENTITY_LISTENER_NAME = 'nghe-identity';

const USER_COLUMNS = `id, unit_id, username, display_name, email, role, oidc_subject, disabled_at,
  failed_sign_ins, locked_until, builtin, created_at`;

const CHARTER_SELECT = `SELECT c.*, (SELECT array_agg(s.unit_id ORDER BY s.unit_id)
  FROM topic_shares s WHERE s.topic_id = c.topic_id) AS shared FROM topic_charters c`;

const TOKEN_COLUMNS = 'id, name, user_id, scopes, created_at, expires_at, last_used_at, revoked_at';

/**
 * Reads kept for `ttlMs`. The promise is kept from the moment the read starts, so callers at
 * once share one query, and an entry dropped while its read is in flight is not put back by
 * that read. Misses and failures are not kept. Each caller gets its own shallow copy.
 */
class ReadCache<K, V extends object> {
  private readonly kept: KeptEntries<K, Promise<V | null>>;

  constructor(ttlMs: number) {
    this.kept = new KeptEntries(ttlMs);
  }

  async get(key: K, read: () => Promise<V | null>): Promise<V | null> {
    if (this.kept.keepMs <= 0) return read();
    let entry = this.kept.fresh(key);
    if (!entry) {
      const value = read();
      const fresh = this.kept.put(key, value);
      entry = fresh;
      value.then(
        (found) => {
          if (found === null) this.kept.delete(key, fresh);
        },
        () => this.kept.delete(key, fresh),
      );
    }
    const found = await entry.value;
    return found === null ? null : copyOf(found);
  }

  /** Replaces a kept value (after this process wrote it), keeping its age. */
  async update(key: K, change: (value: V) => V): Promise<void> {
    const entry = this.kept.entry(key);
    if (!entry) return;
    const value = await entry.value.catch(() => null);
    if (value !== null && this.kept.entry(key) === entry) {
      entry.value = Promise.resolve(change(value));
    }
  }

  delete(key: K): void {
    this.kept.delete(key);
  }

  /** Drops the entries whose value matches. */
  async deleteWhere(match: (value: V) => boolean): Promise<void> {
    for (const [key, entry] of this.kept.list()) {
      const value = await entry.value.catch(() => null);
      if (value !== null && match(value)) this.kept.delete(key, entry);
    }
  }

  clear(): void {
    this.kept.clear();
  }
}

export interface PostgresIdentityOptions {
  /** How long reads are reused; 0 reads PostgreSQL every time. */
  cacheMs?: number;
  /** Resolves when the schema is ready (the store's `ready`); every query waits for it. */
  ready?: Promise<void>;
  /**
   * LISTEN for changes made through other processes and drop what they touch at once (on a
   * connection of its own, opened again `listenRetryMs` after it is lost). Off by default.
   */
  listen?: boolean;
  listenRetryMs?: number;
}

/**
 * A change, as announced: kind and key, several separated by spaces. `sessions-of` carries a
 * user id (all of that user's sessions ended); the others the changed row's key.
 */
type Change = 'unit' | 'user' | 'session' | 'sessions-of' | 'token' | 'charter';

/** The LISTEN connection: reconnects after it is lost, until closed. */
class ChangeListener {
  private client: pg.Client | null = null;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly retryMs: number,
    private readonly onChange: (payload: string) => void,
    /** Called when the connection is lost and when it is (re)established: notices may be missed. */
    private readonly onGap: () => void,
  ) {
    void this.connect();
  }

  /** Whether a connection is listening now. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Connections already given up (a lost one reports both an error and its end). */
  private readonly dead = new WeakSet<pg.Client>();

  private lost(c: pg.Client): void {
    if (this.dead.has(c)) return;
    this.dead.add(c);
    if (this.client === c) this.client = null;
    c.end().catch(() => {});
    this.onGap();
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, this.retryMs);
    this.timer.unref();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const c = new pg.Client({ ...this.config, application_name: IDENTITY_LISTENER_NAME });
    c.on('notification', (message) => {
      if (message.channel === IDENTITY_CHANNEL && message.payload) this.onChange(message.payload);
    });
    c.on('error', () => this.lost(c));
    c.on('end', () => this.lost(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${IDENTITY_CHANNEL}`);
    } catch {
      this.lost(c);
      return;
    }
    if (this.closed) {
      this.dead.add(c);
      await c.end().catch(() => {});
      return;
    }
    this.client = c;
    // What changed while nobody listened is not known: read everything afresh.
    this.onGap();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const c = this.client;
    this.client = null;
    if (c) {
      this.dead.add(c);
      await c.end().catch(() => {});
    }
  }
}

export class PostgresIdentityStore implements IdentityStore {
  private builtinId: Promise<number> | null = null;
  private readonly ready: Promise<void>;
  private readonly units: ReadCache<number, Unit>;
  private readonly users: ReadCache<number, User>;
  private readonly tokens: ReadCache<string, TokenRow>;
  private readonly sessions: ReadCache<string, Session>;
  private readonly charters: ReadCache<number, TopicCharter>;
  private readonly visible: ReadCache<number, number[]>;
  private readonly listener: ChangeListener | null;

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresIdentityOptions = {},
  ) {
    this.ready = options.ready ?? Promise.resolve();
    const ttl = options.cacheMs ?? DEFAULT_IDENTITY_CACHE_MS;
    this.units = new ReadCache(ttl);
    this.users = new ReadCache(ttl);
    this.tokens = new ReadCache(ttl);
    this.sessions = new ReadCache(ttl);
    this.charters = new ReadCache(ttl);
    this.visible = new ReadCache(ttl);
    this.listener =
      options.listen && ttl > 0
        ? new ChangeListener(
            pool.options,
            options.listenRetryMs ?? 1_000,
            (payload) => void this.applyChanges(payload),
            () => this.forgetAll(),
          )
        : null;
  }

  /** Whether changes made through other processes reach this store at once now. */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  /** Stops listening (the pool is the caller's). */
  async close(): Promise<void> {
    await this.listener?.close();
  }

  private forgetAll(): void {
    for (const cache of [
      this.units,
      this.users,
      this.tokens,
      this.sessions,
      this.charters,
      this.visible,
    ]) {
      cache.clear();
    }
  }

  /** Announces changes to every process listening (this one included) once the write is done. */
  private async announce(...changes: [Change, string | number][]): Promise<void> {
    const payload = changes.map(([kind, key]) => `${kind}:${key}`).join(' ');
    // A notice that cannot be sent leaves the others to their bound.
    await this.pool.query('SELECT pg_notify($1, $2)', [IDENTITY_CHANNEL, payload]).catch(() => {});
  }

  /** Drops what announced changes touch. */
  private async applyChanges(payload: string): Promise<void> {
    for (const item of payload.split(' ')) {
      const at = item.indexOf(':');
      const kind = item.slice(0, at) as Change;
      const key = item.slice(at + 1);
      const id = Number(key);
      switch (kind) {
        case 'unit':
          this.units.delete(id);
          this.visible.clear();
          break;
        case 'user':
          this.users.delete(id);
          break;
        case 'session':
          this.sessions.delete(key);
          break;
        case 'sessions-of':
          await this.sessions.deleteWhere((s) => s.userId === id);
          break;
        case 'token':
          await this.tokens.deleteWhere((t) => t.id === id);
          break;
        case 'charter':
          this.chartersChanged(id);
          break;
        default:
          // Unknown to this version: drop everything rather than keep a stale read.
          this.forgetAll();
      }
    }
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
    await this.ready;
    return (await this.pool.query<R>(sql, params)).rows;
  }

  private async run(sql: string, params: unknown[] = []): Promise<number> {
    await this.ready;
    return (await this.pool.query(sql, params)).rowCount ?? 0;
  }

  /** The built-in administrator's id: made by the migration, never changed. */
  private builtin(): Promise<number> {
    this.builtinId ??= this.rows<{ id: number }>(
      'SELECT id FROM users WHERE builtin ORDER BY id LIMIT 1',
    ).then(
      (rows) => rows[0]!.id,
      (error: unknown) => {
        this.builtinId = null;
        throw error;
      },
    );
    return this.builtinId;
  }

  private async tokenOf(r: TokenRow): Promise<OwnedToken> {
    return tokenOf(r, r.user_id ?? (await this.builtin()));
  }

  // ---------------------------------------------------------------- units

  async createUnit(unit: NewUnit): Promise<Unit> {
    const [row] = await this.rows<UnitRow>(
      `INSERT INTO units (parent_id, kind, name, places, sectors, functions, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [
        unit.parentId,
        unit.kind,
        unit.name,
        pgJson(unit.places ?? []),
        pgJson(unit.sectors ?? []),
        pgJson(unit.functions ?? []),
        new Date().toISOString(),
      ],
    );
    return unitOf(row!);
  }

  getUnit(id: number): Promise<Unit | null> {
    return this.units.get(id, async () => {
      const [row] = await this.rows<UnitRow>('SELECT * FROM units WHERE id = $1', [id]);
      return row ? unitOf(row) : null;
    });
  }

  async listUnits(): Promise<Unit[]> {
    return (await this.rows<UnitRow>('SELECT * FROM units ORDER BY id')).map(unitOf);
  }

  async updateUnit(id: number, update: Partial<Omit<NewUnit, 'kind'>>): Promise<Unit | null> {
    this.units.delete(id);
    const [before] = await this.rows<UnitRow>('SELECT * FROM units WHERE id = $1', [id]);
    if (!before) return null;
    const next = { ...unitOf(before), ...update };
    const [row] = await this.rows<UnitRow>(
      `UPDATE units SET parent_id = $1, name = $2, places = $3, sectors = $4, functions = $5
       WHERE id = $6 RETURNING *`,
      [
        next.parentId,
        next.name,
        pgJson(next.places),
        pgJson(next.sectors),
        pgJson(next.functions),
        id,
      ],
    );
    this.units.delete(id);
    await this.announce(['unit', id]);
    return row ? unitOf(row) : null;
  }

  async rootUnit(): Promise<Unit> {
    const [row] = await this.rows<UnitRow>(
      'SELECT * FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1',
    );
    return unitOf(row!);
  }

  // ---------------------------------------------------------------- users

  async createUser(user: NewUser): Promise<User> {
    const [row] = await this.rows<UserRow>(
      `INSERT INTO users (unit_id, username, display_name, email, role, password_hash,
         oidc_subject, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING ${USER_COLUMNS}`,
      [
        user.unitId,
        user.username,
        user.displayName ?? null,
        user.email ?? null,
        user.role,
        user.passwordHash,
        user.oidcSubject ?? null,
        new Date().toISOString(),
      ],
    );
    return userOf(row!);
  }

  getUser(id: number): Promise<User | null> {
    return this.users.get(id, async () => {
      const [row] = await this.rows<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [
        id,
      ]);
      return row ? userOf(row) : null;
    });
  }

  async findUserByUsername(username: string): Promise<User | null> {
    const [row] = await this.rows<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower($1)`,
      [username],
    );
    return row ? userOf(row) : null;
  }

  async findUserByOidcSubject(subject: string): Promise<User | null> {
    const [row] = await this.rows<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE oidc_subject = $1`,
      [subject],
    );
    return row ? userOf(row) : null;
  }

  async listUsers(filter: { unitId?: number } = {}): Promise<User[]> {
    const rows =
      filter.unitId === undefined
        ? await this.rows<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY id`)
        : await this.rows<UserRow>(
            `SELECT ${USER_COLUMNS} FROM users WHERE unit_id = $1 ORDER BY id`,
            [filter.unitId],
          );
    return rows.map(userOf);
  }

  async updateUser(id: number, update: UserUpdate): Promise<User | null> {
    this.users.delete(id);
    const values: unknown[] = [id];
    const sets: string[] = [];
    const set = (column: string, value: unknown) => {
      if (value === undefined) return;
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    set('unit_id', update.unitId);
    set('role', update.role);
    set('display_name', update.displayName);
    set('email', update.email);
    set('password_hash', update.passwordHash);
    set('oidc_subject', update.oidcSubject);
    if (update.disabled === false) sets.push('disabled_at = NULL');
    if (update.disabled === true) {
      values.push(new Date().toISOString());
      sets.push(`disabled_at = coalesce(disabled_at, $${values.length})`);
    }
    const [row] = await this.rows<UserRow>(
      sets.length === 0
        ? `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`
        : `UPDATE users SET ${sets.join(', ')} WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      values,
    );
    this.users.delete(id);
    await this.announce(['user', id]);
    return row ? userOf(row) : null;
  }

  async passwordHashOf(id: number): Promise<string | null> {
    const [row] = await this.rows<{ password_hash: string | null }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [id],
    );
    return row?.password_hash ?? null;
  }

  async recordFailedSignIn(id: number, lockAfter: number, lockUntil: string): Promise<User> {
    this.users.delete(id);
    // One statement: failures counted by several API processes at once all count.
    const [row] = await this.rows<UserRow>(
      `UPDATE users SET failed_sign_ins = failed_sign_ins + 1,
         locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN $3 ELSE locked_until END
       WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, lockAfter, lockUntil],
    );
    this.users.delete(id);
    await this.announce(['user', id]);
    return userOf(row!);
  }

  async clearFailedSignIns(id: number): Promise<void> {
    this.users.delete(id);
    await this.run('UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1', [id]);
    this.users.delete(id);
    await this.announce(['user', id]);
  }

  async builtinAdmin(): Promise<User> {
    return (await this.getUser(await this.builtin()))!;
  }

  async countPeople(): Promise<number> {
    const [row] = await this.rows<{ n: number }>(
      'SELECT count(*)::int AS n FROM users WHERE NOT builtin',
    );
    return row!.n;
  }

  // ---------------------------------------------------------------- sessions

  async createSession(idHash: string, s: Session): Promise<void> {
    await this.run(
      `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [idHash, s.userId, s.csrfToken, s.createdAt, s.expiresAt],
    );
  }

  findSession(idHash: string): Promise<Session | null> {
    return this.sessions.get(idHash, async () => {
      const [row] = await this.rows<SessionRow>('SELECT * FROM sessions WHERE id_hash = $1', [
        idHash,
      ]);
      return row ? sessionOf(row) : null;
    });
  }

  async extendSession(idHash: string, expiresAt: string): Promise<void> {
    const changed = await this.run('UPDATE sessions SET expires_at = $1 WHERE id_hash = $2', [
      expiresAt,
      idHash,
    ]);
    if (changed === 0) this.sessions.delete(idHash);
    else await this.sessions.update(idHash, (s) => ({ ...s, expiresAt }));
    // Others may hold the earlier expiry; a session only grows longer, so they learn it at their
    // next read, within their bound, without a notice on every extension.
  }

  async deleteSession(idHash: string): Promise<boolean> {
    this.sessions.delete(idHash);
    const deleted = await this.run('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    this.sessions.delete(idHash);
    if (deleted > 0) await this.announce(['session', idHash]);
    return deleted === 1;
  }

  async deleteSessionsOf(userId: number): Promise<number> {
    await this.sessions.deleteWhere((s) => s.userId === userId);
    const deleted = await this.run('DELETE FROM sessions WHERE user_id = $1', [userId]);
    await this.sessions.deleteWhere((s) => s.userId === userId);
    if (deleted > 0) await this.announce(['sessions-of', userId]);
    return deleted;
  }

  // ---------------------------------------------------------------- tokens

  async createToken(token: NewOwnedToken): Promise<OwnedToken> {
    const [row] = await this.rows<TokenRow>(
      `INSERT INTO api_tokens (name, token_hash, created_at, user_id, scopes, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${TOKEN_COLUMNS}`,
      [
        token.name,
        token.tokenHash,
        new Date().toISOString(),
        token.userId,
        pgJson(token.scopes),
        token.expiresAt,
      ],
    );
    return this.tokenOf(row!);
  }

  async findTokenByHash(tokenHash: string): Promise<OwnedToken | null> {
    const row = await this.tokens.get(tokenHash, async () => {
      const [found] = await this.rows<TokenRow>(
        `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1`,
        [tokenHash],
      );
      return found ?? null;
    });
    if (!row) return null;
    const now = Date.now();
    if (tokenTouchDue(row, now)) {
      const at = new Date(now).toISOString();
      row.last_used_at = at;
      await this.tokens.update(tokenHash, (r) => ({ ...r, last_used_at: at }));
      await this.run('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [at, row.id]);
    }
    return this.tokenOf(row);
  }

  async getToken(id: number): Promise<OwnedToken | null> {
    const [row] = await this.rows<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1`,
      [id],
    );
    return row ? this.tokenOf(row) : null;
  }

  async listTokens(filter: { userId?: number } = {}): Promise<OwnedToken[]> {
    const rows =
      filter.userId === undefined
        ? await this.rows<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY id`)
        : await this.rows<TokenRow>(
            `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE coalesce(user_id, $1) = $2 ORDER BY id`,
            [await this.builtin(), filter.userId],
          );
    return Promise.all(rows.map((r) => this.tokenOf(r)));
  }

  async revokeToken(id: number): Promise<boolean> {
    await this.tokens.deleteWhere((t) => t.id === id);
    const revoked = await this.run(
      'UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
      [new Date().toISOString(), id],
    );
    await this.tokens.deleteWhere((t) => t.id === id);
    if (revoked > 0) await this.announce(['token', id]);
    return revoked === 1;
  }

  // ---------------------------------------------------------------- charters

  private chartersChanged(topicId: number): void {
    this.charters.delete(topicId);
    this.visible.clear();
  }

  /** Drops what is kept about a topic deleted elsewhere in this process (see forgetDeletedTopic). */
  topicDeleted(topicId: number): void {
    this.chartersChanged(topicId);
  }

  async setCharter(c: NewCharter): Promise<TopicCharter> {
    this.chartersChanged(c.topicId);
    await this.run(
      `INSERT INTO topic_charters
         (topic_id, unit_id, owner_id, purpose, justification, expires_at, widened_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (topic_id) DO UPDATE SET unit_id = excluded.unit_id,
         owner_id = excluded.owner_id, purpose = excluded.purpose,
         justification = excluded.justification, expires_at = excluded.expires_at,
         widened_by = excluded.widened_by, noticed_at = NULL`,
      [c.topicId, c.unitId, c.ownerId, c.purpose, c.justification, c.expiresAt, c.widenedBy],
    );
    this.chartersChanged(c.topicId);
    await this.announce(['charter', c.topicId]);
    return (await this.getCharter(c.topicId))!;
  }

  getCharter(topicId: number): Promise<TopicCharter | null> {
    return this.charters.get(topicId, async () => {
      const [row] = await this.rows<CharterRow>(`${CHARTER_SELECT} WHERE c.topic_id = $1`, [
        topicId,
      ]);
      return row ? charterOf(row) : null;
    });
  }

  async listCharters(): Promise<TopicCharter[]> {
    return (await this.rows<CharterRow>(`${CHARTER_SELECT} ORDER BY c.topic_id`)).map(charterOf);
  }

  async shareTopic(topicId: number, unitId: number): Promise<void> {
    this.chartersChanged(topicId);
    await this.run(
      'INSERT INTO topic_shares (topic_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [topicId, unitId],
    );
    this.chartersChanged(topicId);
    await this.announce(['charter', topicId]);
  }

  async unshareTopic(topicId: number, unitId: number): Promise<void> {
    this.chartersChanged(topicId);
    await this.run('DELETE FROM topic_shares WHERE topic_id = $1 AND unit_id = $2', [
      topicId,
      unitId,
    ]);
    this.chartersChanged(topicId);
    await this.announce(['charter', topicId]);
  }

  async topicIdsVisibleTo(unitId: number): Promise<number[]> {
    return (
      (await this.visible.get(unitId, async () =>
        (
          await this.rows<{ topic_id: number }>(
            `SELECT topic_id FROM topic_charters WHERE unit_id = $1
             UNION SELECT topic_id FROM topic_shares WHERE unit_id = $1 ORDER BY topic_id`,
            [unitId],
          )
        ).map((r) => r.topic_id),
      )) ?? []
    );
  }

  async markCharterNoticed(topicId: number, at: string): Promise<void> {
    this.charters.delete(topicId);
    await this.run('UPDATE topic_charters SET noticed_at = $1 WHERE topic_id = $2', [at, topicId]);
    this.charters.delete(topicId);
    await this.announce(['charter', topicId]);
  }

  // ---------------------------------------------------------------- notices

  async addNotice(n: Omit<Notice, 'id' | 'readAt'>): Promise<Notice> {
    const [row] = await this.rows<{ id: number }>(
      `INSERT INTO notices (user_id, topic_id, kind, message, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [n.userId, n.topicId, n.kind, n.message, n.createdAt],
    );
    return { ...n, id: row!.id, readAt: null };
  }

  async listNotices(userId: number): Promise<Notice[]> {
    const rows = await this.rows<NoticeRow>(
      'SELECT * FROM notices WHERE user_id = $1 ORDER BY id DESC',
      [userId],
    );
    return rows.map(noticeOf);
  }
}

const opened = new WeakMap<pg.Pool, PostgresIdentityStore>();

/**
 * The identity store over a PostgreSQL pool; one per pool, so its reads are kept once, and
 * listening for changes made through other processes (unless `listen: false`).
 */
export function postgresIdentityStore(
  pool: pg.Pool,
  options: PostgresIdentityOptions = {},
): PostgresIdentityStore {
  let store = opened.get(pool);
  if (!store) {
    store = new PostgresIdentityStore(pool, { listen: true, ...options });
    opened.set(pool, store);
  }
  return store;
}

/**
 * The notice a transaction that deletes a topic sends before it commits (NOTIFY is delivered on
 * commit only): every listening process drops the topic's charter, which the deletion took with
 * it, instead of keeping it for up to `cacheMs` and answering for a topic that is gone.
 */
export const DELETED_TOPIC_NOTICE = {
  sql: 'SELECT pg_notify($1, $2)',
  params: (topicId: number): [string, string] => [IDENTITY_CHANNEL, `charter:${topicId}`],
};

/**
 * Drops the charter the pool's identity store (if one was opened) keeps for a topic just deleted
 * through the same pool, at once, without waiting for the notice to come back.
 */
export function forgetDeletedTopic(pool: pg.Pool, topicId: number): void {
  opened.get(pool)?.topicDeleted(topicId);
}

/** Stops the listening of the pool's identity store, if one was opened (before the pool ends). */
export async function closePostgresIdentityStore(pool: pg.Pool): Promise<void> {
  const store = opened.get(pool);
  opened.delete(pool);
  await store?.close();
}
