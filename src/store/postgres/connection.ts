// One connection pool per store, and the few helpers every PostgreSQL module uses. Big
// integers (ids, sort_ms) come back as numbers: ids stay far below 2^53.
import pg from 'pg';

const INT8 = 20;

export function createPool(url: string, max = 10): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8
          ? Number
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
}

/** Runs `work` in one transaction on one connection; rolls back when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** A keyset cursor over (sort_ms, id): `t<ms>.<id>` in base 36. */
export function encodeOrderCursor(prefix: string, sortMs: number, id: number): string {
  return `${prefix}${sortMs.toString(36)}.${id.toString(36)}`;
}

export function decodeOrderCursor(prefix: string, cursor: string): { sortMs: number; id: number } {
  const [ms, id] = cursor.startsWith(prefix) ? cursor.slice(prefix.length).split('.') : [];
  const sortMs = ms === undefined ? Number.NaN : Number.parseInt(ms, 36);
  const mentionId = id === undefined ? Number.NaN : Number.parseInt(id, 36);
  if (!Number.isSafeInteger(sortMs) || !Number.isSafeInteger(mentionId)) {
    throw new RangeError(`invalid cursor: ${cursor}`);
  }
  return { sortMs, id: mentionId };
}

const DEADLOCK = '40P01';
const DEADLOCK_ATTEMPTS = 4;

/** Whether PostgreSQL aborted this transaction to break a deadlock (retrying is safe). */
export function isDeadlock(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === DEADLOCK;
}

/**
 * Runs a write again when PostgreSQL aborts it to break a deadlock: writers that move the
 * same roll-up rows and mentions in different orders, which the server resolves by aborting
 * one of them. The write must be one transaction (or one statement).
 */
export async function retryDeadlocks<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt * Math.random()));
    }
  }
}
