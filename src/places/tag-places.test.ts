import { describe, expect, it } from 'vitest';
import { loadGazetteer } from './gazetteer.js';
import { tagPlaces } from './tag-places.js';

const brief = (text: string, context?: Parameters<typeof tagPlaces>[1]) =>
  tagPlaces(text, context).map((m) => ({ level: m.level, code: m.code, province: m.province }));
const gazetteer = loadGazetteer();

describe('tagPlaces: aliases, with and without diacritics', () => {
  const hcm = { level: 'city', code: '79', province: 'Hồ Chí Minh' };
  for (const text of [
    'Mưa lớn ở TP.HCM chiều nay',
    'Mưa lớn ở TPHCM chiều nay',
    'Mưa lớn ở TP HCM chiều nay',
    'Mưa lớn ở thành phố Hồ Chí Minh',
    'Người Sài Gòn quen với mưa',
    'Heavy rain in HCMC today',
    'mua lon o tphcm chieu nay',
    'mua lon o sai gon chieu nay',
    'SG mưa quá trời',
  ]) {
    it(`reads "${text}" as Ho Chi Minh City`, () => {
      expect(brief(text)).toEqual([hcm]);
    });
  }

  for (const [text, code] of [
    ['Cháy nhà ở quận 1', '760'],
    ['Cháy nhà ở Q.1', '760'],
    ['Cháy nhà ở Q1, TP.HCM', '760'],
    ['chay nha o quan 1', '760'],
    ['Ngập ở huyện Củ Chi', '783'],
    ['ngap o huyen cu chi', '783'],
    ['Sạt lở ở TX. Sơn Tây', '269'],
    ['Đường ở quận 9 xuống cấp', '769'],
  ] as const) {
    it(`reads the former district in "${text}"`, () => {
      const [m] = tagPlaces(text);
      expect(m).toMatchObject({ level: 'district', code, structure: 'former' });
      expect(m!.wards!.length).toBeGreaterThan(0);
    });
  }

  for (const text of ['Cháy ở P. Bến Nghé', 'Cháy ở phường Bến Nghé', 'chay o phuong ben nghe']) {
    it(`reads "${text}" as the former ward inside today's Phường Sài Gòn`, () => {
      const [m] = tagPlaces(text);
      expect(m).toMatchObject({ level: 'ward', code: '26740', province: 'Hồ Chí Minh' });
      expect(gazetteer.formerWard(m!.formerCode!)?.name).toBe('Bến Nghé');
    });
  }
});

describe('tagPlaces: context', () => {
  it('reads bare "Sài Gòn" as the city and "phường Sài Gòn" as the ward', () => {
    expect(brief('Sài Gòn đẹp lắm')[0]?.level).toBe('city');
    expect(brief('UBND phường Sài Gòn thông báo')[0]).toMatchObject({
      level: 'ward',
      code: '26740',
    });
  });

  it('resolves a district name shared by many provinces with the province named nearby', () => {
    const names = gazetteer.formerDistricts.filter((d) => d.name === 'Châu Thành');
    expect(names.length).toBeGreaterThan(5);
    expect(brief('Sạt lở ở huyện Châu Thành')).toEqual([]);
    const withProvince = brief('Sạt lở ở huyện Châu Thành, tỉnh Tiền Giang');
    const district = withProvince.find((m) => m.level === 'district')!;
    expect(gazetteer.formerDistrict(district.code)?.formerProvince).toBe('82');
    const byHome = brief('Sạt lở ở huyện Châu Thành', { province: 'Tiền Giang' });
    expect(byHome).toEqual([district]);
  });

  it('resolves a numbered ward by the district named beside it', () => {
    expect(brief('Phường 10 có nhiều ca sốt xuất huyết')).toEqual([]);
    const [ward] = tagPlaces('Phường 10, quận 3 có nhiều ca sốt xuất huyết', {
      publishedAt: '2024-05-01',
    });
    expect(ward?.province).toBe('Hồ Chí Minh');
    expect(gazetteer.formerWard(ward!.formerCode!)?.district).toBe('770');
  });

  it('resolves a ward name shared by many provinces with the source home province', () => {
    const without = brief('Tai nạn ở phường Tân Hòa');
    const homed = tagPlaces('Tai nạn ở phường Tân Hòa', { province: '79' });
    expect(without).toEqual([]);
    expect(homed[0]?.province).toBe('Hồ Chí Minh');
  });

  it('reads a bare former district before July 2025, and the ward of its name after', () => {
    expect(brief('Thủ Đức ngập sâu', { publishedAt: '2024-09-01' })[0]).toMatchObject({
      level: 'district',
      code: '769',
    });
    expect(brief('Thủ Đức ngập sâu', { publishedAt: '2025-09-01' })[0]).toMatchObject({
      level: 'ward',
      code: '26824',
    });
  });

  it('reads former provinces as the province they became part of', () => {
    expect(tagPlaces('Giá nhà ở Bình Dương tăng')[0]).toMatchObject({
      code: '79',
      formerCode: '74',
      province: 'Hồ Chí Minh',
    });
  });
});

