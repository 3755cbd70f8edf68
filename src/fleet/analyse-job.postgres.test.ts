import { expect, it } from 'vitest';
import type { MentionAnalysis, MentionInput } from '../model.js';
import type { PostgresStore } from '../store/postgres/postgres-store.js';
import { PgStoryAssigner } from '../store/postgres/story-assigner.js';
import { describePostgres } from '../store/postgres/test-database.js';
import { mentionInput } from '../store/store.conformance.js';
import { type AnalyseJob, analyseStored } from './analyse-job.js';
import { storePerTest } from './test-support/store-per-test.js';

/** A stand-in analyser: tone and place from the words of the text, and how often it ran. */
function fakeAnalyzer() {
  const seen: MentionInput[] = [];
  const analyze = async (inputs: MentionInput[]) => {
    seen.push(...inputs);
    return inputs.map(
      (m): MentionAnalysis => ({
        lang: 'vi',
        sentiment: m.text.includes('ngập') ? 'negative' : 'neutral',
        sentimentConfidence: 0.9,
        keywords: m.text.includes('ngập') ? ['ngập'] : ['khác'],
        places: [
          {
            province: m.homeProvince ?? '01',
            ward: null,
            level: 'province',
            code: m.homeProvince ?? '01',
            confidence: 0.8,
          },
        ],
        sectors: [{ sector: 'flooding', confidence: 0.7 }],
      }),
    );
  };
  return { analyze, seen };
}

const FLOOD =
  'Triều cường làm ngập sâu nhiều tuyến đường ở Thủ Đức, người dân phải lội nước về nhà sau giờ làm';

