// What `nghe import` shows while it runs: on a terminal one updating bar on stderr (rows, rows/s,
// errors, and how much of the file is read when its size is known); nothing in between otherwise,
// so logs get the summary line alone.
import type { ImportSummary, ImportTotals } from '../jobs/import-file.js';

const BAR_WIDTH = 24;
const REDRAW_MS = 200;

const number = (n: number) => n.toLocaleString('en-US');

export function rate(rows: number, ms: number): number {
  return ms > 0 ? Math.round((rows * 1000) / ms) : 0;
}

export function createImportProgress(
  out: NodeJS.WriteStream,
  options: { totalBytes: number | null; now?: () => number },
) {
  const tty = out.isTTY === true;
  const now = options.now ?? Date.now;
  const started = now();
  let bytes = 0;
  let lastDraw = 0;
  let shown = false;

  const draw = (totals: ImportTotals, resumedFrom: number) => {
    const elapsed = now() - started;
    const fraction =
      options.totalBytes && options.totalBytes > 0 ? Math.min(1, bytes / options.totalBytes) : null;
    const bar =
      fraction === null
        ? ''
        : `[${'#'.repeat(Math.round(fraction * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ${Math.floor(fraction * 100)}% `;
    const perSecond = rate(totals.rows - resumedFrom, elapsed);
    out.write(
      `\r\x1b[2K${bar}${number(totals.rows)} rows, ${number(perSecond)} rows/s, ${number(totals.errors)} error(s)`,
    );
    shown = true;
  };

  return {
    /** Bytes of the input read so far. */
    read(count: number) {
      bytes += count;
    },
    batch(totals: ImportTotals, resumedFrom: number) {
      if (!tty) return;
      const at = now();
      if (at - lastDraw < REDRAW_MS) return;
      lastDraw = at;
      draw(totals, resumedFrom);
    },
    finish(summary: ImportSummary) {
      if (!tty) return;
      bytes = summary.stopped ? bytes : (options.totalBytes ?? bytes);
      draw(summary, summary.resumedFrom);
      if (shown) out.write('\n');
    },
    elapsedMs: () => now() - started,
  };
}
