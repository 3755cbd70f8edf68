import { describe, expect, it } from 'vitest';
import { loadGazetteer } from './gazetteer.js';
import { readInStructure } from './read-in-structure.js';
import { tagPlaces } from './tag-places.js';

const gazetteer = loadGazetteer();

describe('gazetteer', () => {
  it('holds both structures: 34 provinces and 3,321 units today, 63 and 696 before', () => {
    expect(gazetteer.provinces).toHaveLength(34);
    expect(gazetteer.wards).toHaveLength(3321);
    expect(gazetteer.formerProvinces).toHaveLength(63);
    expect(gazetteer.formerDistricts).toHaveLength(696);
    expect(gazetteer.province('79')?.name).toBe('Hồ Chí Minh');
    expect(gazetteer.wards.filter((w) => w.province === '79')).toHaveLength(168);
  });

  it('maps Bình Dương and Bà Rịa - Vũng Tàu into Ho Chi Minh City', () => {
    expect(gazetteer.formerProvince('74')?.successor).toBe('79');
    expect(gazetteer.formerProvince('77')?.successor).toBe('79');
    expect(gazetteer.formerProvince('79')?.successor).toBe('79');
  });

  for (const [former, today, count] of [
    ['79', '79', 22],
    ['01', '01', 30],
  ] as const) {
    it(`maps every former district of ${gazetteer.province(today)!.name} to today's wards of it`, () => {
      const districts = gazetteer.formerDistricts.filter((d) => d.formerProvince === former);
      expect(districts).toHaveLength(count);
      for (const d of districts) {
        expect(d.wards.length, `${d.type} ${d.name}`).toBeGreaterThan(0);
        for (const code of d.wards) {
          const ward = gazetteer.ward(code);
          expect(ward, `${d.name} -> ${code}`).toBeDefined();
          expect(ward!.province).toBe(today);
          // Each ward it became names the district among its predecessors.
          expect(gazetteer.formerDistrictsOf(code).map((x) => x.code)).toContain(d.code);
        }
      }
    });
  }

  it('maps the old wards of Quận 1 to the new Phường Sài Gòn and Bến Thành', () => {
    const q1 = gazetteer.formerDistrict('760')!;
    const names = q1.wards.map((c) => gazetteer.ward(c)!.name);
    expect(names).toEqual(expect.arrayContaining(['Sài Gòn', 'Bến Thành', 'Tân Định']));
    const benNghe = gazetteer.formerWards.find(
      (w) => w.name === 'Bến Nghé' && w.district === '760',
    )!;
    expect(benNghe.wards.map((c) => gazetteer.ward(c)!.name)).toEqual(['Sài Gòn']);
  });

  it('reads a mention of a former district in either structure', () => {
    const [q1] = tagPlaces('Ngập ở quận 1', { publishedAt: '2024-10-01' });
    expect(q1?.level).toBe('district');
    const today = readInStructure(gazetteer, q1!, 'current');
    expect(today[0]).toEqual({ level: 'province', code: '79', name: 'Hồ Chí Minh' });
    expect(today.filter((u) => u.level === 'ward').map((u) => u.name)).toContain('phường Sài Gòn');
    const before = readInStructure(gazetteer, q1!, 'former');
    expect(before.map((u) => u.code)).toEqual(['79', '760']);
  });

  it('reads a ward of today back into the former wards it took in', () => {
    const [ward] = tagPlaces('UBND phường Sài Gòn họp dân');
    const before = readInStructure(gazetteer, ward!, 'former');
    const wardNames = before.filter((u) => u.level === 'ward').map((u) => u.name);
    expect(wardNames).toEqual(expect.arrayContaining(['phường Bến Nghé', 'phường Đa Kao']));
    expect(before.find((u) => u.level === 'district')?.code).toBe('760');
  });
});
