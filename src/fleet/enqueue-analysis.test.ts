import { describe, expect, it } from 'vitest';
import type { MentionInput } from '../model.js';
import type { SaveMentionsResult, Store } from '../store/store.js';
import type { AnalyseJob } from './analyse-job.js';
import { analyseJobOf, enqueueAnalysisAfterWrites } from './enqueue-analysis.js';

const input = (homeProvince: string | null) => ({ homeProvince }) as MentionInput;

describe('enqueueAnalysisAfterWrites', () => {
  const result: SaveMentionsResult = {
    inserted: 2,
    existing: 2,
    updated: 1,
    ids: [10, 11, 12, 10, 13],
    statuses: ['new', 'unchanged', 'updated', 'new', 'new'],
  };
  const inputs = [input('79'), input(null), input('01'), input('79'), input(null)];

  it('enqueues the new and edited mentions of a committed batch, each once, with its home province', async () => {
    const store = {
      saveSourceBatch: async () => result,
      getSource: async () => null,
    } as unknown as Store;
    const jobs: AnalyseJob[] = [];
    const wrapped = enqueueAnalysisAfterWrites(store, async (job) => jobs.push(job), {
      includeUnchanged: false,
    });
    expect(await wrapped.saveSourceBatch(1, inputs, 'cursor')).toBe(result);
    expect(jobs).toEqual([
      {
        mentions: [
          { id: 10, homeProvince: '79' },
          { id: 12, edited: true, homeProvince: '01' },
          { id: 13 },
        ],
      },
    ]);
    expect(await wrapped.getSource(1)).toBeNull();
  });

  it('a run again enqueues the unchanged mentions too (its first run may have died before enqueueing)', () => {
    expect(analyseJobOf(inputs, result, true)?.mentions.map((m) => m.id)).toEqual([10, 11, 12, 13]);
  });

  it('enqueues nothing for a batch with nothing new, and nothing when the write fails', async () => {
    const unchanged: SaveMentionsResult = {
      inserted: 0,
      existing: 1,
      updated: 0,
      ids: [5],
      statuses: ['unchanged'],
    };
    const jobs: AnalyseJob[] = [];
    const quiet = enqueueAnalysisAfterWrites(
      { saveMentions: async () => unchanged } as unknown as Store,
      async (job) => jobs.push(job),
      { includeUnchanged: false },
    );
    await quiet.saveMentions(1, [input(null)]);
    expect(jobs).toEqual([]);
    const failing = enqueueAnalysisAfterWrites(
      {
        saveMentions: async () => {
          throw new Error('database away');
        },
      } as unknown as Store,
      async (job) => jobs.push(job),
      { includeUnchanged: true },
    );
    await expect(failing.saveMentions(1, [input(null)])).rejects.toThrow('database away');
    expect(jobs).toEqual([]);
  });
});
