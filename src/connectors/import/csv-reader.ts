// Streams CSV (or tab-separated) rows through a profile: each row becomes a mention or a row
// error with the line it starts on. Quoting errors skip the bad record only; a row with the
// wrong number of cells is reported, never guessed at.
import { Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import { compileProfile, type RowDefaults } from './csv-mapping.js';
import type { CsvProfile } from './csv-profiles.js';
import { excerptOf, type ImportRow, RowError } from './import-row.js';

/** The delimiter of a header line: tab or semicolon when they outnumber commas. */
export function delimiterOf(headerLine: string): string {
  const count = (c: string) => headerLine.split(c).length - 1;
  const commas = count(',');
  if (count('\t') > commas) return '\t';
  if (count(';') > commas) return ';';
  return ',';
}

export interface CsvRecord {
  cells: string[];
  /** Line the record starts on. */
  line: number;
  raw: string;
  /** Set when csv-parse could not read the record. */
  error?: string;
}

/** Records of a CSV byte stream, the header row included, in file order. */
export async function* csvRecords(
  source: AsyncIterable<Buffer>,
  delimiter: string,
): AsyncGenerator<CsvRecord> {
  // csv-parse reports a skipped record as it parses, ahead of the records still buffered
  // before it: each skip remembers how many records came first, to be yielded in place.
  const skipped: { after: number; record: CsvRecord }[] = [];
  let parsed = 0;
  let lastLine = 0;
  const parser = Readable.from(source).pipe(
    parse({
      delimiter,
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: (record, context) => {
        parsed++;
        lastLine = context.lines;
        return record;
      },
      on_skip: (error: CsvError | undefined, raw: string | undefined) => {
        const reason = (error?.message ?? 'unreadable CSV record').split('\n')[0]!;
        skipped.push({
          after: parsed,
          record: { cells: [], line: lastLine + 1, raw: raw ?? '', error: reason },
        });
        return undefined;
      },
    }),
  );
  let yielded = 0;
  for await (const { record, raw, info } of parser as AsyncIterable<{
    record: string[];
    raw: string;
    info: { lines: number };
  }>) {
    while (skipped.length > 0 && skipped[0]!.after <= yielded) yield skipped.shift()!.record;
    const innerBreaks = raw.replace(/\r?\n$/, '').split('\n').length - 1;
    yield { cells: record, line: info.lines - innerBreaks, raw };
    yielded++;
  }
  for (const { record } of skipped) yield record;
}

/** Mentions and row errors of a CSV export read through `profile`. */
export async function* readCsv(
  source: AsyncIterable<Buffer>,
  options: { delimiter: string; profile: (header: string[]) => CsvProfile; defaults?: RowDefaults },
): AsyncGenerator<ImportRow> {
  let width = 0;
  let mapper: ReturnType<typeof compileProfile> | null = null;
  for await (const record of csvRecords(source, options.delimiter)) {
    if (record.error !== undefined) {
      yield { line: record.line, reason: record.error, excerpt: excerptOf(record.raw) };
      continue;
    }
    if (mapper === null) {
      const header = record.cells.map((c) => c.trim());
      mapper = compileProfile(options.profile(header), header, options.defaults);
      width = header.length;
      continue;
    }
    if (record.cells.length !== width) {
      yield {
        line: record.line,
        reason: `expected ${width} cells, found ${record.cells.length}`,
        excerpt: excerptOf(record.raw),
      };
      continue;
    }
    try {
      yield { line: record.line, mention: mapper(record.cells) };
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      yield { line: record.line, reason: error.message, excerpt: excerptOf(record.raw) };
    }
  }
}
