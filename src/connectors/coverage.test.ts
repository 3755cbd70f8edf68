import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../model.js';
import { coverageForPeriod, coverageLine, PLATFORM_COVERAGE } from './coverage.js';
import { platformModules } from './platforms.js';

const source = (id: number, kind: 'x' | 'facebook' | 'tiktok' | 'feed', createdAt: string) => ({
  id,
  kind,
  title: `nguồn ${id}`,
  url: `https://example.vn/${id}`,
  createdAt,
});

describe('coverage statements', () => {
  it('declares what every platform sees and cannot see, each module included', () => {
    for (const platform of PLATFORMS) {
      const d = PLATFORM_COVERAGE[platform];
      expect(d.sees.length).toBeGreaterThan(20);
      expect(d.cannotSee.length).toBeGreaterThan(20);
    }
    for (const platform of platformModules.keys()) {
      expect(coverageLine(platform)).toMatch(new RegExp(`^${platform}: sees .+; cannot see .+`));
    }
    expect(coverageLine('facebook')).toContain('personal profiles, groups');
  });

  it('says when a source added in the period could not reach its start, and which days are late', () => {
    const statement = coverageForPeriod({
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
      now: new Date('2026-11-30T12:00:00Z'),
      sources: [
        source(1, 'x', '2026-11-20T08:00:00Z'),
        source(2, 'x', '2026-10-01T00:00:00Z'),
        source(3, 'tiktok', '2026-10-01T00:00:00Z'),
        source(4, 'feed', '2026-11-25T00:00:00Z'),
      ],
      platforms: ['x', 'tiktok', 'web', 'zalo'],
    });
    expect(statement.map((p) => p.platform)).toEqual(['tiktok', 'web', 'x', 'zalo']);
    const notes = Object.fromEntries(statement.map((p) => [p.platform, p.notes]));
    expect(notes.x).toEqual([
      'nguồn 1 (#1) was added on 2026-11-20 and its interface reaches back 7 days: nothing before 2026-11-13 of this period was seen',
    ]);
    expect(notes.tiktok).toEqual([
      'items appear on tiktok up to 2 days late: figures after 2026-11-28 are not complete yet',
    ]);
    // Feeds read back as far as the outlet keeps them: no note for a late source.
    expect(notes.web).toEqual([]);
    expect(notes.zalo).toEqual(['no source of this platform was followed']);
  });
});
