// Stories assigned once for the fleet: two workers analyse the same texts as concurrent jobs,
// committing in an order of their own, while the story assigner takes what they put on the
// waiting list; the stories, copy chains and story sizes equal those SQLite's assigner gives
// the same texts stored in one process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { MentionAnalysis, MentionInput } from '../model.js';
import { seededRandom } from '../seeded-random.js';
import { FLOOD_TEXT, floodAnalysis, GOLD_TEXT } from '../store/place-story.conformance.js';
import { PgStoryAssigner } from '../store/postgres/story-assigner.js';
import { assignWaitingStories, storyWaitingList } from '../store/postgres/story-waiting.js';
import { describePostgres } from '../store/postgres/test-database.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import { analyseStored } from './analyse-job.js';
import { storePerTest } from './test-support/store-per-test.js';

const OTHER_TEXTS = [
  'Ùn tắc kéo dài trên cầu Sài Gòn từ sáng sớm do một xe tải chết máy giữa làn, hàng nghìn ' +
    'người đi làm phải chờ gần hai giờ mới qua được cầu.',
  'Học phí đại học năm nay tăng mạnh ở nhiều trường công lập, phụ huynh lo lắng khi chi phí ' +
    'cho một sinh viên đã vượt quá thu nhập của cả gia đình.',
  'Mất điện diện rộng tại nhiều phường của thành phố Đà Nẵng trong đêm qua khiến người dân ' +
    'không ngủ được vì nắng nóng, điện lực cho biết đang khắc phục sự cố.',
];
const BASES = [FLOOD_TEXT, GOLD_TEXT, ...OTHER_TEXTS];
const PROVINCES = ['79', '01', '79', '01', '48'];

/** Texts in the order one process stores them: originals, reprints, rewrites, spread over hours. */
function texts(): MentionInput[] {
  const random = seededRandom(11);
  const out: MentionInput[] = [];
  for (let i = 0; i < 60; i++) {
    const b = Math.floor(random() * BASES.length);
    const base = BASES[b]!;
    const variant = Math.floor(random() * 4);
    const text =
      variant === 0
        ? base
        : variant === 1
          ? `TPO - ${base} Theo Tuổi Trẻ.`
          : variant === 2
            ? `${base} Chiều nay tình hình vẫn chưa được cải thiện, bài ${i}.`
            : base.split(' ').slice(0, 14).join(' ');
    const at = Date.UTC(2025, 8, 1, 8) + i * 9 * 60_000 + Math.floor(random() * 40) * 60_000;
    const analysis: MentionAnalysis = {
      ...floodAnalysis(),
      places: [
        {
          province: PROVINCES[b]!,
          ward: null,
          level: 'city',
          code: PROVINCES[b]!,
          confidence: 0.9,
        },
      ],
    };
    out.push(
      mentionInput({
        externalId: `t-${i}`,
        canonicalUrl: `https://news.example/t-${i}`,
        publishedAt: new Date(at).toISOString(),
        text,
        analysis,
      }),
    );
  }
  return out;
}

interface Link {
  external_id: string;
  story: string;
  first: string | null;
}

/** Each text's story (named by the text that starts it) and first publisher, by external id. */
function byExternal(rows: Link[]): Map<string, { story: string; first: string | null }> {
  return new Map(rows.map((r) => [r.external_id, { story: r.story, first: r.first }]));
}

const LINKS = `SELECT m.external_id, sm.external_id AS story, fm.external_id AS first
  FROM mention_stories AS s JOIN mentions AS m ON m.id = s.mention_id
  JOIN mentions AS sm ON sm.id = s.story_id
  LEFT JOIN mentions AS fm ON fm.id = s.first_publisher_id
  ORDER BY m.external_id`;

