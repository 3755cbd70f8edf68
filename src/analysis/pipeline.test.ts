import { describe, expect, it } from 'vitest';
import { createAnalysisPipeline, toMentionAnalysis } from './pipeline.js';
import { segmentText } from './segment/index.js';

describe('analysis pipeline', () => {
  const pipeline = createAnalysisPipeline();

  it('runs every stage, in order, over a batch', () => {
    expect(pipeline.stages.map((s) => s.name)).toEqual([
      'normalize',
      'language',
      'segment',
      'sentiment',
      'keywords',
      'places',
      'sectors',
    ]);
    const results = pipeline.analyze([
      { id: 'a', text: 'Điện thoại này pin rất tốt, màn hình đẹp 😍' },
      { id: 'b', text: 'dien thoai nay pin qua te, that vong' },
      { id: 'c', text: 'The battery life is terrible' },
      { id: 'd', text: 'Der Akku ist schlecht' },
      { id: 'e', text: '👍👍' },
    ]);
    expect(results.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(results.map((r) => r.lang)).toEqual(['vi', 'vi', 'en', 'de', 'und']);
    expect(results.map((r) => r.sentiment)).toEqual([
      'positive',
      'negative',
      'negative',
      null,
      null,
    ]);
    expect(results[0]!.tokens).toContain('điện_thoại');
    expect(results[0]!.keywords).toContain('điện thoại');
    expect(results[2]!.keywords).toContain('battery life');
    expect(results[3]!.confidence).toBeNull();
    const timings = pipeline.stageTimings();
    expect(Object.keys(timings)).toHaveLength(7);
    expect(Object.values(timings).every((ms) => ms >= 0)).toBe(true);
  });

  it('maps to the stored analysis shape', () => {
    const [vi, und] = pipeline.analyze([
      { id: '1', text: 'Dịch vụ tuyệt vời' },
      { id: '2', text: '12345' },
    ]);
    expect(toMentionAnalysis(vi!)).toMatchObject({ lang: 'vi', sentiment: 'positive' });
    expect(toMentionAnalysis(vi!).sentimentConfidence).toBeGreaterThan(0);
    expect(toMentionAnalysis(und!)).toEqual({
      lang: null,
      sentiment: null,
      sentimentConfidence: null,
      sentimentProbabilities: null,
      shareGroup: null,
      keywords: [],
      places: [],
      sectors: [{ sector: 'other', confidence: 0 }],
    });
    expect(toMentionAnalysis(vi!).shareGroup).toMatch(/^vi:(feedback|forum)$/);
  });

  it('tags places in the structure in force when published, with the home province as context', () => {
    const [flood, ward, plain] = pipeline.analyze([
      {
        id: '1',
        text: 'Triều cường gây ngập nhiều tuyến đường ở quận 7, TP.HCM, kẹt xe kéo dài.',
        publishedAt: '2025-09-02T01:00:00Z',
      },
      { id: '2', text: 'Người dân phường Bến Thành phản ánh rác thải ùn ứ.', homeProvince: '79' },
      { id: '3', text: 'Người dân phường Bến Thành phản ánh rác thải ùn ứ.' },
    ]);
    expect(flood!.places!.map((p) => [p.province, p.level])).toContainEqual(['79', 'city']);
    expect(flood!.places!.some((p) => p.level === 'district' && p.province === '79')).toBe(true);
    expect(flood!.sectors!.map((s) => s.sector)).toEqual(
      expect.arrayContaining(['flooding', 'traffic']),
    );
    expect(ward!.places!.map((p) => p.province)).toEqual(['79']);
    expect(ward!.places![0]!.ward).toMatch(/^\d{5}$/);
    expect(ward!.sectors!.map((s) => s.sector)).toContain('environment');
    expect(plain!.places!.length).toBeLessThanOrEqual(ward!.places!.length);
  });

  it('segments Vietnamese from the tokens it made once, as segmenting the text would', () => {
    const texts = [
      'Điện thoại này pin rất tốt, mn ơi ko biết :)) 😂 @minh #HàNội',
      'HOÀ BÌNH quáaaaa đẹp www.abc.com.vn 0912 345 678 giá 500k',
    ];
    const results = pipeline.analyze(texts.map((text, i) => ({ id: String(i), text })));
    expect(results.map((r) => r.lang)).toEqual(['vi', 'vi']);
    expect(results.map((r) => r.tokens)).toEqual(texts.map((t) => segmentText(t)));
  });

  it('handles an empty batch', () => {
    expect(pipeline.analyze([])).toEqual([]);
  });
});

describe('analysis pipeline probabilities', () => {
  it('gives every post with a sentiment a probability per class, and a register for Vietnamese', () => {
    const [vi, en, und] = createAnalysisPipeline().analyze([
      { id: 'vi', text: 'Thầy dạy rất hay và nhiệt tình' },
      { id: 'en', text: 'The battery life is terrible' },
      { id: 'und', text: '👍👍' },
    ]);
    for (const r of [vi!, en!]) {
      const p = r.probabilities!;
      expect(p.positive + p.neutral + p.negative).toBeCloseTo(1, 9);
      expect(r.confidence).toBe(p[r.sentiment!]);
    }
    expect(['feedback', 'forum']).toContain(vi!.sentimentRegister);
    expect(en!.sentimentRegister).toBeNull();
    expect(und!.probabilities).toBeNull();
    expect(und!.sentimentRegister).toBeNull();
  });
});
