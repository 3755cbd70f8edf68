import { createReadStream, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportRowError } from '../connectors/import/import-row.js';
import { type ImportReadOptions, openImport } from '../connectors/import/read-import.js';
import { toSocialRecord } from '../connectors/social/social-record.js';
import type { CollectedMention, Mention, MentionAnalysis, MentionInput } from '../model.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { type ImportFileOptions, importRows } from './import-file.js';
import { ImportCheckpoint } from './import-file-checkpoint.js';
import { createPseudonymiser } from './pseudonymise.js';

const fixtures = join(import.meta.dirname, '../connectors/import/fixtures');
const pseudonymise = createPseudonymiser(Buffer.alloc(32, 7));

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-import-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
});
afterEach(async () => {
  await store.close();
});

/** Analysis that records which texts it was asked for. */
function countingAnalyzer() {
  const analysed: string[] = [];
  const analyze = async (inputs: MentionInput[]): Promise<MentionAnalysis[]> => {
    analysed.push(...inputs.map((i) => i.text));
    return inputs.map(() => ({
      lang: 'vi',
      sentiment: 'neutral',
      sentimentConfidence: 0.5,
      keywords: [],
    }));
  };
  return { analysed, analyze };
}

async function importFile(
  file: string,
  read: ImportReadOptions = {},
  options: Partial<ImportFileOptions> = {},
) {
  const reading = await openImport(createReadStream(file), read);
  const errors: ImportRowError[] = [];
  const summary = await importRows(reading.rows, {
    store,
    pseudonymise,
    onErrors: (batch) => {
      errors.push(...batch);
    },
    ...options,
  });
  return { summary, errors };
}

async function storedMentions(): Promise<Mention[]> {
  const mentions: Mention[] = [];
  const count = await store.countMentions();
  for (let id = 1; mentions.length < count && id < count + 100; id++) {
    const mention = await store.getMention(id);
    if (mention) mentions.push(mention);
  }
  return mentions;
}

describe('importing a file', () => {
  it('stores every good row, analysed, and reports every bad one with its line', async () => {
    const { analysed, analyze } = countingAnalyzer();
    const { summary, errors } = await importFile(
      join(fixtures, 'mapped.csv'),
      {
        map: {
          externalId: 'Post ID',
          publishedAt: 'Date',
          text: 'Message',
          authorKind: 'Kind',
          authorName: 'Author',
          authorId: 'Author ID',
          likes: 'Reactions',
          url: 'Link',
        },
      },
      { analyze, batchSize: 3 },
    );
    expect(summary).toMatchObject({ rows: 8, inserted: 3, existing: 0, errors: 5, stopped: false });
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(summary.firstErrors[0]!.reason).toBe('publishedAt: not a date: "yesterday"');
    expect(analysed).toHaveLength(3);
    const stored = await storedMentions();
    expect(stored.map((m) => m.externalId).sort()).toEqual(['m-1', 'm-7', 'm-8']);
    expect(
      stored.every((m) => m.sourceIds.length === 0 && m.analysis?.sentiment === 'neutral'),
    ).toBe(true);
    const byId = new Map(stored.map((m) => [m.externalId, m]));
    expect(byId.get('m-7')!.author).toMatchObject({ displayName: 'Sở GTVT TP.HCM', kind: 'page' });
    expect(byId.get('m-1')!.author).toMatchObject({ displayName: null, kind: 'person' });
    // One person, one pseudonym, whatever row it wrote.
    expect(byId.get('m-1')!.author!.key).toBe(byId.get('m-8')!.author!.key);
  });

  it('keeps a batch the store refuses one row of, reporting that row', async () => {
    const refusing: Store = Object.create(store);
    refusing.saveMentions = async (sourceId, inputs) => {
      if (inputs.some((i) => i.text.includes('gió'))) throw new Error('constraint failed');
      return store.saveMentions(sourceId, inputs);
    };
    const file = join(dir, 'rows.csv');
    writeFileSync(file, 'text,externalId\nmưa,1\ngió,2\nnắng,3\n');
    const { summary, errors } = await importFile(file, {}, { store: refusing });
    expect(summary).toMatchObject({ rows: 3, inserted: 2, errors: 1 });
    expect(errors).toEqual([{ line: 3, reason: 'not stored: constraint failed', excerpt: 'gió' }]);
  });

  it('stores the batches read before input that fails, and says why it stopped', async () => {
    const { analysed, analyze } = countingAnalyzer();
    async function* failing() {
      for (let i = 0; i < 7; i++) {
        const mention: CollectedMention = {
          platform: 'facebook',
          url: null,
          externalId: `r${i}`,
          author: null,
          publishedAt: '2024-08-01T02:00:00.000Z',
          updatedAt: null,
          language: null,
          title: null,
          text: `dòng số ${i}`,
          html: null,
          categories: [],
          engagement: {},
          parentExternalId: null,
          raw: null,
        };
        yield { line: i + 1, mention };
      }
      throw new Error('unexpected end of file');
    }
    const run = importRows(failing(), { store, pseudonymise, analyze, batchSize: 3 });
    await expect(run).rejects.toThrow('unexpected end of file');
    // Two whole batches were read and analysed; the last row was not yet a batch.
    expect(await store.countMentions()).toBe(6);
    expect(analysed).toHaveLength(6);
  });

  it('tags what it stores through the same after-save step as collection', async () => {
    const saves: number[] = [];
    await importFile(
      join(fixtures, 'crowdtangle-facebook.csv'),
      {},
      {
        batchSize: 2,
        onSaved: async (saved) => {
          saves.push(saved.inserted);
        },
      },
    );
    expect(saves).toEqual([2, 1]);
  });
});

