import { describe, expect, it } from 'vitest';
import { createImportProgress, rate } from './import-command-progress.js';

function fakeStream(tty: boolean) {
  const written: string[] = [];
  const out = {
    isTTY: tty,
    write: (s: string) => written.push(s),
  } as unknown as NodeJS.WriteStream;
  return { out, written };
}

const summary = (rows: number, errors: number) => ({
  rows,
  inserted: rows - errors,
  existing: 0,
  errors,
  resumedFrom: 0,
  stopped: false,
  firstErrors: [],
  warnings: [],
});

describe('import progress', () => {
  it('draws rows, rows/s, errors and the share of the file read on a terminal', () => {
    let clock = 0;
    const { out, written } = fakeStream(true);
    const progress = createImportProgress(out, { totalBytes: 1000, now: () => clock });
    progress.read(500);
    clock = 2000;
    progress.batch({ rows: 4000, inserted: 3990, existing: 0, errors: 10 }, 0);
    expect(written.at(-1)).toBe(
      `\r\x1b[2K[${'#'.repeat(12)}${'.'.repeat(12)}] 50% 4,000 rows, 2,000 rows/s, 10 error(s)`,
    );
    clock = 2100; // redrawn at most five times a second
    progress.batch({ rows: 4500, inserted: 4490, existing: 0, errors: 10 }, 0);
    expect(written).toHaveLength(1);
    clock = 4000;
    progress.finish(summary(8000, 10));
    expect(written.at(-2)).toContain('100% 8,000 rows, 2,000 rows/s');
    expect(written.at(-1)).toBe('\n');
  });

  it('writes nothing while running when stderr is not a terminal', () => {
    const { out, written } = fakeStream(false);
    const progress = createImportProgress(out, { totalBytes: null });
    progress.batch({ rows: 10, inserted: 10, existing: 0, errors: 0 }, 0);
    progress.finish(summary(10, 0));
    expect(written).toEqual([]);
  });

  it('counts rows per second of this run only', () => {
    expect(rate(1500, 3000)).toBe(500);
    expect(rate(10, 0)).toBe(0);
  });
});
