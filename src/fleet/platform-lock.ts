// Per-credential quotas across every worker: a session advisory lock per platform, held while
// one of its sources is collected, so the credential pool's read, spend and write-back of a
// credential's quota never interleave between workers. The lock lives with its connection: a
// worker killed mid-collection loses the connection and the lock with it.
import type pg from 'pg';

export async function withPlatformLock<T>(
  pool: pg.Pool,
  platform: string,
  work: () => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`nghe-credential:${platform}`]);
    try {
      return await work();
    } finally {
      await client
        .query('SELECT pg_advisory_unlock(hashtext($1))', [`nghe-credential:${platform}`])
        .catch((error: Error) => {
          broken = error;
        });
    }
  } catch (error) {
    broken ??= error as Error;
    throw error;
  } finally {
    // A connection that failed is closed rather than pooled, which also ends any lock on it.
    client.release(broken);
  }
}
