// An edited mention keeps its story when the edit is small and is placed afresh when its text
// became another text; the story sizes stay equal to their members.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changesStory } from '../../analysis/stories/index.js';
import type { MentionAnalysis, MentionInput } from '../../model.js';
import { mentionInput } from '../store.conformance.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const FLOOD =
  'Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường ở quận Bình Thạnh ngập sâu, ' +
  'hàng trăm xe máy chết máy giữa dòng nước, người dân phải dắt bộ về nhà trong đêm.';
const GOLD =
  'Giá vàng miếng hôm nay tăng mạnh thêm hai triệu đồng mỗi lượng, các cửa hàng trên phố ' +
  'Trần Nhân Tông đông nghịt khách xếp hàng mua từ sáng sớm.';

const analysis = (): MentionAnalysis => ({
  lang: 'vi',
  sentiment: 'negative',
  sentimentConfidence: 0.9,
  keywords: [],
  places: [{ province: '79', ward: null, level: 'city', code: '79', confidence: 0.9 }],
  sectors: [{ sector: 'flooding', confidence: 0.9 }],
});

describe('story of an edited mention', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-story-edit-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const storyOf = (id: number) =>
    (
      store.db.prepare('SELECT story_id FROM mention_stories WHERE mention_id = ?').get(id) as {
        story_id: number;
      }
    ).story_id;
  const sizesMatch = () => {
    const rows = store.db
      .prepare(
        `SELECT st.size, (SELECT count(*) FROM mention_stories AS s WHERE s.story_id = st.id)
           AS members FROM stories AS st`,
      )
      .all() as { size: number; members: number }[];
    for (const r of rows) expect(r.size).toBe(r.members);
  };
  const edit = (original: MentionInput, text: string, day: number) =>
    store.saveMentions(null, [
      { ...original, text, updatedAt: `2025-09-0${day}T12:00:00Z`, analysis: analysis() },
    ]);

  it('states the rule: a fixed word keeps the text, a rewrite does not', () => {
    expect(changesStory(FLOOD, FLOOD.replace('hàng trăm', 'hàng chục'))).toBe(false);
    expect(changesStory(FLOOD, `${FLOOD} Chiều nay nước đã rút.`)).toBe(false);
    expect(changesStory(FLOOD, GOLD)).toBe(true);
  });

  it('keeps the story on a small edit and re-assigns the mention when its text changed', async () => {
    const first = mentionInput({
      publishedAt: '2025-09-01T08:00:00Z',
      text: FLOOD,
      analysis: analysis(),
    });
    const copy = mentionInput({
      publishedAt: '2025-09-01T09:00:00Z',
      text: `TPO - ${FLOOD} Theo Tuổi Trẻ.`,
      analysis: analysis(),
    });
    const gold = mentionInput({
      publishedAt: '2025-09-01T10:00:00Z',
      text: GOLD,
      analysis: analysis(),
    });
    const [a, b, c] = (await store.saveMentions(null, [first, copy, gold])).ids as [
      number,
      number,
      number,
    ];
    expect(storyOf(b)).toBe(storyOf(a));
    const goldStory = storyOf(c);
    expect(goldStory).not.toBe(storyOf(a));

    // A typo fixed in the copy: same story.
    await edit(copy, `TPO - ${FLOOD.replace('hàng trăm', 'hàng chục')} Theo Tuổi Trẻ.`, 2);
    expect(storyOf(b)).toBe(storyOf(a));

    // The copy's page now carries the gold price story: it joins that one.
    await edit(copy, `${GOLD} Theo Tuổi Trẻ.`, 3);
    expect(storyOf(b)).toBe(goldStory);
    sizesMatch();

    // The first publisher is rewritten too: it leaves the flood story (now empty, so gone).
    await edit(
      first,
      'Trận đấu tối qua kết thúc với tỷ số hòa, hai đội chia điểm sau chín mươi phút.',
      4,
    );
    expect(storyOf(a)).not.toBe(goldStory);
    sizesMatch();
  });

  it('gives a rewritten first publisher whose story goes on a story id of its own', async () => {
    const first = mentionInput({
      publishedAt: '2025-09-01T08:00:00Z',
      text: FLOOD,
      analysis: analysis(),
    });
    const copy = mentionInput({
      publishedAt: '2025-09-01T09:00:00Z',
      text: `TPO - ${FLOOD} Theo Tuổi Trẻ.`,
      analysis: analysis(),
    });
    const [a, b] = (await store.saveMentions(null, [first, copy])).ids as [number, number];
    expect(storyOf(b)).toBe(a);
    await edit(first, GOLD, 2);
    expect(storyOf(b)).toBe(a);
    expect(storyOf(a)).toBeLessThan(0);
    sizesMatch();
  });
});

