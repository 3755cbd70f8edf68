// CPU time read from Linux's /proc, for benchmarks on a shared machine: rates are given per CPU
// second of the processes doing the work (a PostgreSQL server on this machine included), which
// wall time under someone else's load does not show. Elsewhere the readers give null or 0.
import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/**
 * The fields of a /proc stat file after the command name (which may hold spaces), as numbers:
 * [0] state, [1] parent pid, [11] utime, [12] stime, [13] cutime, [14] cstime.
 */
function statFields(path: string): number[] | null {
  try {
    const text = readFileSync(path, 'utf8');
    return text
      .slice(text.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
  } catch {
    return null;
  }
}

/** CPU seconds of a process (its threads included); with `reaped`, of its waited-for children too. */
export function processCpuSeconds(pid: number, reaped = false): number {
  const f = statFields(`/proc/${pid}/stat`);
  if (f === null) return 0;
  return (f[11]! + f[12]! + (reaped ? f[13]! + f[14]! : 0)) / TICKS;
}

/**
 * CPU seconds of this process's main thread alone (null where unreadable): the thread a writer
 * or a server's requests pass through, which bounds the rate once the others have cores.
 */
export function mainThreadCpuSeconds(): number | null {
  const f = statFields(`/proc/self/task/${process.pid}/stat`);
  return f === null ? null : (f[11]! + f[12]!) / TICKS;
}

/** The PostgreSQL postmaster serving `pool`, when it runs on this machine; null otherwise. */
export async function postmasterOf(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const backend = `/proc/${rows[0]!.pid}`;
  // A server elsewhere: the same pid here, if any, is some other program.
  try {
    if (!readFileSync(`${backend}/comm`, 'utf8').startsWith('postgres')) return null;
  } catch {
    return null;
  }
  return statFields(`${backend}/stat`)?.[1] ?? null;
}

/** CPU seconds of a PostgreSQL cluster: the postmaster, its live children and the ended ones. */
export function clusterCpuSeconds(postmaster: number): number {
  let total = processCpuSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (statFields(`/proc/${entry}/stat`)?.[1] === postmaster) {
      total += processCpuSeconds(Number(entry));
    }
  }
  return total;
}
