// Imports rows read from an export through the collection pipeline: the same pseudonymisation,
// analysis, storage without a source, and topic tagging, in batches. A bad row is reported
// and never stops the import or costs its batch; after each stored batch the caller records
// how far it got, and a later run given those totals skips the rows already stored.
import type { ImportRow, ImportRowError } from '../connectors/import/import-row.js';
import type { CollectedMention, MentionInput } from '../model.js';
import type { SaveMentionsResult, Store } from '../store/store.js';
import { type AnalyzeBatch, describeError } from './collector.js';
import type { ImportTotals } from './import-file-checkpoint.js';
import { prepareMention } from './prepare-mention.js';
import type { Pseudonymiser } from './pseudonymise.js';

export type { ImportTotals };

// Large: each batch is one transaction for its mentions and one for its tags, and their
// roll-ups are upserted once per bucket per batch; against 10,000 topics, batches of 2,500 wrote
// tags in half the CPU time of batches of 500, and batches of 5,000 write about a third fewer
// bytes per post than batches of 2,000, since each commit writes the pages it touched whole
// (bench/ingest-e2e.ts).
export const DEFAULT_IMPORT_BATCH = 5000;
/** Reasons kept for the summary; the error report has them all. */
const FIRST_ERRORS = 5;

export interface ImportFileOptions {
  store: Store;
  pseudonymise: Pseudonymiser;
  analyze?: AnalyzeBatch;
  /**
   * After each batch with new mentions (topic tagging), with the inputs that save was given;
   * a failure is a warning.
   */
  onSaved?: (saved: SaveMentionsResult, inputs: readonly MentionInput[]) => Promise<unknown>;
  batchSize?: number;
  /** Totals of an earlier run of this file: its rows are skipped, not analysed again. */
  resumeFrom?: ImportTotals | null;
  /** The rows of each batch that could not be imported, before `onBatch`. */
  onErrors?: (errors: ImportRowError[]) => void | Promise<void>;
  /** After each stored batch, with the running totals (where a checkpoint is saved). */
  onBatch?: (totals: ImportTotals) => void | Promise<void>;
  /** Stops reading; the batches already read are analysed and stored. */
  signal?: AbortSignal;
  now?: () => Date;
}

export interface ImportSummary extends ImportTotals {
  /** Rows skipped because an earlier run stored them. */
  resumedFrom: number;
  /** Stopped by the signal before the end of the input. */
  stopped: boolean;
  firstErrors: ImportRowError[];
  warnings: string[];
}

interface PendingMention {
  line: number;
  mention: CollectedMention;
}

export async function importRows(
  rows: AsyncIterable<ImportRow>,
  options: ImportFileOptions,
): Promise<ImportSummary> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_IMPORT_BATCH);
  const now = options.now ?? (() => new Date());
  const resumedFrom = options.resumeFrom?.rows ?? 0;
  const totals: ImportTotals = {
    rows: resumedFrom,
    inserted: options.resumeFrom?.inserted ?? 0,
    existing: options.resumeFrom?.existing ?? 0,
    errors: options.resumeFrom?.errors ?? 0,
  };
  const firstErrors: ImportRowError[] = [];
  const warnings: string[] = [];
  let pending: PendingMention[] = [];
  let errors: ImportRowError[] = [];
  let batchRows = 0;
  // The batch read last, being analysed while the next one is read and the one before it is
  // stored: analysis on another thread overlaps both.
  let analysing: Promise<AnalysedBatch> | null = null;

  const store = async () => {
    if (analysing === null) return;
    const batch = await analysing;
    analysing = null;
    const stored = await storeBatch(batch, options, warnings);
    const batchErrors = [...batch.errors, ...stored.errors].sort((a, b) => a.line - b.line);
    totals.rows += batch.rows;
    totals.inserted += stored.inserted;
    totals.existing += stored.existing;
    totals.errors += batchErrors.length;
    for (const error of batchErrors) if (firstErrors.length < FIRST_ERRORS) firstErrors.push(error);
    if (batchErrors.length > 0) await options.onErrors?.(batchErrors);
    await options.onBatch?.({ ...totals });
  };

  const flush = async () => {
    const next = analyseBatch(pending, errors, batchRows, options, now().toISOString());
    // Its failure surfaces when it is stored, after the batch before it.
    next.catch(() => {});
    pending = [];
    errors = [];
    batchRows = 0;
    await store();
    analysing = next;
  };

  let index = 0;
  let stopped = false;
  try {
    for await (const row of rows) {
      if (index++ < resumedFrom) continue;
      batchRows++;
      if ('reason' in row) errors.push(row);
      else pending.push(row);
      if (batchRows >= batchSize) await flush();
      if (options.signal?.aborted) {
        stopped = true;
        break;
      }
    }
  } catch (error) {
    // Input that fails further on: the whole batch read and analysed before it is still stored.
    await store().catch(() => undefined);
    throw error;
  }
  if (batchRows > 0) await flush();
  await store();
  return { ...totals, resumedFrom, stopped, firstErrors, warnings };
}

interface AnalysedBatch {
  /** Rows read for it, good and bad. */
  rows: number;
  prepared: { line: number; input: MentionInput }[];
  errors: ImportRowError[];
}

/** Prepares one batch and starts its analysis; a row the pipeline refuses becomes an error. */
async function analyseBatch(
  batch: PendingMention[],
  rowErrors: ImportRowError[],
  rows: number,
  options: ImportFileOptions,
  collectedAt: string,
): Promise<AnalysedBatch> {
  const errors = [...rowErrors];
  const prepared: { line: number; input: MentionInput }[] = [];
  for (const { line, mention } of batch) {
    try {
      const input = prepareMention(mention, {
        pseudonymise: options.pseudonymise,
        collectedAt,
        sourceUrl: null,
      });
      prepared.push({ line, input });
    } catch (error) {
      errors.push({ line, reason: describeError(error), excerpt: mention.text.slice(0, 200) });
    }
  }
  if (options.analyze && prepared.length > 0) {
    const inputs = prepared.map((p) => p.input);
    const analyses = await options.analyze(inputs);
    inputs.forEach((input, i) => {
      input.analysis = analyses[i] ?? null;
    });
  }
  return { rows, prepared, errors };
}

/** Stores one analysed batch; a row the store refuses becomes a row error. */
async function storeBatch(
  { prepared }: AnalysedBatch,
  options: ImportFileOptions,
  warnings: string[],
): Promise<{ inserted: number; existing: number; errors: ImportRowError[] }> {
  const errors: ImportRowError[] = [];
  if (prepared.length === 0) return { inserted: 0, existing: 0, errors };
  const inputs = prepared.map((p) => p.input);
  let inserted = 0;
  let existing = 0;
  const record = async (saved: SaveMentionsResult, given: readonly MentionInput[]) => {
    inserted += saved.inserted;
    existing += saved.existing;
    if (!options.onSaved || saved.inserted === 0) return;
    try {
      await options.onSaved(saved, given);
    } catch (error) {
      warnings.push(`after storing: ${describeError(error)}`);
    }
  };
  try {
    await record(await options.store.saveMentions(null, inputs), inputs);
  } catch {
    // The batch is one transaction: find the row the store refuses and keep the others.
    for (const { line, input } of prepared) {
      try {
        await record(await options.store.saveMentions(null, [input]), [input]);
      } catch (error) {
        errors.push({
          line,
          reason: `not stored: ${describeError(error)}`,
          excerpt: input.text.slice(0, 200),
        });
      }
    }
  }
  return { inserted, existing, errors };
}
