import { describe, expect, it } from 'vitest';
import { detectSpikes, median, type SeriesBucket, shareOfVoice, trendingTerms } from './trends.js';

/** A series with Poisson-like noise around `level`, deterministic. */
function series(
  counts: number[],
  negativeShare: (i: number) => number = () => 0.2,
): SeriesBucket[] {
  return counts.map((total, i) => {
    const negative = Math.round(total * negativeShare(i));
    return {
      t: new Date(Date.UTC(2025, 5, 1, i)).toISOString(),
      total,
      negative,
      positive: Math.round((total - negative) / 2),
      neutral: total - negative - Math.round((total - negative) / 2),
    };
  });
}

function noisy(n: number, level: number, seed = 1): number[] {
  let a = seed;
  return Array.from({ length: n }, () => {
    a = (a * 1103515245 + 12345) % 2 ** 31;
    return Math.max(0, Math.round(level + (a / 2 ** 31 - 0.5) * 2 * Math.sqrt(level)));
  });
}

describe('median', () => {
  it('takes the middle value or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe('detectSpikes', () => {
  it('finds a burst in a noisy steady series and states the baseline it crossed', () => {
    const counts = noisy(72, 40);
    counts[60] = 140;
    const report = detectSpikes(series(counts), { metric: 'volume' });
    expect(report.spikes.map((s) => s.t)).toEqual([series(counts)[60]!.t]);
    const spike = report.spikes[0]!;
    expect(spike.baseline).toBeGreaterThan(30);
    expect(spike.baseline).toBeLessThan(50);
    expect(spike.threshold).toBeGreaterThan(spike.baseline);
    expect(spike.value).toBeGreaterThan(spike.threshold);
    expect(report.method).toMatch(/median of the previous 24 buckets/);
  });

  it('never flags small counts or a steady series', () => {
    const small = [1, 0, 1, 1, 0, 1, 1, 0, 3, 1];
    expect(detectSpikes(series(small), { metric: 'volume' }).spikes).toEqual([]);
    expect(detectSpikes(series(noisy(200, 50, 7)), { metric: 'volume' }).spikes).toEqual([]);
  });

  it('waits for enough history before judging', () => {
    const counts = [10, 10, 200, 10, 10, 10, 10, 10, 10, 300];
    const options = { metric: 'volume', minHistory: 6, minBaselineDays: 0 } as const;
    const spikes = detectSpikes(series(counts), options).spikes;
    expect(spikes.map((s) => s.value)).toEqual([300]);
  });

  it('flags nothing on the first day of data: empty buckets before it are no baseline', () => {
    // A day of nothing, then a topic's first mentions arrive, a burst among them.
    const counts = [...Array(24).fill(0), 12, 15, 11, 14, 200, 13, 12];
    const report = detectSpikes(series(counts), { metric: 'volume' });
    expect(report.spikes).toEqual([]);
    expect(report.method).toContain('from 1 days after the first mention');
    // The same burst a day and more into the data is judged, against that data only.
    const later = [...Array(24).fill(0), ...noisy(30, 12), 200];
    const judged = detectSpikes(series(later), { metric: 'volume' }).spikes;
    expect(judged.map((s) => s.value)).toEqual([200]);
    expect(judged[0]!.baseline).toBeGreaterThan(8);
  });

  it('takes the first mention from dataSince when the series starts inside the data', () => {
    const points = series([...noisy(30, 12), 200]);
    const since = points[20]!.t;
    expect(detectSpikes(points, { metric: 'volume', dataSince: since }).spikes).toEqual([]);
    const old = '2025-05-01T00:00:00.000Z';
    expect(detectSpikes(points, { metric: 'volume', dataSince: old }).spikes).toHaveLength(1);
  });

  it('flags a jump in the negative share, not in volume', () => {
    const points = series(noisy(48, 100, 3), (i) => (i === 40 ? 0.7 : 0.2));
    expect(detectSpikes(points, { metric: 'volume' }).spikes).toEqual([]);
    const negative = detectSpikes(points, { metric: 'negative' });
    expect(negative.spikes.map((s) => s.t)).toEqual([points[40]!.t]);
    expect(negative.spikes[0]!.baseline).toBeCloseTo(0.2, 1);
    expect(negative.method).toMatch(/negative mentions/);
  });

  it('skips buckets without rated mentions for the negative share', () => {
    const points = series([0, 0, 0, 0, 0, 0, 0, 50], () => 0.9);
    expect(detectSpikes(points, { metric: 'negative' }).spikes).toEqual([]);
  });
});

describe('trendingTerms', () => {
  it('ranks terms by how far they exceed the scaled baseline', () => {
    const baseline = [
      { term: 'mưa', count: 700 },
      { term: 'ngập', count: 70 },
      { term: 'cầu', count: 7 },
    ];
    const current = [
      { term: 'mưa', count: 100 },
      { term: 'ngập', count: 60 },
      { term: 'triều cường', count: 12 },
      { term: 'cầu', count: 2 },
    ];
    const rows = trendingTerms(current, baseline, { currentSpan: 24, baselineSpan: 168 });
    expect(rows.map((r) => r.term)).toEqual(['ngập', 'triều cường']);
    const ngap = rows[0]!;
    expect(ngap.baseline).toBe(70);
    expect(ngap.score).toBeCloseTo((60 - 10) / Math.sqrt(11), 6);
  });

  it('needs a minimum count and positive spans', () => {
    expect(
      trendingTerms([{ term: 'a', count: 3 }], [], { currentSpan: 1, baselineSpan: 1 }),
    ).toEqual([]);
    expect(() => trendingTerms([], [], { currentSpan: 0, baselineSpan: 1 })).toThrow(RangeError);
  });
});

describe('shareOfVoice', () => {
  it('splits the combined volume, largest first', () => {
    const rows = shareOfVoice([
      { topicId: 1, name: 'a', count: 25 },
      { topicId: 2, name: 'b', count: 75 },
    ]);
    expect(rows.map((r) => [r.topicId, r.share])).toEqual([
      [2, 0.75],
      [1, 0.25],
    ]);
    expect(shareOfVoice([{ topicId: 1, name: 'a', count: 0 }])[0]!.share).toBe(0);
  });
});
