// Stories assigned on the tracker's own thread are the stories assigned on the writer's: the
// same texts saved in large batches with the tracker on a thread, on the writer's thread, and
// in small batches (it then stays on the writer's) leave the same story rows, through a
// restart, edits and deletions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MentionInput } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import { mentionInput } from '../store.conformance.js';
import { openSqliteStore } from './sqlite-store.js';
import { STORY_THREAD_MIN_TEXTS } from './story-assigner.js';
import { ThreadEngine } from './story-engine-thread.js';

const WORDS = (
  'mưa ngập đường phố quận huyện xe máy người dân giá vàng tăng giảm chợ bến thành ' +
  'học sinh trường thi tốt nghiệp điện nước cúp bão lũ miền trung sạt lở đất đèo cầu ' +
  'sông cảng hàng hóa xuất khẩu gạo cà phê du lịch biển khách sạn bệnh viện bác sĩ ' +
  'thuốc tiêm vắc xin giao thông tai nạn cao tốc công an điều tra vụ án tòa xét xử'
).split(' ');
const PROVINCES = ['01', '48', '79', '92', '46'];
const START_MS = Date.UTC(2025, 5, 1);

/** Posts about a few dozen events, with copies of earlier posts and replies to them. */
function corpus(n: number): MentionInput[] {
  const random = seededRandom(11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const events = Array.from({ length: 40 }, () => Array.from({ length: 14 }, () => pick(WORDS)));
  const posts: MentionInput[] = [];
  for (let i = 0; i < n; i++) {
    // Mostly in time order, some late by up to ten minutes.
    const at = START_MS + i * 30_000 - (random() < 0.1 ? Math.floor(random() * 600_000) : 0);
    const roll = random();
    const earlier = posts.length > 0 ? pick(posts) : null;
    let text: string;
    let parentExternalId: string | null = null;
    if (earlier !== null && roll < 0.15) {
      text = `${earlier.text} ${pick(WORDS)}`;
    } else if (earlier !== null && roll < 0.25) {
      text = Array.from({ length: 8 }, () => pick(WORDS)).join(' ');
      parentExternalId = earlier.externalId;
    } else {
      const words = pick(events).map((w) => (random() < 0.3 ? pick(WORDS) : w));
      text = `${words.join(' ')} ${pick(WORDS)} ${pick(WORDS)}.`;
    }
    const place = random() < 0.5 ? pick(PROVINCES) : null;
    posts.push(
      mentionInput({
        platform: 'facebook',
        externalId: `post-${i}`,
        canonicalUrl: null,
        publishedAt: new Date(at).toISOString(),
        collectedAt: new Date(at + 60_000).toISOString(),
        text,
        parentExternalId,
        author: { kind: 'person', key: `reader-${i % 50}`, displayName: null },
        analysis: {
          lang: 'vi',
          sentiment: 'neutral',
          sentimentConfidence: 0.8,
          keywords: [],
          places:
            place === null
              ? []
              : [{ province: place, ward: null, level: 'province', code: place, confidence: 0.9 }],
          sectors: [],
        },
      }),
    );
  }
  return posts;
}

/** Later copies of some posts: rewritten to other words, lightly edited, or deleted. */
function changes(posts: MentionInput[]): MentionInput[] {
  const random = seededRandom(12);
  const later = new Date(START_MS + 40 * 86_400_000).toISOString();
  return posts
    .filter((_, i) => i % 53 === 7)
    .map((post, i) => {
      if (i % 3 === 0) return { ...post, deleted: true, collectedAt: later };
      const text =
        i % 3 === 1
          ? Array.from({ length: 16 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ')
          : `${post.text} nay`;
      return { ...post, text, updatedAt: later, collectedAt: later };
    });
}

describe('story assignment on its own thread', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Saves the posts in batches of `batch`, reopening the file two thirds in; the story rows. */
  async function storiesOf(
    posts: MentionInput[],
    batch: number,
    storyThread: 'auto' | 'always' | 'never',
  ) {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-story-thread-'));
    dirs.push(dir);
    const path = join(dir, 'nghe.db');
    const cut = Math.floor((posts.length * 2) / 3 / batch) * batch;
    const save = async (list: MentionInput[]) => {
      const store = openSqliteStore(path, { storyThread });
      for (let i = 0; i < list.length; i += batch) {
        await store.saveMentions(null, list.slice(i, i + batch));
      }
      return store;
    };
    await (await save(posts.slice(0, cut))).close();
    const store = await save(posts.slice(cut));
    await store.saveMentions(null, changes(posts));
    const rows = {
      links: store.db.prepare('SELECT * FROM mention_stories ORDER BY mention_id').all(),
      stories: store.db.prepare('SELECT * FROM stories ORDER BY id').all(),
    };
    await store.close();
    return rows;
  }

  it('gives every mention the story it gets on the writer thread', async () => {
    const posts = corpus(3000);
    const taken = vi.spyOn(ThreadEngine.prototype, 'take');
    const threaded = await storiesOf(posts, STORY_THREAD_MIN_TEXTS, 'auto');
    const threadCalls = taken.mock.calls.length;
    const local = await storiesOf(posts, STORY_THREAD_MIN_TEXTS, 'never');
    expect(taken.mock.calls.length).toBe(threadCalls);
    const smallBatches = await storiesOf(posts, 250, 'auto');
    expect(threadCalls).toBeGreaterThan(0);
    expect(taken.mock.calls.length).toBe(threadCalls);
    expect(threaded.links.length).toBeGreaterThan(1000);
    // Copies were linked to a first publisher and stories grew past one mention.
    expect(threaded.links.some((l) => (l as { copied_from: number | null }).copied_from)).toBe(
      true,
    );
    expect(threaded.stories.some((s) => (s as { size: number }).size > 5)).toBe(true);
    expect(threaded).toEqual(local);
    expect(smallBatches).toEqual(local);
  }, 120_000);
});
