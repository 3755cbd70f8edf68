import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../model.js';
import { StreamBatcher } from './stream-runner-batch.js';

const item = (n: number) => ({ text: `post ${n}` }) as CollectedMention;

/** A promise with its resolve handle. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('StreamBatcher', () => {
  it('prepares the next batch while the one before is written, and writes them in order', async () => {
    const log: string[] = [];
    const firstWrite = gate();
    const batcher = new StreamBatcher(
      async (mentions, cursor) => {
        log.push(`prepare ${mentions.length} @${cursor}`);
        return async () => {
          log.push(`write start @${cursor}`);
          if (cursor === 'a') await firstWrite.opened;
          log.push(`write end @${cursor}`);
        };
      },
      2,
      10_000,
    );
    await batcher.push([item(1), item(2)], 'a');
    // The first batch is being written; the stream goes on and fills the next.
    const second = batcher.push([item(3), item(4)], 'b');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual(['prepare 2 @a', 'write start @a', 'prepare 2 @b']);
    firstWrite.open();
    await second;
    await batcher.flush();
    expect(log).toEqual([
      'prepare 2 @a',
      'write start @a',
      'prepare 2 @b',
      'write end @a',
      'write start @b',
      'write end @b',
    ]);
  });

  it('prepares two batches while the one before is written, and takes a third when the first of them is written', async () => {
    const log: string[] = [];
    const analysed = gate();
    const batcher = new StreamBatcher(
      async (mentions, cursor) => {
        log.push(`prepare ${mentions.length} @${cursor}`);
        if (cursor === 'a') await analysed.opened;
        return async () => {
          log.push(`write @${cursor}`);
        };
      },
      1,
      10_000,
    );
    const first = batcher.push([item(1)], 'a');
    // The first batch is still being analysed: the next is prepared meanwhile, not after it.
    const second = batcher.push([item(2)], 'b');
    const third = batcher.push([item(3)], 'c');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual(['prepare 1 @a', 'prepare 1 @b']);
    analysed.open();
    await Promise.all([first, second, third]);
    await batcher.flush();
    expect(log).toEqual([
      'prepare 1 @a',
      'prepare 1 @b',
      'write @a',
      'prepare 1 @c',
      'write @b',
      'write @c',
    ]);
  });

  it('reports a batch that could not be prepared and writes nothing after it', async () => {
    const written: string[] = [];
    const batcher = new StreamBatcher(
      async (_mentions, cursor) => {
        if (cursor === 'bad') throw new Error('analysis failed');
        return async () => {
          written.push(String(cursor));
        };
      },
      1,
      10_000,
    );
    await batcher.push([item(1)], 'good');
    await batcher.push([item(2)], 'bad').catch(() => undefined);
    await batcher.flush();
    await expect(batcher.push([item(3)], 'later')).rejects.toThrow('analysis failed');
    expect(written).toEqual(['good']);
  });
});
