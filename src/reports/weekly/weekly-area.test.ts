import { describe, expect, it } from 'vitest';
import { AreaError, resolveArea } from './weekly-area.js';

describe('report areas', () => {
  it('reads a province by alias and a ward by name into the codes tagged on mentions', () => {
    const hcm = resolveArea({ level: 'province', place: 'TP.HCM' });
    expect(hcm.scope).toEqual({ places: ['79'], sectors: [] });
    expect(hcm.label).toContain('Hồ Chí Minh');
    const ward = resolveArea({ level: 'ward', place: 'phường Bến Nghé' });
    expect(ward.scope.places.every((c) => /^\d{5}$/.test(c))).toBe(true);
  });

  it("takes a department's sectors, with or without a place", () => {
    const dept = resolveArea({ level: 'sectors', sectors: ['flooding', 'traffic'] });
    expect(dept.scope).toEqual({ places: [], sectors: ['flooding', 'traffic'] });
  });

  it('refuses unknown places and sectors, and a province given as a ward', () => {
    expect(() => resolveArea({ level: 'province', place: 'Atlantis' })).toThrow(AreaError);
    expect(() => resolveArea({ level: 'sectors', sectors: ['weather'] })).toThrow(/unknown sector/);
    expect(() => resolveArea({ level: 'ward', place: 'Hà Nội' })).toThrow(/province, not a ward/);
    expect(() => resolveArea({ level: 'province' })).toThrow(/needs a place/);
  });
});