describe('tagPlaces: precision', () => {
  for (const text of [
    'Du khách đổ về chợ Bến Thành',
    'Kẹt xe trên đường Lê Lợi',
    'Ông Nguyễn Trãi là danh nhân',
    'Tư tưởng Hồ Chí Minh về đạo đức',
    'Chúng ta mong hòa bình',
    'Trận đấu hôm nay rất hay',
  ]) {
    it(`reads no place in "${text}"`, () => {
      expect(brief(text)).toEqual([]);
    });
  }

  it('reads the ward but not the street of the same name', () => {
    const found = brief('Kẹt xe trên đường Bến Thành, phường Bến Thành, TP.HCM');
    expect(found.map((m) => m.level)).toEqual(['ward', 'city']);
  });

  it('gives offsets of each surface and a confidence between 0 and 1', () => {
    const text = 'Ngập ở quận 1, TP.HCM';
    for (const m of tagPlaces(text)) {
      expect(text.slice(m.start, m.end)).toBe(m.surface);
      expect(m.confidence).toBeGreaterThan(0);
      expect(m.confidence).toBeLessThanOrEqual(1);
    }
  });
});

describe('tagPlaces: names as social text writes them', () => {
  const codes = (text: string) => tagPlaces(text, { publishedAt: '2020-10-01' }).map((m) => m.code);

  it('reads a name that has no diacritics of its own among accented words', () => {
    expect(codes('Học sinh ở Nha Trang ngộ độc, Sở Y tế Khánh Hòa cho biết')).toEqual([
      '568',
      '56',
    ]);
  });

  it('reads a province typed in lower case with its diacritics, not one that is an everyday word', () => {
    expect(codes('ship 10 hộp ra bắc ninh nào')).toEqual(['24']);
    expect(codes('Cầu mong hòa bình cho thế giới')).toEqual([]);
  });

  it('reads a name with only its first word capitalised', () => {
    expect(codes('Phải có cao tốc đi Mỹ tho sớm')).toContain('815');
  });

  it('places a glued "q8" by another district of the same city, but not a lone car model', () => {
    expect(codes('Căn hộ ở q8 giờ lên giá, căn ở Thủ Đức cũng vậy')).toEqual(['776', '769']);
    expect(codes('Nhìn ngang như xe Q5, đầu thì như Q7/Q8')).toEqual([]);
  });

  it('reads the short forms of Bà Rịa - Vũng Tàu as Ho Chi Minh City, of which it is now part', () => {
    expect(codes('Tìm hiểu đất Phú Mỹ (Bà Rịa - VT) đi')).toEqual(['754', '79']);
    expect(codes('Tôi ở BR-VT')).toEqual(['79']);
  });
});
