// Storage failures the API answers in plain words, naming the file: a full disk (SQLITE_FULL,
// or the page limit a database was given) is 507 Insufficient Storage, nothing of the request
// was written; other I/O failures are 503.
import { HttpError } from './api-error.js';

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** SQLite could not write because the disk, or the database's page limit, is full. */
export function isStorageFull(error: unknown): boolean {
  return codeOf(error) === 'SQLITE_FULL' || codeOf(error) === 'ENOSPC';
}

/** The HttpError for a storage failure of `path`, or null when `error` is something else. */
export function storageFailure(error: unknown, path: string): HttpError | null {
  if (isStorageFull(error)) {
    return new HttpError(
      507,
      `the disk holding ${path} is full: nothing of this request was written; free some space and retry`,
      { code: 'storage_full', params: { path } },
    );
  }
  const code = codeOf(error);
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
    return new HttpError(
      503,
      `cannot write ${path} (${code}): nothing of this request was written`,
    );
  }
  return null;
}
