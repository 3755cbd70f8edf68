import { describe, expect, it } from 'vitest';
import { DecayingFrequency } from './decaying-frequency.js';
import { StoryClusterer } from './story-clusterer.js';
import { StoryTracker } from './story-tracker.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2022-11-21T06:00:00+07:00');

// Three events, each told four ways by different outlets, interleaved in time.
const EVENTS: Record<string, string[]> = {
  flood: [
    'Mưa lớn gây ngập sâu nhiều tuyến đường ở Thủ Đức, xe máy chết máy hàng loạt',
    'Thủ Đức ngập sâu sau trận mưa lớn chiều qua, người dân dắt xe máy lội nước',
    'Mưa lớn kèm triều cường, nhiều tuyến đường ở Thủ Đức ngập sâu',
    'Người dân Thủ Đức bì bõm lội nước vì ngập sau mưa lớn',
  ],
  fire: [
    'Cháy lớn tại xưởng gỗ ở Bình Dương, khói đen bao trùm khu công nghiệp',
    'Xưởng gỗ ở Bình Dương bốc cháy dữ dội, lính cứu hỏa dập lửa nhiều giờ',
    'Bình Dương: hỏa hoạn thiêu rụi xưởng gỗ rộng 2.000 m2 trong khu công nghiệp',
    'Khống chế đám cháy xưởng gỗ tại Bình Dương sau 3 giờ',
  ],
  trial: [
    'Cựu thứ trưởng Cao Minh Quang hầu tòa trong vụ Dược Cửu Long',
    'Ông Cao Minh Quang chống gậy đến tòa, phiên xử vụ Dược Cửu Long tiếp tục',
    'Vụ Dược Cửu Long: cựu thứ trưởng Cao Minh Quang nhập viện sau một ngày xét xử',
    'Luật sư đề nghị xem xét sức khỏe bị cáo Cao Minh Quang tại phiên tòa Dược Cửu Long',
  ],
};

function feed(clusterer: StoryClusterer, start = T0) {
  const storyOf = new Map<string, string | null>();
  let t = start;
  for (let i = 0; i < 4; i++) {
    for (const [event, texts] of Object.entries(EVENTS)) {
      const id = `${event}-${i}`;
      t += 20 * 60_000;
      storyOf.set(id, clusterer.add({ id, text: texts[i]!, publishedAt: t }).storyId);
    }
  }
  return storyOf;
}