describe('which mentions get a story', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-story-policy-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const storyOf = (id: number) =>
    (
      store.db.prepare('SELECT story_id FROM mention_stories WHERE mention_id = ?').get(id) as
        | { story_id: number }
        | undefined
    )?.story_id ?? null;
  const sizeOf = (story: number) =>
    (store.db.prepare('SELECT size FROM stories WHERE id = ?').get(story) as { size: number }).size;

  it('puts replies in their post story, in the same batch or a later one, and none without the post', async () => {
    const post = mentionInput({
      platform: 'facebook',
      externalId: 'p1',
      publishedAt: '2025-09-01T08:00:00Z',
      text: FLOOD,
      analysis: analysis(),
    });
    // About the gold price in its words, yet a reply to the flood post.
    const reply = mentionInput({
      platform: 'facebook',
      externalId: 'c1',
      parentExternalId: 'p1',
      publishedAt: '2025-09-01T08:30:00Z',
      text: GOLD,
      analysis: analysis(),
    });
    const [p, r] = (await store.saveMentions(null, [post, reply])).ids as [number, number];
    expect(storyOf(r)).toBe(storyOf(p));
    const later = mentionInput({
      platform: 'facebook',
      externalId: 'c2',
      parentExternalId: 'c1',
      publishedAt: '2025-09-01T09:00:00Z',
      text: 'Khổ thân bà con, mong nước rút sớm',
      analysis: analysis(),
    });
    const [l] = (await store.saveMentions(null, [later])).ids as [number];
    expect(storyOf(l)).toBe(storyOf(p));
    expect(sizeOf(storyOf(p)!)).toBe(3);
    const orphan = mentionInput({
      platform: 'facebook',
      externalId: 'c3',
      parentExternalId: 'not-collected',
      publishedAt: '2025-09-01T09:00:00Z',
      text: FLOOD,
      analysis: analysis(),
    });
    const [o] = (await store.saveMentions(null, [orphan])).ids as [number];
    expect(storyOf(o)).toBeNull();
  });

  it('rewrites a stored copy chain when an earlier publisher arrives in a later batch', async () => {
    const copy = mentionInput({
      publishedAt: '2025-09-01T09:00:00Z',
      text: `TPO - ${FLOOD} Theo Tuổi Trẻ.`,
      analysis: analysis(),
    });
    const [c] = (await store.saveMentions(null, [copy])).ids as [number];
    const original = mentionInput({
      publishedAt: '2025-09-01T08:00:00Z',
      text: FLOOD,
      analysis: analysis(),
    });
    const [o] = (await store.saveMentions(null, [original])).ids as [number];
    const link = (id: number) =>
      store.db
        .prepare(
          'SELECT story_id, first_publisher_id, delay_ms FROM mention_stories WHERE mention_id = ?',
        )
        .get(id);
    expect(link(c)).toEqual({ story_id: c, first_publisher_id: o, delay_ms: 3_600_000 });
    expect(link(o)).toEqual({ story_id: c, first_publisher_id: o, delay_ms: 0 });
    expect(store.db.prepare('SELECT first_mention_id, size FROM stories').all()).toEqual([
      { first_mention_id: o, size: 2 },
    ]);
  });

  it('starts no story for a text too short to carry an event, but lets a later text start one', async () => {
    const short = mentionInput({
      publishedAt: '2025-09-01T08:00:00Z',
      text: 'Ngập quá trời luôn',
      analysis: analysis(),
    });
    const full = mentionInput({
      publishedAt: '2025-09-01T08:10:00Z',
      text: FLOOD,
      analysis: analysis(),
    });
    const [s, f] = (await store.saveMentions(null, [short, full])).ids as [number, number];
    expect(storyOf(s)).toBeNull();
    expect(storyOf(f)).toBe(f);
  });
});
