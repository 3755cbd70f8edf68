// Liveness and readiness for load balancers and systemd: /healthz answers while the process
// runs; /readyz answers 200 only when the store answers a trivial query within a deadline, so
// an API process cut off from PostgreSQL is taken out of rotation until it reconnects.
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessAnswer {
  status: 200 | 503;
  body: { ready: boolean; error?: string };
}

/** Readiness of a store: PostgreSQL through its pool, SQLite through its connection. */
export function storeReadiness(store: object): ReadinessCheck {
  if ('pool' in store) {
    const pool = store.pool as { query(sql: string): Promise<unknown> };
    return async () => {
      await pool.query('SELECT 1');
    };
  }
  if ('db' in store) {
    const db = store.db as { prepare(sql: string): { get(): unknown } };
    return async () => {
      db.prepare('SELECT 1').get();
    };
  }
  return async () => {};
}

export async function answerReadiness(
  check: ReadinessCheck,
  timeoutMs = 2_000,
): Promise<ReadinessAnswer> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`store did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    return { status: 200, body: { ready: true } };
  } catch (error) {
    return { status: 503, body: { ready: false, error: (error as Error).message } };
  } finally {
    clearTimeout(timer);
  }
}
