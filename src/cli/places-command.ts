import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import type { PlaceContext, PlaceMention } from '../places/tag-places.js';
import { CliError } from './cli-error.js';

// `nghe places tag [FILE]`: JSON Lines in ({"id", "text"}, optional "publishedAt" and
// "province"), one line out per line in, same order. A bad line gets an error line with its
// number; the others are still tagged.

export interface PlacesStreamSummary {
  tagged: number;
  errors: number;
}

type Tag = (text: string, context: PlaceContext) => PlaceMention[];

function write(output: Writable, chunk: string): Promise<void> {
  if (output.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => output.once('drain', resolve));
}

function readLine(raw: string): { id: unknown; text: string; context: PlaceContext } | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'expected a JSON object with a string "text"';
  }
  const r = value as Record<string, unknown>;
  if (typeof r.text !== 'string') return 'missing string field "text"';
  for (const field of ['publishedAt', 'province'] as const) {
    if (r[field] != null && typeof r[field] !== 'string') return `"${field}" must be a string`;
  }
  if (typeof r.publishedAt === 'string' && Number.isNaN(Date.parse(r.publishedAt))) {
    return `"publishedAt" is not a date: ${r.publishedAt}`;
  }
  return {
    id: r.id ?? null,
    text: r.text,
    context: { publishedAt: r.publishedAt as string | undefined, province: r.province as string },
  };
}

/** Read JSON Lines from `input`, write one `{"id","places"}` line per input line to `output`. */
export async function tagPlacesJsonLines(
  input: Readable,
  output: Writable,
  tag?: Tag,
): Promise<PlacesStreamSummary> {
  const tagger = tag ?? (await import('../places/tag-places.js')).tagPlaces;
  const summary: PlacesStreamSummary = { tagged: 0, errors: 0 };
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (raw.trim() === '') continue;
    const parsed = readLine(raw);
    if (typeof parsed === 'string') {
      summary.errors++;
      await write(output, `${JSON.stringify({ line, error: parsed })}\n`);
      continue;
    }
    const places = tagger(parsed.text, parsed.context).map((m) => ({
      surface: m.surface,
      level: m.level,
      province: m.province,
      code: m.code,
      confidence: m.confidence,
      ...(m.wards && m.level === 'district' ? { wards: m.wards } : {}),
    }));
    summary.tagged++;
    await write(output, `${JSON.stringify({ id: parsed.id, places })}\n`);
  }
  return summary;
}

export function registerPlacesCommand(program: Command): void {
  const places = program
    .command('places')
    .description('place tagging over the gazetteer of Vietnamese provinces, districts and wards');
  places
    .command('tag [file]')
    .description(
      'the places each JSON Lines {"id","text"[,"publishedAt","province"]} is about (stdin when no file)',
    )
    .action(async (file: string | undefined) => {
      if (file !== undefined && file !== '-' && !existsSync(file)) {
        throw new CliError(`no such file: ${file}`);
      }
      const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);
      const summary = await tagPlacesJsonLines(input, process.stdout);
      if (summary.errors > 0) {
        process.stderr.write(
          `nghe: ${summary.errors} line(s) could not be read; see their error lines\n`,
        );
        process.exitCode = 2;
      }
    });
}
