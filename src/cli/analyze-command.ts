import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
// Type-only: the pipeline loads models and the language detector's n-gram tables, which would
// slow every command's start; it is imported when an analysis actually runs.
import type { AnalysisInput, AnalysisResult } from '../analysis/pipeline.js';
import type { GroupedShareEstimate } from '../analysis/quantify/index.js';
import type { TowardsTopic } from '../analysis/sentiment/towards-topic.js';
import { CliError } from './cli-error.js';

// `nghe analyze [FILE]`: JSON Lines in ({"id", "text"}), JSON Lines out, same order, streamed
// in batches so memory stays flat whatever the input size.

export interface AnalyzeStreamOptions {
  tokens?: boolean;
  /** Lines per batch handed to the pipeline. */
  batchSize?: number;
  /** Sentiment towards a topic's query of one text (`--towards`); null when it has none. */
  towards?: (text: string, lang: string) => TowardsTopic | null;
  /** Analyses one batch; defaults to the in-process pipeline. */
  analyze?: (batch: AnalysisInput[]) => AnalysisResult[] | Promise<AnalysisResult[]>;
}

export interface AnalyzeStreamSummary {
  analyzed: number;
  errors: number;
}

type Pending = { line: number; id: unknown; text: string } | { line: number; error: string };

function parseLine(raw: string, line: number): Pending {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { line, error: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { line, error: 'expected a JSON object with a string "text"' };
  }
  const record = value as Record<string, unknown>;
  if (typeof record.text !== 'string') return { line, error: 'missing string field "text"' };
  return { line, id: record.id ?? null, text: record.text };
}

