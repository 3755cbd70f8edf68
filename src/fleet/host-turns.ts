// Per-host politeness across every worker: one row per host in PostgreSQL holds the moment its
// next fetch may start. Booking a turn is one upsert, which row-locks that host's row, so two
// workers never book the same moment; each waits for its own turn, at least `intervalMs` after
// the one before, whichever machine booked it.
import type pg from 'pg';

export const HOST_TURNS_SCHEMA = `CREATE TABLE IF NOT EXISTS fleet_host_turns (
  host text PRIMARY KEY,
  next_at timestamptz NOT NULL
)`;

type Queryable = Pick<pg.Pool, 'query'>;

export async function createHostTurns(pool: Queryable): Promise<void> {
  // Processes starting together would race on the catalog; one creates the table at a time.
  await pool.query(
    `DO $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext('nghe-fleet-schema')); ${HOST_TURNS_SCHEMA}; END $$`,
  );
}

/** Books the host's next turn; resolves with how many milliseconds to wait for it. */
export async function bookHostTurn(
  pool: Queryable,
  host: string,
  intervalMs: number,
): Promise<number> {
  const { rows } = await pool.query<{ wait_ms: number }>(
    `INSERT INTO fleet_host_turns AS t (host, next_at)
       VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
     ON CONFLICT (host) DO UPDATE
       SET next_at = greatest(clock_timestamp(), t.next_at) + $2 * interval '1 millisecond'
     RETURNING (extract(epoch FROM t.next_at - clock_timestamp()) * 1000 - $2)::float8 AS wait_ms`,
    [host, intervalMs],
  );
  return Math.max(0, rows[0]?.wait_ms ?? 0);
}

/** Waits for the host's turn (a source's URL's host; nothing for a URL without one). */
export async function waitForHostTurn(
  pool: Queryable,
  url: string,
  intervalMs: number,
  signal?: AbortSignal,
): Promise<void> {
  let host: string;
  try {
    host = new URL(url).host.toLowerCase();
  } catch {
    return;
  }
  if (host === '' || intervalMs <= 0) return;
  const wait = await bookHostTurn(pool, host, intervalMs);
  if (wait <= 0) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, wait);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
