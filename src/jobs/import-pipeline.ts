// What `nghe import` runs each batch through after reading it: pseudonymisation, analysis and
// topic tagging, wired the same way for the command and for the benchmark that measures it.

import type { ListeningStore } from '../store/listening-store.js';
import type { Store } from '../store/store.js';
import { createThreadedMentionAnalyzer } from './analyze-mentions.js';
import type { ImportFileOptions } from './import-file.js';
import type { Pseudonymiser } from './pseudonymise.js';
import { TopicTagger } from './topic-tagger.js';

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
  // Analysis runs on a worker thread, a batch ahead of the store writer on this one.
  const analyzer = createThreadedMentionAnalyzer();
  const analyze = analyzer.analyze;
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
    close: () => analyzer.close(),
  };
}
