// What `nghe import` runs each batch through after reading it: pseudonymisation, analysis and
// topic tagging, wired the same way for the command and for the benchmark that measures it.

import { availableParallelism } from 'node:os';
import type { AnalysisWorkerPool } from '../analysis/worker-pool.js';
import type { ListeningStore } from '../store/listening-store.js';
import type { Store } from '../store/store.js';
import { createMentionAnalyzer } from './analyze-mentions.js';
import type { ImportFileOptions } from './import-file.js';
import type { Pseudonymiser } from './pseudonymise.js';
import { TopicTagger } from './topic-tagger.js';

/** Analysis threads of an import (at most the machine's parallelism). */
export const IMPORT_ANALYSIS_THREADS = 2;

export interface ImportPipeline {
  options: Required<Pick<ImportFileOptions, 'store' | 'pseudonymise' | 'analyze' | 'onSaved'>>;
  /** Loads the models and the active topics (otherwise done by the first batch). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function createImportPipeline(options: {
  store: Store & ListeningStore;
  pseudonymise: Pseudonymiser;
  /** The application's tagger, which publishes tags to live streams; one is made otherwise. */
  tagger?: TopicTagger;
}): ImportPipeline {
  const tagger = options.tagger ?? new TopicTagger({ store: options.store });
  // Analysis runs on two worker threads (each batch split between them), a batch ahead of the
  // store writer on this one: analysing a batch costs more than storing it, so the writer
  // would otherwise wait on a single analysis thread. Only what is stored comes back.
  let pool: Promise<AnalysisWorkerPool> | undefined;
  const started = () => {
    pool ??= import('../analysis/worker-pool.js').then(
      (module) =>
        new module.AnalysisWorkerPool({
          size: Math.min(IMPORT_ANALYSIS_THREADS, availableParallelism()),
          offThread: true,
          tokens: false,
        }),
    );
    return pool;
  };
  const analyze = createMentionAnalyzer({
    analyze: async (texts) => (await started()).analyze(texts),
  });
  return {
    options: {
      store: options.store,
      pseudonymise: options.pseudonymise,
      analyze,
      // Tagging matches the new mentions from the inputs just saved, not read back.
      onSaved: (saved, inputs) => tagger.tagSaved(saved, { inputs, sourceId: null }),
    },
    ready: async () => {
      await analyze([]);
      await tagger.refresh();
    },
    close: async () => {
      // A pool that failed to start has nothing to close; its error was already given to the
      // batch that asked for it, and closing must not throw it a second time.
      const running = await pool?.catch(() => undefined);
      await running?.close();
    },
  };
}
