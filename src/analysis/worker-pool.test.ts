import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { createAnalysisPipeline } from './pipeline.js';
import { AnalysisWorkerPool } from './worker-pool.js';

// Each thread loads the models first: slow on a loaded machine, hence the longer budget.
describe('AnalysisWorkerPool', { timeout: 60_000 }, () => {
  const pool = new AnalysisWorkerPool({ size: 2, minParallelBatch: 10 });
  afterAll(() => pool.close());

  const texts = Array.from({ length: 60 }, (_, i) => ({
    id: String(i),
    text:
      i % 3 === 0
        ? `Sản phẩm số ${i} rất tốt`
        : i % 3 === 1
          ? `giao hang cham qua, that vong lan ${i}`
          : `Post number ${i} is awful`,
  }));

  it('gives the same results, in order, as the single-thread pipeline', async () => {
    const expected = createAnalysisPipeline().analyze(texts);
    const parallel = await pool.analyze(texts);
    expect(parallel).toEqual(expected);
  });

  it('fails the batches of a thread that stopped, and starts another for the next batch', async () => {
    const offThread = new AnalysisWorkerPool({ size: 1, offThread: true });
    try {
      await offThread.analyze([]);
      // Long enough that the thread is still at it when stopped.
      const pending = offThread.analyze(Array.from({ length: 20 }, () => texts).flat());
      const { workers } = offThread as unknown as { workers: Worker[] };
      await workers[0]!.terminate();
      await expect(pending).rejects.toThrow('the analysis thread stopped');
      expect(await offThread.analyze(texts.slice(0, 5))).toEqual(
        createAnalysisPipeline().analyze(texts.slice(0, 5)),
      );
    } finally {
      await offThread.close();
    }
  });

  it('leaves the words out of the results when asked, and nothing else', async () => {
    const lean = new AnalysisWorkerPool({ size: 2, minParallelBatch: 10, tokens: false });
    try {
      const expected = createAnalysisPipeline().analyze(texts);
      const results = await lean.analyze(texts);
      expect(expected.some((r) => r.tokens.length > 0)).toBe(true);
      expect(results.every((r) => r.tokens.length === 0)).toBe(true);
      expect(results).toEqual(expected.map((r) => ({ ...r, tokens: [] })));
      const few = texts.slice(0, 3);
      expect(await lean.analyze(few)).toEqual(
        createAnalysisPipeline()
          .analyze(few)
          .map((r) => ({ ...r, tokens: [] })),
      );
    } finally {
      await lean.close();
    }
  });

  it('keeps small batches on the calling thread', async () => {
    const few = texts.slice(0, 3);
    expect(await pool.analyze(few)).toEqual(createAnalysisPipeline().analyze(few));
  });
});
