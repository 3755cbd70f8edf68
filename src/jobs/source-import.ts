// Reads source lists users already have: OPML exported by feed readers, or CSV from a
// spreadsheet (columns url, kind, title in any order, header required). A CSV row without a
// kind is read like `nghe sources add URL`: platform pages are recognised, the rest are feeds.
import sax from 'sax';
import { isPublisher } from '../connectors/publisher.js';
import type { NewSource } from '../model.js';
import { resolveNewSource, SourceUrlError } from './source-from-url.js';

export class SourceListError extends Error {
  override name = 'SourceListError';
}

export interface SourceListEntry extends NewSource {
  /** 1-based line of the entry in the file, for messages. */
  line: number;
}

export interface SourceList {
  entries: SourceListEntry[];
  /** Lines that were skipped, with the reason. */
  rejected: { line: number; reason: string }[];
}

export function parseSourceList(text: string, fileName = ''): SourceList {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return parseOpml(text);
  if (/\.opml$|\.xml$/i.test(fileName)) throw new SourceListError('not an OPML file: no XML found');
  return parseCsv(text);
}

export function parseOpml(text: string): SourceList {
  const parser = sax.parser(false, { lowercase: true, trim: true });
  const entries: SourceListEntry[] = [];
  const rejected: SourceList['rejected'] = [];
  let sawOpml = false;
  parser.onopentag = (tag) => {
    if (tag.name === 'opml') sawOpml = true;
    if (tag.name !== 'outline') return;
    const attr = (name: string) => {
      const value = tag.attributes[name];
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
    };
    const url = attr('xmlurl');
    if (!url) return; // a folder
    const line = parser.line + 1;
    const checked = checkUrl(url);
    if (checked) rejected.push({ line, reason: checked });
    else entries.push({ kind: 'feed', url, title: attr('title') ?? attr('text'), line });
  };
  parser.onerror = () => {
    // Keep what was read; OPML files from old readers are often slightly broken.
    parser.error = null as unknown as Error;
    parser.resume();
  };
  parser.write(text).close();
  if (!sawOpml) throw new SourceListError('not an OPML file: no <opml> element');
  return { entries, rejected };
}

export function parseCsv(text: string): SourceList {
  const body = text.replace(/^\uFEFF/, '');
  // Spreadsheets in some locales export with semicolons; the header row tells which.
  const firstLine = body.slice(0, body.indexOf('\n') >>> 0);
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const rows = splitCsv(body, delimiter);
  const header = rows.shift();
  if (!header) throw new SourceListError('empty CSV file');
  const names = header.cells.map((h) => h.trim().toLowerCase());
  const urlColumn = names.findIndex((n) => n === 'url' || n === 'xmlurl' || n === 'feed');
  if (urlColumn < 0) throw new SourceListError('CSV needs a header row with a "url" column');
  const kindColumn = names.indexOf('kind');
  const titleColumn = names.indexOf('title');
  // 'outlet' or 'page' when the source is an organisation's own: its bylines stay named.
  const publisherColumn = names.indexOf('publisher');
  const entries: SourceListEntry[] = [];
  const rejected: SourceList['rejected'] = [];
  for (const row of rows) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const url = row.cells[urlColumn]?.trim() ?? '';
    const kind = (kindColumn >= 0 ? row.cells[kindColumn]?.trim().toLowerCase() : '') || undefined;
    const title = titleColumn >= 0 ? row.cells[titleColumn]?.trim() || null : null;
    const publisher =
      (publisherColumn >= 0 ? row.cells[publisherColumn]?.trim().toLowerCase() : '') || null;
    const problem =
      checkUrl(url) ??
      (publisher === null || isPublisher(publisher)
        ? null
        : `unknown publisher "${publisher}" (outlet or page, or empty for people)`);
    if (problem) {
      rejected.push({ line: row.line, reason: problem });
      continue;
    }
    try {
      const source = resolveNewSource(url, { kind, title });
      if (publisher !== null) source.settings = { ...source.settings, publisher };
      entries.push({ ...source, line: row.line });
    } catch (error) {
      if (!(error instanceof SourceUrlError)) throw error;
      rejected.push({ line: row.line, reason: error.message });
    }
  }
  return { entries, rejected };
}

function checkUrl(url: string): string | null {
  if (url === '') return 'missing URL';
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      return `not an http(s) URL: ${url}`;
    return null;
  } catch {
    return `not a URL: ${url}`;
  }
}

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes, CRLF or LF. */
function splitCsv(text: string, delimiter: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  return rows;
}
