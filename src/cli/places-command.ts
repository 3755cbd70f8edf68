import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import type { PlaceContext, PlaceMention } from '../places/tag-places.js';
import { CliError } from './cli-error.js';
import { isoDateOption } from './date-option.js';

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

/** `nghe places backfill`: places, sectors and stories for mentions stored without them. */
async function backfillStored(options: { since?: string; batch?: string }): Promise<void> {
  const since = isoDateOption(options.since, '--since');
  const pageSize = options.batch === undefined ? 500 : Number(options.batch);
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new CliError(`--batch: not a positive whole number: ${options.batch}`);
  }
  const { loadConfig } = await import('../config/config.js');
  const { openSqliteStore } = await import('../store/sqlite/sqlite-store.js');
  const { backfillPlacesAndStories } = await import('../store/sqlite/place-story-backfill.js');
  const { tagText } = await import('../analysis/tag-stages.js');
  const { analysisText } = await import('../jobs/analyze-mentions.js');
  const config = loadConfig();
  if (!existsSync(config.databasePath)) throw new CliError(`no store at ${config.databasePath}`);
  const store = openSqliteStore(config.databasePath);
  const tty = process.stderr.isTTY === true;
  const line = (p: { total: number; done: number; tagged: number }) =>
    `places backfill: ${p.done}/${p.total} mentions (${p.total === 0 ? 100 : Math.floor((100 * p.done) / p.total)}%), ${p.tagged} tagged`;
  try {
    const result = backfillPlacesAndStories(
      store.db,
      (m) => tagText(analysisText(m), { publishedAt: m.publishedAt, province: m.province }),
      {
        ...(since === undefined ? {} : { sinceMs: Date.parse(since) }),
        pageSize,
        onProgress: (p) => {
          if (tty) process.stderr.write(`\r${line(p)}`);
        },
      },
    );
    if (tty) process.stderr.write('\n');
    console.log(line(result));
  } finally {
    await store.close();
  }
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
  places
    .command('backfill')
    .description(
      'give mentions stored without them their places, sectors and stories (resumable: run again to carry on)',
    )
    .option(
      '--since <date>',
      'only mentions published on or after this day (YYYY-MM-DD or ISO 8601)',
    )
    .option('--batch <n>', 'mentions per transaction', '500')
    .action(backfillStored);
}
