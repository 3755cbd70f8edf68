import { describe, expect, it } from 'vitest';
import { createHostLimiter, HostLimiterClosedError } from './host-limiter.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createHostLimiter', () => {
  it('keeps at most `concurrency` slots per host and hands the next one on release', async () => {
    const limiter = createHostLimiter({ concurrency: 2, minIntervalMs: 0 });
    const granted: number[] = [];
    const releases = Array.from({ length: 4 }, (_, i) =>
      limiter.acquire('a.vn').then((release) => {
        granted.push(i);
        return release;
      }),
    );
    await tick();
    expect(granted).toEqual([0, 1]);
    (await releases[0]!)();
    (await releases[0]!)(); // a second release of the same slot is ignored
    await tick();
    expect(granted).toEqual([0, 1, 2]);
    (await releases[1]!)();
    await tick();
    expect(granted).toEqual([0, 1, 2, 3]);
    limiter.close();
  });

  it('spaces starts to one host by minIntervalMs', async () => {
    const limiter = createHostLimiter({ concurrency: 10, minIntervalMs: 60 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, () =>
        limiter.acquire('a.vn').then((release) => {
          starts.push(performance.now());
          release();
        }),
      ),
    );
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(55);
    }
    limiter.close();
  });

  it('lets a per-host interval raise the gap but not lower it', async () => {
    const limiter = createHostLimiter({ concurrency: 10, minIntervalMs: 20 });
    const gap = async (host: string, intervalMs: number) => {
      (await limiter.acquire(host, undefined, intervalMs))();
      const started = performance.now();
      (await limiter.acquire(host, undefined, intervalMs))();
      return performance.now() - started;
    };
    expect(await gap('slow.vn', 150)).toBeGreaterThanOrEqual(140);
    expect(await gap('fast.vn', 0)).toBeGreaterThanOrEqual(15);
    limiter.close();
  });

  it('does not hold one host back for another, even across 10,000 hosts', async () => {
    const limiter = createHostLimiter({ concurrency: 1, minIntervalMs: 60_000 });
    const started = performance.now();
    const releases = await Promise.all(
      Array.from({ length: 10_000 }, (_, i) => limiter.acquire(`host-${i}.vn`)),
    );
    expect(performance.now() - started).toBeLessThan(500);
    for (const release of releases) release();
    limiter.close();
  });

  it('forgets idle hosts and keeps no timers for them', async () => {
    let clock = 0;
    const limiter = createHostLimiter({ concurrency: 1, minIntervalMs: 1_000, now: () => clock });
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    for (let i = 0; i < 10_000; i++) (await limiter.acquire(`host-${i}.vn`))();
    expect(limiter.trackedHosts()).toBe(10_000);
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(timersAfter).toBeLessThanOrEqual(timersBefore);
    clock += 1_500;
    (await limiter.acquire('another.vn'))();
    expect(limiter.trackedHosts()).toBe(1);
    limiter.close();
  });

  it('forgets a host right away when no interval applies', async () => {
    const limiter = createHostLimiter({ concurrency: 1, minIntervalMs: 0 });
    const release = await limiter.acquire('a.vn');
    expect(limiter.trackedHosts()).toBe(1);
    release();
    expect(limiter.trackedHosts()).toBe(0);
    limiter.close();
  });

  it('drops an aborted waiter and serves the next one', async () => {
    const limiter = createHostLimiter({ concurrency: 1, minIntervalMs: 0 });
    const first = await limiter.acquire('a.vn');
    const controller = new AbortController();
    const aborted = limiter.acquire('a.vn', controller.signal);
    const third = limiter.acquire('a.vn');
    controller.abort(new Error('gave up'));
    await expect(aborted).rejects.toThrow('gave up');
    first();
    const release = await third;
    release();
    expect(limiter.trackedHosts()).toBe(0);
    limiter.close();
  });

  it('rejects waiters on close', async () => {
    const limiter = createHostLimiter({ concurrency: 1, minIntervalMs: 10_000 });
    (await limiter.acquire('a.vn'))();
    const waiting = limiter.acquire('a.vn');
    limiter.close();
    await expect(waiting).rejects.toBeInstanceOf(HostLimiterClosedError);
    await expect(limiter.acquire('b.vn')).rejects.toBeInstanceOf(HostLimiterClosedError);
  });
});
