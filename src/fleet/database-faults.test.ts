import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable, retryingWrites, whileDatabaseReturns } from './database-faults.js';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
  code: 'ECONNREFUSED',
});
const shutdown = Object.assign(new Error('terminating connection due to administrator command'), {
  code: '57P01',
});

describe('database faults', () => {
  it('tells an unreachable server from a refused query', () => {
    expect(isDatabaseUnreachable(refused)).toBe(true);
    expect(isDatabaseUnreachable(shutdown)).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnreachable(Object.assign(new Error('duplicate key'), { code: '23505' })),
    ).toBe(false);
    expect(isDatabaseUnreachable(null)).toBe(false);
  });

  it('retries a write with growing waits until the server answers, keeping its arguments', async () => {
    const waits: number[] = [];
    let calls = 0;
    const store = {
      prefix: 'saved:',
      async save(items: string[]) {
        calls++;
        if (calls < 4) throw calls === 2 ? shutdown : refused;
        return `${this.prefix}${items.join(',')}`;
      },
      async read() {
        throw refused;
      },
    };
    const wrapped = retryingWrites(store, ['save'], {
      initialDelayMs: 100,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(await wrapped.save(['a', 'b'])).toBe('saved:a,b');
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
    expect(waits[2]!).toBeGreaterThan(waits[0]!);
    await expect(wrapped.read()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('throws at once what is not a lost connection, and gives up after its deadline', async () => {
    let calls = 0;
    await expect(
      whileDatabaseReturns('w', async () => {
        calls++;
        throw new Error('syntax error');
      }),
    ).rejects.toThrow('syntax error');
    expect(calls).toBe(1);
    await expect(
      whileDatabaseReturns(
        'w',
        async () => {
          throw refused;
        },
        { initialDelayMs: 50, giveUpAfterMs: 10, sleep: async () => {} },
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