describePostgres('analyse job on PostgreSQL', () => {
  const open = storePerTest();

  async function counts(s: PostgresStore) {
    const { rows } = await s.pool.query<{
      places: number;
      sectors: number;
      links: number;
      sized: number;
      analysed: number;
    }>(
      `SELECT (SELECT count(*)::int FROM mention_places) AS places,
         (SELECT count(*)::int FROM mention_sectors) AS sectors,
         (SELECT count(*)::int FROM mention_stories) AS links,
         (SELECT coalesce(sum(size), 0)::int FROM stories) AS sized,
         (SELECT count(*)::int FROM mentions WHERE lang IS NOT NULL) AS analysed`,
    );
    return rows[0]!;
  }

  it('writes analysis, places, sectors and stories once, however many workers run the job', async () => {
    const s = await open();
    const { source } = await s.addSource({ kind: 'feed', url: 'https://news.example/rss' });
    const saved = await s.saveMentions(source.id, [
      mentionInput({ text: FLOOD }),
      mentionInput({ text: `${FLOOD}.`, publishedAt: '2025-06-01T08:30:00Z' }),
      mentionInput({ text: 'Giá xăng tăng lần thứ ba trong tháng, tài xế công nghệ than thở' }),
    ]);
    // Stored without analysis: nothing tagged, no story yet.
    expect(await counts(s)).toEqual({ places: 0, sectors: 0, links: 0, sized: 0, analysed: 0 });
    const job: AnalyseJob = { mentions: saved.ids.map((id) => ({ id, homeProvince: '79' })) };
    const first = fakeAnalyzer();
    const second = fakeAnalyzer();
    // Two workers, each with its own story index, take the same job at once.
    const outcomes = await Promise.all([
      analyseStored({ pool: s.pool, stories: new PgStoryAssigner(), analyze: first.analyze }, job),
      analyseStored({ pool: s.pool, stories: new PgStoryAssigner(), analyze: second.analyze }, job),
    ]);
    expect(outcomes.reduce((n, o) => n + o.analysed, 0)).toBe(3);
    expect(outcomes.reduce((n, o) => n + o.storied, 0)).toBe(3);
    expect(await counts(s)).toEqual({ places: 3, sectors: 3, links: 3, sized: 3, analysed: 3 });
    // The near-duplicates share a story.
    const { rows: stories } = await s.pool.query<{ n: number }>(
      'SELECT count(DISTINCT story_id)::int AS n FROM mention_stories',
    );
    expect(stories[0]!.n).toBe(2);
    // Every mention of the job goes to the tagger, as new.
    for (const outcome of outcomes) {
      expect(outcome.saved.ids).toEqual([...saved.ids].sort((a, b) => a - b));
      expect(new Set(outcome.saved.statuses)).toEqual(new Set(['new']));
    }
    // Roll-ups follow the late analysis.
    const share = await s.sentimentShare({});
    expect(share.total).toBe(3);
    expect(share.classifiedCounts.negative).toBe(2);
    expect(share.classifiedCounts.neutral).toBe(1);
    const mention = await s.getMention(saved.ids[0]!);
    expect(mention?.analysis?.places?.map((p) => p.province)).toEqual(['79']);

    // A third run (its worker died after the commit) analyses nothing and writes nothing more.
    const third = fakeAnalyzer();
    const again = await analyseStored(
      { pool: s.pool, stories: new PgStoryAssigner(), analyze: third.analyze },
      job,
    );
    expect(third.seen).toHaveLength(0);
    expect(again.analysed).toBe(0);
    expect(await counts(s)).toEqual({ places: 3, sectors: 3, links: 3, sized: 3, analysed: 3 });
  });

  it('re-analyses an edited mention, replacing its places and keeping its story', async () => {
    const s = await open();
    const original = mentionInput({ externalId: 'edit-me', text: FLOOD });
    const saved = await s.saveMentions(null, [original]);
    const id = saved.ids[0]!;
    const stories = new PgStoryAssigner();
    const { analyze } = fakeAnalyzer();
    await analyseStored({ pool: s.pool, stories, analyze }, { mentions: [{ id }] });
    const edited = await s.saveMentions(null, [
      {
        ...original,
        text: 'Đường đã khô ráo, giao thông trở lại bình thường',
        updatedAt: '2025-06-02T08:00:00Z',
      },
    ]);
    expect(edited.statuses).toEqual(['updated']);
    const outcome = await analyseStored(
      { pool: s.pool, stories, analyze },
      { mentions: [{ id, edited: true, homeProvince: '48' }] },
    );
    expect(outcome.analysed).toBe(1);
    expect(outcome.storied).toBe(0);
    expect(outcome.saved.statuses).toEqual(['updated']);
    expect(await counts(s)).toEqual({ places: 1, sectors: 1, links: 1, sized: 1, analysed: 1 });
    const mention = await s.getMention(id);
    expect(mention?.analysis?.sentiment).toBe('neutral');
    expect(mention?.analysis?.places?.map((p) => p.province)).toEqual(['48']);
  });

  it('writes nothing when the transaction fails, and all of it when run again', async () => {
    const s = await open();
    const saved = await s.saveMentions(null, [mentionInput({ text: FLOOD })]);
    const job: AnalyseJob = { mentions: [{ id: saved.ids[0]! }] };
    const broken = new PgStoryAssigner();
    broken.assign = async () => {
      throw new Error('killed mid-transaction');
    };
    await expect(
      analyseStored({ pool: s.pool, stories: broken, analyze: fakeAnalyzer().analyze }, job),
    ).rejects.toThrow('killed mid-transaction');
    expect(await counts(s)).toEqual({ places: 0, sectors: 0, links: 0, sized: 0, analysed: 0 });
    await analyseStored(
      { pool: s.pool, stories: new PgStoryAssigner(), analyze: fakeAnalyzer().analyze },
      job,
    );
    expect(await counts(s)).toEqual({ places: 1, sectors: 1, links: 1, sized: 1, analysed: 1 });
  });

  it('leaves a deleted mention alone but hands it to the tagger as updated', async () => {
    const s = await open();
    const original = mentionInput({ externalId: 'gone', text: FLOOD });
    const saved = await s.saveMentions(null, [original]);
    await s.saveMentions(null, [{ ...original, deleted: true }]);
    const analyzer = fakeAnalyzer();
    const outcome = await analyseStored(
      { pool: s.pool, stories: new PgStoryAssigner(), analyze: analyzer.analyze },
      { mentions: [{ id: saved.ids[0]! }] },
    );
    expect(analyzer.seen).toHaveLength(0);
    expect(outcome.saved.statuses).toEqual(['updated']);
    expect(await counts(s)).toEqual({ places: 0, sectors: 0, links: 0, sized: 0, analysed: 0 });
  });
});