describe('StoryClusterer', () => {
  it('groups differently worded texts of one event and keeps events apart', () => {
    const clusterer = new StoryClusterer();
    const storyOf = feed(clusterer);
    for (const event of Object.keys(EVENTS)) {
      const ids = [0, 1, 2, 3].map((i) => storyOf.get(`${event}-${i}`));
      expect(new Set(ids), event).toEqual(new Set([`${event}-0`]));
    }
    expect(clusterer.activeStories).toBe(3);
    const flood = clusterer.summary('flood-0')!;
    expect(flood.size).toBe(4);
    expect(flood.topTerms).toContain('thu duc');
  });

  it('starts a new story when the same words come back after the join window', () => {
    const clusterer = new StoryClusterer({ joinWindowMs: 2 * DAY, expiryMs: 30 * DAY });
    clusterer.add({ id: 'a', text: EVENTS.flood![0]!, publishedAt: T0 });
    const later = clusterer.add({ id: 'b', text: EVENTS.flood![1]!, publishedAt: T0 + 5 * DAY });
    expect(later.isNew).toBe(true);
    expect(clusterer.activeStories).toBe(2);
  });

  it('drops stories silent for longer than the expiry', () => {
    const clusterer = new StoryClusterer({ expiryMs: 7 * DAY });
    feed(clusterer);
    expect(clusterer.activeTexts).toBe(12);
    clusterer.add({
      id: 'late',
      text: 'Khai mạc hội chợ sách quốc tế tại Hà Nội',
      publishedAt: T0 + 8 * DAY + HOUR,
    });
    expect(clusterer.activeStories).toBe(1);
    expect(clusterer.storyOf('flood-0')).toBeNull();
    expect(clusterer.storyOf('late')).toBe('late');
  });

  it('keeps texts about disjoint places apart and joins a known copy directly', () => {
    const clusterer = new StoryClusterer();
    clusterer.add({ id: 'a', text: EVENTS.fire![0]!, publishedAt: T0, places: ['74'] });
    const elsewhere = clusterer.add({
      id: 'b',
      text: EVENTS.fire![1]!,
      publishedAt: T0 + HOUR,
      places: ['01'],
    });
    expect(elsewhere.isNew).toBe(true);
    const copy = clusterer.add({
      id: 'c',
      text: 'một văn bản khác hẳn',
      publishedAt: T0 + HOUR,
      sameStoryAs: 'a',
    });
    expect(copy.storyId).toBe('a');
  });

  it('starts no story for a text with too few content words, unless it is a copy', () => {
    const clusterer = new StoryClusterer();
    const short = clusterer.add({ id: 's', text: 'Ngập quá trời luôn', publishedAt: T0 });
    expect(short.storyId).toBeNull();
    expect(clusterer.activeStories).toBe(0);
    clusterer.add({ id: 'a', text: EVENTS.flood![0]!, publishedAt: T0 });
    const copy = clusterer.add({ id: 'c', text: 'Ngập quá', publishedAt: T0, sameStoryAs: 'a' });
    expect(copy.storyId).toBe('a');
  });

  it('looks no candidates up through a term too many live stories hold, yet counts it', () => {
    // Every story shares the common words; only the place tells them apart.
    const text = (place: string) =>
      `Mưa lớn gây ngập sâu nhiều tuyến đường ở ${place}, xe máy chết máy hàng loạt`;
    const places = ['Thủ Đức', 'Bình Thạnh', 'Gò Vấp', 'Tân Bình', 'Quận Bảy', 'Nhà Bè'];
    const run = (maxTermStories: number) => {
      const clusterer = new StoryClusterer({ maxTermStories, threshold: 0.9 });
      places.forEach((p, i) => {
        clusterer.add({ id: `p${i}`, text: text(p), publishedAt: T0 + i * HOUR });
      });
      return {
        clusterer,
        again: clusterer.add({ id: 'again', text: text('Thủ Đức'), publishedAt: T0 + 7 * HOUR }),
      };
    };
    const open = run(1000);
    expect(open.again.storyId).toBe('p0');
    // With a cap of 2 the shared words bring in nothing; "thu duc" still finds p0, and the
    // similarity, counted over every term, is the same.
    const capped = run(2);
    expect(capped.again.storyId).toBe('p0');
    expect(capped.again.similarity).toBeCloseTo(open.again.similarity!, 12);
  });

  it('counts a text in a story without letting its words in', () => {
    const clusterer = new StoryClusterer();
    clusterer.add({ id: 'a', text: EVENTS.flood![0]!, publishedAt: T0 });
    const before = clusterer.summary('a')!.topTerms;
    expect(clusterer.attach('r', 'a', T0 + HOUR)).toBe(true);
    expect(clusterer.attach('x', 'missing', T0 + HOUR)).toBe(false);
    expect(clusterer.storyOf('r')).toBe('a');
    expect(clusterer.summary('a')).toMatchObject({ size: 2, lastAt: T0 + HOUR, topTerms: before });
  });

  it('refuses a text already assigned and a time that is not one', () => {
    const clusterer = new StoryClusterer();
    clusterer.add({ id: 'a', text: EVENTS.fire![0]!, publishedAt: T0 });
    expect(() => clusterer.add({ id: 'a', text: 'x', publishedAt: T0 })).toThrow(/text a/);
    expect(() => clusterer.add({ id: 'b', text: 'x', publishedAt: Number.NaN })).toThrow(
      /text b: publishedAt/,
    );
  });
});

describe('DecayingFrequency', () => {
  it('weighs a term that was common last month like a rare one again', () => {
    const df = new DecayingFrequency(7 * DAY);
    for (let i = 0; i < 50; i++) df.add(i % 2 === 0 ? ['bão', 'mưa'] : ['mưa'], T0 + i * HOUR);
    const now = T0 + 50 * HOUR;
    expect(df.idf('bão', now)).toBeLessThan(df.idf('nắng', now));
    for (let i = 0; i < 50; i++) df.add(['mưa'], T0 + 60 * DAY + i * HOUR);
    const later = T0 + 61 * DAY;
    expect(df.idf('bão', later)).toBeGreaterThan(df.idf('mưa', later));
    expect(df.idf('bão', later)).toBeCloseTo(df.idf('nắng', later), 0);
  });
});

describe('StoryTracker', () => {
  it('puts a copy into the story of the text it copies', () => {
    const tracker = new StoryTracker();
    const text = `${EVENTS.trial![0]}. Phiên tòa kéo dài ba ngày với 12 bị cáo, Viện kiểm sát đề nghị mức án.`;
    tracker.add({ id: 'a', text, publishedAt: T0, source: 'vnexpress' });
    const r = tracker.add({ id: 'b', text: `${text}\nTheo VnExpress`, publishedAt: T0 + HOUR });
    expect(r.duplicate.firstPublisher?.id).toBe('a');
    expect(r.story.storyId).toBe('a');
    expect(r.story.similarity).toBeNull();
  });

  it('puts a reply in its post story without clustering it, and still finds its copies', () => {
    const tracker = new StoryTracker();
    tracker.add({ id: 'post', text: EVENTS.fire![0]!, publishedAt: T0 });
    const reply = tracker.add({
      id: 'r1',
      text: EVENTS.trial![1]!,
      publishedAt: T0 + HOUR,
      thread: { root: 'post' },
    });
    expect(reply.story.storyId).toBe('post');
    const pasted = tracker.add({
      id: 'r2',
      text: EVENTS.trial![1]!,
      publishedAt: T0 + 2 * HOUR,
      thread: { root: 'unknown' },
    });
    expect(pasted.duplicate.firstPublisher?.id).toBe('r1');
    expect(pasted.story.storyId).toBeNull();
  });
});
