import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../places/index.js';
import type { AuditEntry } from '../store/listening-store.js';
import { type FlagSettings, flagUsage } from './usage-flags.js';
import { scopeOfUnit } from './usage-scope.js';

const settings: FlagSettings = {
  workHours: { start: '07:00', end: '19:00' },
  timeZone: 'Asia/Ho_Chi_Minh',
  from: '2025-06-02T00:00:00.000Z',
  to: '2025-06-07T00:00:00.000Z',
};

let serial = 0;
/** `local` is Hồ Chí Minh City time (UTC+7). */
function entry(local: string, fields: Partial<AuditEntry> = {}): AuditEntry {
  const at = new Date(Date.parse(`${local}+07:00`)).toISOString();
  return {
    id: ++serial,
    at,
    actor: 'lan',
    action: 'listMentions',
    detail: '{}',
    resultCount: 1,
    unitId: 2,
    ...fields,
  };
}

const hcmc = scopeOfUnit(
  {
    id: 2,
    parentId: 1,
    kind: 'province',
    name: 'Thành phố Hồ Chí Minh',
    places: ['province:79'],
    sectors: ['flooding'],
    functions: [],
    createdAt: '2025-01-01T00:00:00Z',
  },
  loadGazetteer(),
);
const scopeOf = (unitId: number) => (unitId === 2 ? hcmc : null);
const kinds = (entries: AuditEntry[]) =>
  flagUsage(entries, settings, scopeOf).map((f) => [f.kind, 'entryId' in f ? f.entryId : f.day]);

describe('usage flags', () => {
  it('flags use after hours and on weekends, in the installation time zone', () => {
    const early = entry('2025-06-03T06:59:00'); // a Tuesday
    const open = entry('2025-06-03T07:00:00');
    const closing = entry('2025-06-03T18:59:00');
    const late = entry('2025-06-03T19:00:00');
    const night = entry('2025-06-06T23:30:00'); // Friday night, Friday 16:30 UTC
    const before = entry('2025-06-01T10:00:00'); // before the period: not reviewed
    expect(kinds([early, open, closing, late, night, before])).toEqual([
      ['after-hours', early.id],
      ['after-hours', late.id],
      ['after-hours', night.id],
    ]);
    const saturday = { ...settings, to: '2025-06-09T00:00:00.000Z' };
    const flags = flagUsage([entry('2025-06-07T10:00:00')], saturday, scopeOf);
    expect(flags).toEqual([expect.objectContaining({ localTime: '2025-06-07 10:00 Sat' })]);
  });

  it('flags exports above five times the user’s median day, and at least 20 rows', () => {
    const habit = ['2025-05-20', '2025-05-22', '2025-05-27'].map((day) =>
      entry(`${day}T09:00:00`, { action: 'exportMentions', resultCount: 10 }),
    );
    const fifty = entry('2025-06-03T09:00:00', { action: 'exportMentions', resultCount: 50 });
    const more = entry('2025-06-04T09:00:00', { action: 'exportChart', resultCount: 30 });
    const plenty = entry('2025-06-04T10:00:00', { action: 'exportMentions', resultCount: 30 });
    const flags = flagUsage([...habit, fifty, more, plenty], settings, scopeOf);
    // 50 = 5 × 10 is not above it; 60 on the 4th is above 5 × median(10, 10, 10, 50) = 50.
    expect(flags).toEqual([
      expect.objectContaining({
        kind: 'export-volume',
        day: '2025-06-04',
        rows: 60,
        median: 10,
        entryIds: [more.id, plenty.id],
      }),
    ]);
    const first = entry('2025-06-05T09:00:00', {
      actor: 'minh/laptop',
      action: 'exportMentions',
      resultCount: 19,
    });
    const firstBig = entry('2025-06-06T09:00:00', {
      actor: 'minh',
      action: 'exportMentions',
      resultCount: 20,
    });
    expect(kinds([first])).toEqual([]);
    expect(kinds([firstBig])).toEqual([['export-volume', '2025-06-06']]);
  });

  it('flags filters and query terms outside the unit’s places and sectors', () => {
    const inside = entry('2025-06-03T09:00:00', {
      detail: JSON.stringify({ places: ['79', '25747', '718'] }),
    });
    const hanoi = entry('2025-06-03T09:00:00', { detail: JSON.stringify({ places: ['01'] }) });
    const health = entry('2025-06-03T09:00:00', {
      detail: JSON.stringify({ sectors: ['health'] }),
    });
    const query = entry('2025-06-03T09:00:00', {
      detail: JSON.stringify({ query: 'ngập AND place:"Hà Nội"' }),
    });
    const notQuery = entry('2025-06-03T09:00:00', {
      detail: JSON.stringify({ query: 'ngập -place:"Hà Nội"' }),
    });
    const other = entry('2025-06-03T09:00:00', {
      unitId: 9,
      detail: JSON.stringify({ places: ['01'] }),
    });
    expect(kinds([inside, hanoi, health, query, notQuery, other])).toEqual([
      ['outside-scope', hanoi.id],
      ['outside-scope', health.id],
      ['outside-scope', query.id],
    ]);
  });

  it('never flags scheduled jobs', () => {
    expect(kinds([entry('2025-06-03T02:00:00', { actor: 'system:retention' })])).toEqual([]);
  });
});
