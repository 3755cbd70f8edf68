// A throw-away PostgreSQL cluster that a test may restart: initdb in a temporary folder, a
// server on loopback, run as the `postgres` user when the test runs as root (the server
// refuses root). Found through pg_ctl on PATH or Debian's /usr/lib/postgresql/*/bin.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RestartablePostgres {
  url: string;
  restart(): void;
  stop(): void;
}

function binDir(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'initdb'))) return dir;
  }
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return null;
  const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = join(debian, v, 'bin');
    if (existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  return null;
}

export function canRunPostgres(): boolean {
  return binDir() !== null;
}

export function startRestartablePostgres(): RestartablePostgres {
  const bin = binDir();
  if (!bin) throw new Error('no PostgreSQL server binaries (pg_ctl, initdb) found');
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'nghe-fleet-pg-'));
  if (root) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), -1);
  const data = join(dir, 'data');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const run = (tool: string, args: string[]) => {
    const command = join(bin, tool);
    if (root)
      execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
    else execFileSync(command, args, { stdio: 'pipe' });
  };
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c max_connections=200`;
  run('initdb', ['-D', data, '-U', 'nghe', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', options, 'start']);
  return {
    url: `postgres://nghe@127.0.0.1:${port}/postgres`,
    restart() {
      // Fast: every connection is cut, as in a crash or an operator's restart.
      run('pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-m',
        'fast',
        '-o',
        options,
        'restart',
      ]);
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