describe('resuming an import', () => {
  const ROWS = 23;
  let file: string;
  beforeEach(() => {
    file = join(dir, 'big.csv');
    const lines = ['externalId,text,likes'];
    for (let i = 0; i < ROWS; i++) lines.push(i === 7 ? `r${i},,x` : `r${i},dòng số ${i},${i}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
  });

  async function run(options: { stopAfterBatches?: number; restart?: boolean }) {
    const checkpoint = await ImportCheckpoint.forFile(dir, file);
    const resumeFrom = options.restart ? null : checkpoint.load();
    const controller = new AbortController();
    const { analysed, analyze } = countingAnalyzer();
    let batches = 0;
    const { summary, errors } = await importFile(
      file,
      {},
      {
        analyze,
        batchSize: 5,
        resumeFrom,
        signal: controller.signal,
        onBatch: (totals) => {
          checkpoint.save({ ...totals, format: 'csv', complete: false });
          if (++batches === options.stopAfterBatches) controller.abort();
        },
      },
    );
    if (!summary.stopped) checkpoint.save({ ...summary, format: 'csv', complete: true });
    return { summary, errors, analysed, checkpoint };
  }

  it('goes on from the last stored batch after a stop: each row stored and analysed once', async () => {
    // The stop comes while the third batch is read and analysed: it is stored too, not analysed
    // again by the next run.
    const first = await run({ stopAfterBatches: 2 });
    expect(first.summary).toMatchObject({ rows: 15, stopped: true, errors: 1 });
    expect(first.checkpoint.load()).toMatchObject({ rows: 15, complete: false });
    expect(await store.countMentions()).toBe(14);

    const second = await run({});
    expect(second.summary).toMatchObject({
      resumedFrom: 15,
      rows: ROWS,
      inserted: ROWS - 1,
      existing: 0,
      errors: 1,
      stopped: false,
    });
    expect(second.errors).toEqual([]); // the bad row was reported by the first run
    const analysed = [...first.analysed, ...second.analysed];
    expect(analysed).toHaveLength(ROWS - 1);
    expect(new Set(analysed).size).toBe(ROWS - 1);
    expect(await store.countMentions()).toBe(ROWS - 1);
    expect(second.checkpoint.load()).toMatchObject({ complete: true, rows: ROWS });
  });

  it('starts over when asked or when the file changed, storing nothing twice', async () => {
    await run({ stopAfterBatches: 1 }); // two batches stored, r7 refused
    const restarted = await run({ restart: true });
    expect(restarted.summary).toMatchObject({ resumedFrom: 0, inserted: ROWS - 10, existing: 9 });

    writeFileSync(file, 'externalId,text\nr0,dòng số 0\nr99,dòng mới\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const changed = await run({});
    expect(changed.summary).toMatchObject({ resumedFrom: 0, rows: 2, inserted: 1, existing: 1 });
  });
});

describe('the social parse round trip', () => {
  it('stores what `nghe social parse` prints as collection would have stored it', async () => {
    const video: CollectedMention = {
      platform: 'youtube',
      url: 'https://www.youtube.com/watch?v=abc',
      externalId: 'abc',
      author: { nativeId: 'UCchannel', name: 'Kênh Thời Sự', kind: 'channel' },
      publishedAt: '2024-08-01T02:00:00.000Z',
      updatedAt: null,
      language: null,
      title: null,
      text: 'Nước ngập ở Thủ Đức sau mưa lớn',
      html: null,
      categories: [],
      engagement: { likes: 10, comments: 2, views: 500 },
      parentExternalId: null,
      raw: null,
    };
    const comment: CollectedMention = {
      ...video,
      url: null,
      externalId: 'abc.c1',
      author: { nativeId: 'UCperson', name: 'Nguyễn Văn Nam', kind: 'person' },
      text: 'Nhà tôi cũng ngập',
      engagement: { likes: 1 },
      parentExternalId: 'abc',
    };
    const printed = [video, comment]
      .map((m) => JSON.stringify(toSocialRecord(m, (p, a) => pseudonymise(p, a).key)))
      .join('\n');
    const file = join(dir, 'parsed.jsonl');
    writeFileSync(file, `${printed}\n`);
    expect(printed).not.toContain('Nguyễn Văn Nam');

    const { summary } = await importFile(file);
    expect(summary).toMatchObject({ rows: 2, inserted: 2, errors: 0 });
    const [storedVideo, storedComment] = await storedMentions();
    expect(storedVideo).toMatchObject({
      platform: 'youtube',
      externalId: 'abc',
      canonicalUrl: expect.stringContaining('youtube.com/watch?v=abc'),
      text: video.text,
      publishedAt: video.publishedAt,
      engagement: { likes: 10, comments: 2, views: 500 },
      author: { displayName: 'Kênh Thời Sự', kind: 'channel' },
    });
    expect(storedComment).toMatchObject({
      externalId: 'abc.c1',
      parentId: storedVideo!.id,
      author: { displayName: null, kind: 'person' },
    });
    // The same person imported twice is one pseudonymous voice.
    const again = join(dir, 'again.jsonl');
    writeFileSync(
      again,
      `${JSON.stringify({ ...JSON.parse(printed.split('\n')[1]!), externalId: 'abc.c2', text: 'Lần hai' })}\n`,
    );
    await importFile(again);
    const all = await storedMentions();
    expect(all[2]!.author!.key).toBe(storedComment!.author!.key);
  });
});