function write(output: Writable, chunk: string): Promise<void> {
  if (output.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => output.once('drain', resolve));
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function towardsRecord(towards: TowardsTopic | null): Record<string, unknown> | null {
  const p = towards?.prediction;
  if (!towards || !p) return null;
  return {
    sentiment: p.label,
    probabilities: {
      positive: round3(p.probabilities.positive),
      neutral: round3(p.probabilities.neutral),
      negative: round3(p.probabilities.negative),
    },
    sentences: towards.sentences,
  };
}

/** Read JSON Lines from `input`, write one result line per input line to `output`. */
export async function analyzeJsonLines(
  input: Readable,
  output: Writable,
  options: AnalyzeStreamOptions = {},
): Promise<AnalyzeStreamSummary> {
  const batchSize = options.batchSize ?? 512;
  const analyze =
    options.analyze ?? (await import('../analysis/pipeline.js')).createAnalysisPipeline().analyze;
  const summary: AnalyzeStreamSummary = { analyzed: 0, errors: 0 };
  let batch: Pending[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const inputs: AnalysisInput[] = [];
    const texts: string[] = [];
    for (const p of batch) {
      if ('text' in p) {
        inputs.push({ id: String(p.line), text: p.text });
        texts.push(p.text);
      }
    }
    const results = inputs.length > 0 ? await analyze(inputs) : [];
    let next = 0;
    let out = '';
    for (const p of batch) {
      if ('error' in p) {
        out += `${JSON.stringify({ line: p.line, error: p.error })}\n`;
        summary.errors++;
        continue;
      }
      const r = results[next++];
      if (!r) throw new Error('analysis returned fewer results than inputs');
      const record: Record<string, unknown> = {
        id: p.id,
        lang: r.lang,
        sentiment: r.sentiment,
        confidence: r.confidence === null ? null : Math.round(r.confidence * 1000) / 1000,
        probabilities: r.probabilities && {
          positive: Math.round(r.probabilities.positive * 1000) / 1000,
          neutral: Math.round(r.probabilities.neutral * 1000) / 1000,
          negative: Math.round(r.probabilities.negative * 1000) / 1000,
        },
        keywords: r.keywords,
      };
      if (options.tokens) record.tokens = r.tokens;
      if (options.towards)
        record.towards = towardsRecord(options.towards(texts[next - 1]!, r.lang));
      out += `${JSON.stringify(record)}\n`;
      summary.analyzed++;
    }
    batch = [];
    await write(output, out);
  };

  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    // Blank lines (a trailing newline, spacing) are not inputs.
    if (raw.trim() === '') continue;
    batch.push(parseLine(raw, lineNumber));
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return summary;
}

export interface SharesSummary {
  /** Posts left out: no sentiment model for their language, or no language found. */
  excluded: number;
  /** Lines that were not a JSON object with a string "text" (each reported on `errors`). */
  invalid: number;
}

/** Rounded to 4 decimals: finer digits than the intervals carry are noise. */
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

function rounded<T extends Pick<GroupedShareEstimate, 'shares' | 'intervals'>>(estimate: T): T {
  const shares = { ...estimate.shares };
  const intervals = { ...estimate.intervals };
  for (const c of ['positive', 'neutral', 'negative'] as const) {
    shares[c] = round4(shares[c]);
    intervals[c] = [round4(intervals[c][0]), round4(intervals[c][1])];
  }
  return { ...estimate, shares, intervals };
}

/**
 * The sentiment shares of every post in the JSON Lines `input`. Vietnamese posts are corrected
 * for the model's measured confusions (models/sentiment/quantifier.json), by register; English
 * posts by plain probability averaging, since no labelled English data measured a correction;
 * posts in other languages, or with none found, are left out and counted in `excluded`. Bad
 * lines are reported to `errors`, one line each, and counted in `invalid`.
 */
export async function sharesOfJsonLines(
  input: Readable,
  errors: Writable,
  options: Pick<AnalyzeStreamOptions, 'batchSize' | 'analyze'> = {},
): Promise<GroupedShareEstimate & SharesSummary> {
  const batchSize = options.batchSize ?? 512;
  const analyze =
    options.analyze ?? (await import('../analysis/pipeline.js')).createAnalysisPipeline().analyze;
  const quantify = await import('../analysis/quantify/index.js');
  const params = quantify.loadQuantifierParams();
  const stats = quantify.emptyShareStatistics();
  let excluded = 0;
  let invalid = 0;
  let batch: AnalysisInput[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    for (const r of await analyze(batch)) {
      const group = quantify.shareGroup(r.lang, r.sentimentRegister);
      if (group === null || r.probabilities === null || r.sentiment === null) excluded++;
      else quantify.addPost(stats, { group, probabilities: r.probabilities, label: r.sentiment });
    }
    batch = [];
  };
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    if (raw.trim() === '') continue;
    const parsed = parseLine(raw, lineNumber);
    if ('error' in parsed) {
      invalid++;
      await write(errors, `line ${parsed.line}: ${parsed.error}\n`);
      continue;
    }
    batch.push({ id: String(parsed.line), text: parsed.text });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  const estimate = quantify.estimateShares(stats, params);
  const groups = Object.fromEntries(
    Object.entries(estimate.groups).map(([key, e]) => [key, rounded(e)]),
  );
  return { ...rounded(estimate), groups, excluded, invalid };
}

/** The `--towards` scorer; a malformed query is refused before any input is read. */
async function towardsScorer(query: string): Promise<AnalyzeStreamOptions['towards']> {
  const { parseQuery, QuerySyntaxError } = await import('../query/parse.js');
  let ast: ReturnType<typeof parseQuery>;
  try {
    ast = parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw new CliError(`--towards: ${error.message}`);
    throw error;
  }
  const { createTowardsScorer } = await import('../analysis/sentiment/towards-text.js');
  return createTowardsScorer(ast);
}

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze [file]')
    .description(
      'language, sentiment and keywords for JSON Lines {"id","text"} (stdin when no file)',
    )
    .option('--tokens', 'also print the words the analysis saw')
    .option(
      '--shares',
      'print one JSON object: sentiment shares of all the posts with 90 % intervals',
    )
    .option(
      '--towards <query>',
      "also print each Vietnamese text's sentiment towards a query, read from the sentences it hits most",
    )
    .option('--batch <n>', 'lines analysed together (default 512, or 4096 with --workers)')
    .option('--workers <n>', 'worker threads for large inputs (1 = this thread only)', '1')
    .action(
      async (
        file: string | undefined,
        options: {
          tokens?: boolean;
          shares?: boolean;
          towards?: string;
          batch?: string;
          workers: string;
        },
      ) => {
        const workers = Number(options.workers);
        if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
          throw new CliError('--workers: a whole number from 1 to 256');
        }
        const batchSize = Number(options.batch ?? (workers > 1 ? 4096 : 512));
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
          throw new CliError('--batch: a whole number from 1 to 100000');
        }
        const towards =
          options.towards === undefined ? undefined : await towardsScorer(options.towards);
        const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);
        await new Promise<void>((resolve, reject) => {
          if (input === process.stdin) return resolve();
          input.once('open', () => resolve());
          input.once('error', (error: Error) => reject(new CliError(`${file}: ${error.message}`)));
        });
        const pool =
          workers > 1
            ? new (await import('../analysis/worker-pool.js')).AnalysisWorkerPool({ size: workers })
            : null;
        try {
          if (options.shares) {
            const estimate = await sharesOfJsonLines(input, process.stderr, {
              batchSize,
              analyze: pool ? (batch) => pool.analyze(batch) : undefined,
            });
            await write(process.stdout, `${JSON.stringify(estimate)}\n`);
            return;
          }
          await analyzeJsonLines(input, process.stdout, {
            tokens: options.tokens === true,
            towards,
            batchSize,
            analyze: pool ? (batch) => pool.analyze(batch) : undefined,
          });
        } finally {
          await pool?.close();
        }
      },
    );
}