describePostgres('stories assigned once for the fleet', () => {
  const open = storePerTest();

  it('gives two concurrent workers the stories one process assigns', async () => {
    const all = texts();
    // One process: SQLite stores and assigns them in order, a few per batch.
    const dir = mkdtempSync(join(tmpdir(), 'nghe-story-once-'));
    const sqlite = openSqliteStore(join(dir, 'nghe.db'));
    let expected: Map<string, { story: string; first: string | null }>;
    let expectedSizes: number[];
    try {
      const { source } = await sqlite.addSource({ kind: 'feed', url: 'https://news.example/f' });
      for (let i = 0; i < all.length; i += 5) {
        await sqlite.saveMentions(source.id, all.slice(i, i + 5));
      }
      expected = byExternal(sqlite.db.prepare(LINKS).all() as Link[]);
      expectedSizes = (
        sqlite.db.prepare('SELECT size FROM stories ORDER BY size').all() as { size: number }[]
      ).map((r) => r.size);
    } finally {
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
    // Several texts share a story and several stories exist: the order has something to decide.
    expect(new Set([...expected.values()].map((l) => l.story)).size).toBeGreaterThan(3);
    expect(expectedSizes.at(-1)).toBeGreaterThan(3);

    // The fleet: stored unanalysed, in the same order, then analysed as jobs of five by two
    // workers at once, each job taking a random while, so commits come out of order.
    const s = await open();
    const { source } = await s.addSource({ kind: 'feed', url: 'https://news.example/f' });
    const analysisOf = new Map(all.map((m) => [m.text, m.analysis!]));
    const saved = await s.saveMentions(
      source.id,
      all.map((m) => ({ ...m, analysis: null })),
    );
    const jobs: number[][] = [];
    for (let i = 0; i < saved.ids.length; i += 5) jobs.push(saved.ids.slice(i, i + 5));
    const random = seededRandom(5);
    const delays = jobs.map(() => Math.floor(random() * 60));
    const analyze = async (inputs: MentionInput[]) => inputs.map((m) => analysisOf.get(m.text)!);
    const committed: number[] = [];
    let next = 0;
    const worker = async () => {
      const stories = storyWaitingList();
      while (next < jobs.length) {
        const j = next++;
        await analyseStored(
          {
            pool: s.pool,
            stories,
            analyze: async (inputs) => {
              await new Promise((r) => setTimeout(r, delays[j]!));
              return analyze(inputs);
            },
          },
          { mentions: jobs[j]!.map((id) => ({ id })) },
        );
        committed.push(j);
      }
    };
    // The assigner runs beside them and holds what an earlier, unanalysed mention precedes.
    const assigner = new PgStoryAssigner();
    let working = true;
    const assigning = (async () => {
      for (;;) {
        const stillWorking = working;
        const { taken, held } = await assignWaitingStories(s.pool, assigner, { holdMs: 60_000 });
        if (!stillWorking && taken === 0 && held === 0) return;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await Promise.all([worker(), worker()]);
    working = false;
    await assigning;
    // The workers did commit out of order.
    expect(committed).not.toEqual([...committed].sort((a, b) => a - b));

    const { rows } = await s.pool.query<Link>(LINKS);
    expect(byExternal(rows)).toEqual(expected);
    const { rows: sizes } = await s.pool.query<{ size: number }>(
      'SELECT size::int FROM stories ORDER BY size',
    );
    expect(sizes.map((r) => r.size)).toEqual(expectedSizes);
    const { rows: waiting } = await s.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM story_waiting',
    );
    expect(waiting[0]!.n).toBe(0);
  });

  it('assigns a mention held for an earlier one once that one waited too long, and does not wait for it again', async () => {
    const s = await open();
    const { source } = await s.addSource({ kind: 'feed', url: 'https://news.example/f' });
    const [first, second, third] = [
      mentionInput({ text: FLOOD_TEXT }),
      mentionInput({ text: `TPO - ${FLOOD_TEXT} Theo Tuổi Trẻ.` }),
      mentionInput({ text: GOLD_TEXT }),
    ];
    const saved = await s.saveMentions(source.id, [first!, second!, third!]);
    const analyse = (index: number) =>
      analyseStored(
        { pool: s.pool, stories: storyWaitingList(), analyze: async () => [floodAnalysis()] },
        { mentions: [{ id: saved.ids[index]! }] },
      );
    // Only the later ones are analysed; the first one's analysis never comes.
    await analyse(1);
    const assigner = new PgStoryAssigner();
    expect(await assignWaitingStories(s.pool, assigner, { holdMs: 60_000 })).toEqual({
      taken: 0,
      held: 1,
      passed: 0,
    });
    expect(await assignWaitingStories(s.pool, assigner, { holdMs: 0 })).toEqual({
      taken: 1,
      held: 0,
      passed: saved.ids[0],
    });
    // The next one is not held for the first again once it was given up on...
    await analyse(2);
    expect(
      await assignWaitingStories(s.pool, assigner, { holdMs: 60_000, passed: saved.ids[0]! }),
    ).toEqual({ taken: 1, held: 0, passed: saved.ids[0] });
    const { rows } = await s.pool.query<{ mention_id: string; story_id: string }>(
      'SELECT mention_id, story_id FROM mention_stories ORDER BY mention_id',
    );
    expect(rows.map((r) => Number(r.mention_id))).toEqual([saved.ids[1], saved.ids[2]]);
    expect(Number(rows[0]!.story_id)).toBe(saved.ids[1]);
    // ...while an assigner that never gave up on it holds what comes after it.
    await s.pool.query('INSERT INTO story_waiting (mention_id) VALUES ($1)', [saved.ids[2]]);
    expect(await assignWaitingStories(s.pool, new PgStoryAssigner(), { holdMs: 60_000 })).toEqual({
      taken: 0,
      held: 1,
      passed: 0,
    });
  });
});
