// JSON Lines readers: the portable records `nghe social parse` prints, and Zeeschuimer/4CAT
// NDJSON captures. One line is one row; a line that is not JSON is a row error.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { CollectedMention, Platform } from '../../model.js';
import { isObject } from '../social/json-fields.js';
import { fromSocialRecord, SocialRecordError } from '../social/social-record.js';
import { excerptOf, type ImportRow, PLATFORM_NAMES, RowError } from './import-row.js';
import { personSafeUrl } from './person-urls.js';
import { zeeschuimerItem } from './zeeschuimer.js';

export interface JsonLine {
  line: number;
  raw: string;
  /** The parsed value, or undefined when `error` says why not. */
  value?: unknown;
  error?: string;
}

/** Non-blank lines of a byte stream, parsed as JSON, with their 1-based line numbers. */
export async function* jsonLines(source: AsyncIterable<Buffer>): AsyncGenerator<JsonLine> {
  const lines = createInterface({
    input: Readable.from(source),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  for await (const text of lines) {
    line++;
    const raw = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (raw.trim() === '') continue;
    try {
      yield { line, raw, value: JSON.parse(raw) };
    } catch {
      yield { line, raw, error: 'not valid JSON' };
    }
  }
}

type LineMapper = (value: unknown) => CollectedMention;

async function* mapLines(
  source: AsyncIterable<Buffer>,
  map: LineMapper,
): AsyncGenerator<ImportRow> {
  for await (const { line, raw, value, error } of jsonLines(source)) {
    if (error !== undefined) {
      yield { line, reason: error, excerpt: excerptOf(raw) };
      continue;
    }
    try {
      yield { line, mention: map(value) };
    } catch (err) {
      if (!(err instanceof RowError) && !(err instanceof SocialRecordError)) throw err;
      yield { line, reason: err.message, excerpt: excerptOf(raw) };
    }
  }
}

/** Records in the shape `nghe social parse` prints; `platform` fills records that name none. */
export function readSocialRecords(
  source: AsyncIterable<Buffer>,
  options: { platform?: Platform } = {},
): AsyncGenerator<ImportRow> {
  return mapLines(source, (value) => {
    const record =
      options.platform && isObject(value) && value.platform == null
        ? { ...value, platform: options.platform }
        : value;
    const mention = fromSocialRecord(record, PLATFORM_NAMES);
    if ((mention.author?.kind ?? 'person') === 'person') mention.url = personSafeUrl(mention.url);
    return mention;
  });
}

/** Zeeschuimer captures (as 4CAT stores them): one platform web item per line. */
export function readZeeschuimer(source: AsyncIterable<Buffer>): AsyncGenerator<ImportRow> {
  return mapLines(source, zeeschuimerItem);
}
