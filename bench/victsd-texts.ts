// The ViCTSD comments with their article titles (../shared), as the story benchmarks read them.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

const VICTSD = resolve(process.cwd(), '../shared/data/social/uit-victsd/ViCTSD_train.csv');

/** The rows of the file (Title, Comment, …), or null where ../shared is absent (a user's clone). */
export function victsdRows(): Record<string, string>[] | null {
  if (!existsSync(VICTSD)) return null;
  return parse(readFileSync(VICTSD, 'utf8'), { columns: true }) as Record<string, string>[];
}

/** Each comment under its article's title; `fallback` without ../shared, said on the console. */
export function victsdTexts(fallback: string[]): string[] {
  const rows = victsdRows();
  if (rows === null) {
    console.log('../shared is absent: benchmarking on built-in sample texts');
    return fallback;
  }
  return rows.map((r) => `${r.Title}\n${r.Comment}`);
}
