import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import { foldDiacritics } from '../../text/fold.js';
import { WordRunDictionary, WordRunIds } from '../../text/word-ids.js';
import { defaultSectorTagger, loadSectors, tagSectors } from './tag-sectors.js';

const ids = (text: string) => tagSectors(text).map((t) => t.sector);

describe('sector taxonomy', () => {
  it('names every sector in Vietnamese and English, each but "other" owned by a department', () => {
    const sectors = loadSectors();
    expect(sectors.map((s) => s.id)).toEqual([
      'traffic',
      'flooding',
      'environment',
      'land',
      'health',
      'education',
      'order',
      'administration',
      'utilities',
      'prices',
      'welfare',
      'other',
    ]);
    for (const s of sectors) {
      expect(s.vi.length).toBeGreaterThan(0);
      expect(s.en.length).toBeGreaterThan(0);
      if (s.id !== 'other') expect(s.departments.length).toBeGreaterThan(0);
    }
  });
});

describe('tagSectors', () => {
  for (const [text, sector] of [
    ['Kẹt xe kéo dài trên cao tốc sáng nay', 'traffic'],
    ['ket xe qua troi luon', 'traffic'],
    ['Triều cường dâng cao, nhiều tuyến đường ngập sâu', 'flooding'],
    ['Bãi rác bốc mùi hôi, dân kêu trời', 'environment'],
    ['Chậm cấp sổ đỏ, người dân khiếu nại', 'land'],
    ['Bệnh viện quá tải vì sốt xuất huyết', 'health'],
    ['Học phí tăng khiến phụ huynh lo lắng', 'education'],
    ['Công an bắt nhóm cướp giật điện thoại', 'order'],
    ['Làm căn cước mất cả buổi vì thủ tục rườm rà', 'administration'],
    ['Mất điện cả ngày giữa nắng nóng', 'utilities'],
    ['Giá xăng tăng lần thứ ba trong tháng', 'prices'],
    ['Trợ cấp cho hộ nghèo chậm đến tay người dân', 'welfare'],
  ] as const) {
    it(`tags "${text}" as ${sector}`, () => {
      expect(ids(text)).toContain(sector);
    });
  }

  it('needs two weak cues before tagging a sector', () => {
    expect(ids('Tôi đi xe máy đến công ty')).toEqual(['other']);
    expect(ids('Xe máy va chạm với ô tô trên phố')).toContain('traffic');
  });

  it('does not read idioms as their sector', () => {
    expect(ids('Doanh số bùng nổ, vé concert cháy hàng')).not.toContain('order');
    expect(ids('Lũ trẻ chơi đùa ngoài sân')).not.toContain('flooding');
  });

  it('reads a storm as flooding and disasters, but not a storm of comments', () => {
    expect(ids('Bão đi qua làm tốc mái nhiều nhà')).toContain('flooding');
    expect(ids('Cơn bão dư luận quanh bộ phim mới')).not.toContain('flooding');
  });

  it('keeps phrases inside longer ones of another sector apart', () => {
    // "hóa đơn điện" (the electricity bill) inside "hóa đơn điện tử" (an e-invoice)
    expect(ids('Tăng cường kiểm soát dữ liệu hóa đơn điện tử')).toEqual(['administration']);
    // "nhiễm" (infected) inside "ô nhiễm" (polluted)
    expect(ids('Kênh ô nhiễm nặng, nước thải đổ thẳng ra sông')).toEqual(['environment']);
  });

  it('tags a text that concerns two sectors with both, the stronger first', () => {
    const tags = tagSectors('Mưa lớn gây ngập, kẹt xe nghiêm trọng trên quốc lộ 1');
    expect(tags.map((t) => t.sector).sort()).toEqual(['flooding', 'traffic']);
    for (const t of tags) expect(t.confidence).toBeGreaterThan(0.5);
  });

  it('says "other" when nothing public-service is mentioned', () => {
    expect(tagSectors('Bộ phim này hay quá')).toEqual([
      { sector: 'other', score: 0, confidence: 0, matched: [] },
    ]);
  });
});

describe('sector rule filter', () => {
  it('turns down only plain texts no counting rule fires on', () => {
    const sectors = loadSectors();
    const tagger = defaultSectorTagger();
    const phrases = sectors.flatMap((s) => [...s.phrases, ...s.weakPhrases, ...s.excluded]);
    // Phrase words shuffled into everyday words, as written, folded, in capitals, cut short.
    const words = [
      ...new Set(phrases.flatMap((p) => p.split(' '))),
      'đi',
      'ăn',
      'ship',
      'ra',
      'về',
      'ở',
    ];
    const gaps = [' ', ' ', ', ', '. ', '-'];
    const random = seededRandom(5);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const spell = (s: string): string => {
      const r = random();
      return r < 0.5 ? s : r < 0.7 ? foldDiacritics(s) : r < 0.85 ? s.toUpperCase() : s.slice(0, 3);
    };
    const dictionary = new WordRunDictionary();
    const runs = new WordRunIds();
    let turnedDown = 0;
    let fired = 0;
    for (let t = 0; t < 8000; t++) {
      const parts: string[] = [];
      for (let i = 1 + Math.floor(random() * 6); i > 0; i--) {
        parts.push(spell(random() < 0.4 ? pick(phrases) : pick(words)), pick(gaps));
      }
      const text = parts.join('').trim();
      const tags = tagger.tag(text).map((x) => x.sector);
      if (tags[0] !== 'other') fired++;
      dictionary.tokenize(text, runs);
      if (runs.plain && !tagger.mayFire(dictionary, runs.copy())) {
        turnedDown++;
        expect({ text, tags }).toEqual({ text, tags: ['other'] });
      }
    }
    expect(turnedDown).toBeGreaterThan(500);
    expect(fired).toBeGreaterThan(1000);
  });
});
