// A lease held by one worker of the fleet at a time, for work one worker does for all (looking
// for due sources and scheduled jobs): one row per lease names its holder and until when it
// holds it. Taking or renewing it is one upsert that wins only when the lease is free, expired,
// or already this worker's; a holder that dies loses it when it expires.
import type pg from 'pg';

export const FLEET_LEASES_SCHEMA = `CREATE TABLE IF NOT EXISTS fleet_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  until timestamptz NOT NULL
)`;

type Queryable = Pick<pg.Pool, 'query'>;

export async function createFleetLeases(pool: Queryable): Promise<void> {
  // Processes starting together would race on the catalog; one creates the table at a time.
  await pool.query(
    `DO $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext('nghe-fleet-schema')); ${FLEET_LEASES_SCHEMA}; END $$`,
  );
}

/** Takes or renews the lease for `ms`; true when `holder` holds it now. */
export async function holdLease(
  pool: Queryable,
  name: string,
  holder: string,
  ms: number,
): Promise<boolean> {
  const { rows } = await pool.query<{ holder: string }>(
    `INSERT INTO fleet_leases AS l (name, holder, until)
       VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
       WHERE l.until < clock_timestamp() OR l.holder = excluded.holder
     RETURNING holder`,
    [name, holder, ms],
  );
  return rows[0]?.holder === holder;
}

/** Gives the lease up (a worker stopping), so another takes it at once. */
export async function releaseLease(pool: Queryable, name: string, holder: string): Promise<void> {
  await pool.query('DELETE FROM fleet_leases WHERE name = $1 AND holder = $2', [name, holder]);
}
