// Opens an import: looks at the first line to tell the format (unless the user named it), then
// streams the rows through that format's reader.
import { parse as parseCsvSync } from 'csv-parse/sync';
import type { Platform } from '../../model.js';
import { compileProfile, mappedProfile } from './csv-mapping.js';
import {
  CSV_PROFILES,
  type CsvField,
  type CsvProfile,
  type ImportFormat,
  recogniseCsvProfile,
} from './csv-profiles.js';
import { delimiterOf, readCsv } from './csv-reader.js';
import { ImportFormatError, type ImportRow } from './import-row.js';
import { readSocialRecords, readZeeschuimer } from './json-lines.js';
import { isZeeschuimerItem } from './zeeschuimer.js';

export interface ImportReadOptions {
  /** The format, when the content should not decide it. */
  format?: ImportFormat;
  /** Field → column, over the export's own mapping. */
  map?: Partial<Record<CsvField, string>>;
  /** Platform of rows that do not name one. */
  platform?: Platform;
}

export interface ImportReading {
  format: ImportFormat;
  /** The CSV profile used, or the format's name. */
  profile: string;
  rows: AsyncIterable<ImportRow>;
}

const HEAD_BYTES = 64 * 1024;

/** The first line (up to 64 KiB) of a stream, and the whole stream again. */
async function splitHead(source: AsyncIterable<Buffer>) {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    size += chunk.length;
    if (chunk.includes(10)) break;
  }
  const headBytes = Buffer.concat(chunks);
  async function* whole(): AsyncGenerator<Buffer> {
    if (headBytes.length > 0) yield headBytes;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    }
  }
  const text = headBytes.toString('utf8').replace(/^\uFEFF/, '');
  const newline = text.indexOf('\n');
  return { firstLine: (newline < 0 ? text : text.slice(0, newline)).replace(/\r$/, ''), whole };
}

export async function openImport(
  source: AsyncIterable<Buffer>,
  options: ImportReadOptions = {},
): Promise<ImportReading> {
  const { firstLine, whole } = await splitHead(source);
  const start = firstLine.trimStart();
  if (start === '') throw new ImportFormatError('the input is empty or starts with a blank line');
  const json = options.format === 'jsonl' || options.format === 'zeeschuimer';
  if (json || (options.format === undefined && start.startsWith('{'))) {
    const format = options.format ?? (isZeeschuimerItem(tryJson(start)) ? 'zeeschuimer' : 'jsonl');
    const rows =
      format === 'zeeschuimer'
        ? readZeeschuimer(whole())
        : readSocialRecords(whole(), { platform: options.platform });
    return { format, profile: format, rows };
  }
  if (options.format === undefined && start.startsWith('[')) {
    throw new ImportFormatError('a JSON array: imports read JSON Lines, one object per line');
  }
  const delimiter = delimiterOf(firstLine);
  const header = csvHeader(firstLine, delimiter);
  const profile = csvProfileFor(header, options);
  // Checked now, so a file whose columns do not fit fails before anything is stored.
  compileProfile(profile, header, { platform: options.platform });
  const rows = readCsv(whole(), {
    delimiter,
    profile: (actual) => (sameHeader(actual, header) ? profile : csvProfileFor(actual, options)),
    defaults: { platform: options.platform },
  });
  return { format: profile.format, profile: profile.name, rows };
}

function tryJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function csvHeader(line: string, delimiter: string): string[] {
  try {
    const [header] = parseCsvSync(line, { delimiter, bom: true, relax_quotes: true }) as string[][];
    return (header ?? []).map((c) => c.trim());
  } catch (error) {
    throw new ImportFormatError(
      `unreadable CSV header: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

const sameHeader = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((c, i) => c === b[i]);

function csvProfileFor(header: string[], options: ImportReadOptions): CsvProfile {
  const map = options.map ?? {};
  if (options.format === 'csv') return mappedProfile(header, map);
  const known = recogniseCsvProfile(header, options.format);
  if (!known) {
    if (options.format !== undefined) {
      const expected = CSV_PROFILES.filter((p) => p.format === options.format)
        .map((p) => `"${p.recognisedBy.join('", "')}"`)
        .join(' or ');
      throw new ImportFormatError(
        `not a ${options.format} export: its header row needs the columns ${expected}`,
      );
    }
    return mappedProfile(header, map);
  }
  const overrides = Object.fromEntries(Object.entries(map).map(([f, c]) => [f, [c]]));
  return { ...known, columns: { ...known.columns, ...overrides } };
}
