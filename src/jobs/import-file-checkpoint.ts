// Where an import of a file stands, kept in the data directory so a re-run after a kill goes on
// from the last stored batch instead of analysing every row again. A file is known by its size,
// modification time and the hash of its first 64 KiB: an edited or replaced file starts over.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface FileIdentity {
  size: number;
  mtimeMs: number;
  /** SHA-256 of the first 64 KiB, hex. */
  headSha256: string;
}

export interface ImportTotals {
  /** Rows read, good and bad. */
  rows: number;
  inserted: number;
  existing: number;
  errors: number;
}

export interface ImportCheckpointState extends ImportTotals {
  file: string;
  identity: FileIdentity;
  format: string;
  complete: boolean;
  /** ISO 8601 UTC. */
  updatedAt: string;
}

const HEAD_BYTES = 64 * 1024;

export async function fileIdentity(path: string): Promise<FileIdentity> {
  const info = await stat(path);
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    await handle.read(head, 0, head.length, 0);
    return {
      size: info.size,
      mtimeMs: Math.floor(info.mtimeMs),
      headSha256: createHash('sha256').update(head).digest('hex'),
    };
  } finally {
    await handle.close();
  }
}

export class ImportCheckpoint {
  private constructor(
    readonly path: string,
    readonly file: string,
    readonly identity: FileIdentity,
  ) {}

  /** The checkpoint of this file as it is now, under `<dataDir>/imports/`. */
  static async forFile(dataDir: string, file: string): Promise<ImportCheckpoint> {
    const identity = await fileIdentity(file);
    const key = createHash('sha256')
      .update(`${identity.size}\u0000${identity.mtimeMs}\u0000${identity.headSha256}`)
      .digest('hex')
      .slice(0, 32);
    return new ImportCheckpoint(join(dataDir, 'imports', `${key}.json`), resolve(file), identity);
  }

  load(): ImportCheckpointState | null {
    let state: ImportCheckpointState;
    try {
      state = JSON.parse(readFileSync(this.path, 'utf8')) as ImportCheckpointState;
    } catch {
      return null; // none yet, or unreadable: start over, duplicates are not stored twice
    }
    const same =
      state.identity?.size === this.identity.size &&
      state.identity.mtimeMs === this.identity.mtimeMs &&
      state.identity.headSha256 === this.identity.headSha256;
    return same && Number.isInteger(state.rows) && state.rows >= 0 ? state : null;
  }

  /** Written whole then renamed, so a kill leaves the old or the new state, never half. */
  save(state: Omit<ImportCheckpointState, 'file' | 'identity' | 'updatedAt'>, now = new Date()) {
    mkdirSync(join(this.path, '..'), { recursive: true });
    // Field by field: a checkpoint holds counts only, never a row (rows may name persons).
    const full: ImportCheckpointState = {
      file: this.file,
      identity: this.identity,
      format: state.format,
      rows: state.rows,
      inserted: state.inserted,
      existing: state.existing,
      errors: state.errors,
      complete: state.complete,
      updatedAt: now.toISOString(),
    };
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(full, null, 2)}\n`);
    renameSync(temporary, this.path);
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
