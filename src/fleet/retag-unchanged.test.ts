import { describe, expect, it } from 'vitest';
import type { SaveMentionsResult, Store } from '../store/store.js';
import { retagUnchanged } from './retag-unchanged.js';

describe('retagUnchanged', () => {
  it('hands a batch’s unchanged mentions to tagging as well, and returns what the store said', async () => {
    const result: SaveMentionsResult = {
      inserted: 1,
      existing: 2,
      updated: 1,
      ids: [10, 11, 12],
      statuses: ['new', 'unchanged', 'updated'],
    };
    const store = {
      saveMentions: async () => result,
      getSource: async () => null,
    } as unknown as Store;
    const tagged: SaveMentionsResult[] = [];
    const wrapped = retagUnchanged(store, async (saved) => tagged.push(saved));
    expect(await wrapped.saveMentions(1, [])).toBe(result);
    expect(tagged).toEqual([{ ...result, statuses: ['new', 'new', 'updated'] }]);
    expect(await wrapped.getSource(1)).toBeNull();
  });

  it('tags nothing more when the batch had no unchanged mention', async () => {
    const result: SaveMentionsResult = {
      inserted: 1,
      existing: 0,
      updated: 0,
      ids: [5],
      statuses: ['new'],
    };
    const store = { saveSourceBatch: async () => result } as unknown as Store;
    const tagged: SaveMentionsResult[] = [];
    await retagUnchanged(store, async (saved) => tagged.push(saved)).saveSourceBatch(1, [], 'c');
    expect(tagged).toEqual([]);
  });
});
