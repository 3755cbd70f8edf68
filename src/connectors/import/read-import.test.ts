import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { parseColumnMap } from './csv-mapping.js';
import {
  type ImportedMention,
  ImportFormatError,
  type ImportRow,
  type ImportRowError,
  isRowError,
} from './import-row.js';
import { type ImportReadOptions, openImport } from './read-import.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

async function readAll(source: AsyncIterable<Buffer>, options: ImportReadOptions = {}) {
  const reading = await openImport(source, options);
  const rows: ImportRow[] = [];
  for await (const row of reading.rows) rows.push(row);
  const mentions = rows.filter((r): r is ImportedMention => !isRowError(r));
  const errors = rows.filter(isRowError);
  return { ...reading, rows, mentions: mentions.map((m) => m.mention), errors };
}

const readFixture = (name: string, options: ImportReadOptions = {}) =>
  readAll(createReadStream(fixture(name)), options);

async function* chunksOf(text: string, size = 7): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Every name and handle of a person in the fixtures: none may leave the reader. */
const PERSONS = [
  'Ngô Minh Châu',
  'chau.ngo.saigon',
  'Đỗ Hải Yến',
  'yen_do_hanoi',
  'Võ Thanh Tùng',
  'Bùi Khánh Linh',
  'linh.bui.sg',
  'lamthuy.hcm',
  'Lâm Thu Thủy',
  'quangdinh_dn',
  'Kiều Anh',
  'Trương Mỹ Lan Anh',
  'Mạc Đăng Khoa',
  'thaovy.hn',
  'Thảo Vy',
  'ducanh.foodie',
  'ducanh_sg',
  'Lương Đức Anh',
  'hien_tran_vn',
  'Trần Thu Hiền',
  'tuan.le.hue',
  'Lê Minh Tuấn',
  'Hà Gia Bảo',
  'Phan Thị Ngọc',
];

/** What the pipeline could store of a mention besides the author id it pseudonymises. */
function storable(mention: CollectedMention): string {
  const { author, ...rest } = mention;
  return JSON.stringify({ ...rest, authorName: author?.name ?? null });
}

function expectNoPersonNamed(mentions: CollectedMention[]) {
  for (const mention of mentions) {
    if (mention.author?.kind === 'person') expect(mention.author.name).toBeNull();
    const text = storable(mention);
    for (const person of PERSONS) expect(text).not.toContain(person);
  }
}

describe('CrowdTangle exports', () => {
  it('reads Facebook page posts with the page named, its zone-abbreviated time in UTC', async () => {
    const read = await readFixture('crowdtangle-facebook.csv');
    expect(read.profile).toBe('crowdtangle-facebook');
    expect(read.errors).toEqual([]);
    expect(read.mentions).toHaveLength(3);
    const [first, , video] = read.mentions;
    expect(first).toMatchObject({
      platform: 'facebook',
      url: 'https://www.facebook.com/100044000000001/posts/3001',
      author: { nativeId: '100044000000001', name: 'Báo Tuổi Trẻ', kind: 'page' },
      publishedAt: '2021-03-01T15:00:00.000Z',
      title: 'Ngập Nguyễn Hữu Cảnh',
      engagement: { likes: 120, comments: 45, shares: 12 },
    });
    expect(first!.text).toContain('Nguyễn Hữu Cảnh');
    expect(read.mentions[1]!.publishedAt).toBe('2021-03-03T01:30:00.000Z'); // 21:30 EDT
    expect(video!.engagement.views).toBe(15000);
  });

  it('reads Instagram accounts as persons: pseudonymised by handle, never named', async () => {
    const read = await readFixture('crowdtangle-instagram.csv');
    expect(read.profile).toBe('crowdtangle-instagram');
    expect(read.mentions.map((m) => m.author)).toEqual([
      { nativeId: 'chau.ngo.saigon', name: null, kind: 'person' },
      { nativeId: 'yen_do_hanoi', name: null, kind: 'person' },
    ]);
    expect(read.mentions[1]).toMatchObject({
      platform: 'instagram',
      text: 'Kẹt xe trên cầu Chương Dương, đi mất một tiếng.',
      engagement: { likes: 80, comments: 15, views: 1200 },
    });
    expectNoPersonNamed(read.mentions);
  });
});

describe('Meta Content Library export', () => {
  it('names pages, not profiles, and tells Instagram rows by their URL', async () => {
    const read = await readFixture('meta-content-library.csv');
    expect(read.format).toBe('meta-content-library');
    const [page, profile, insta] = read.mentions;
    expect(page).toMatchObject({
      platform: 'facebook',
      externalId: '100044000000003_5001',
      author: { name: 'Phường Thảo Điền', kind: 'page' },
      engagement: { likes: 410, comments: 37, shares: 58 },
      language: 'vi',
    });
    expect(profile!.author).toEqual({ nativeId: '100009000000004', name: null, kind: 'person' });
    expect(insta).toMatchObject({
      platform: 'instagram',
      publishedAt: '2024-05-02T09:00:00.000Z',
      engagement: { views: 540 },
    });
    expectNoPersonNamed(read.mentions);
  });
});

describe('4CAT exports', () => {
  it('reads its CSV: replies point at their thread, handles leave the URL', async () => {
    const read = await readFixture('4cat.csv', { platform: 'tiktok' });
    expect(read.format).toBe('4cat');
    expect(read.mentions).toHaveLength(3);
    expect(read.mentions[0]).toMatchObject({
      platform: 'tiktok',
      externalId: '7350000000000000001',
      url: 'https://www.tiktok.com/@/video/7350000000000000001',
      parentExternalId: null,
      publishedAt: '2024-03-20T11:00:00.000Z',
      engagement: { likes: 15400, comments: 320, shares: 88, views: 210000 },
    });
    expect(read.mentions[2]).toMatchObject({
      parentExternalId: '7350000000000000001',
      threadRootExternalId: '7350000000000000001',
      publishedAt: '2024-03-20T12:05:00.000Z',
    });
    expectNoPersonNamed(read.mentions);
  });

  it('reads Zeeschuimer captures of TikTok, Instagram, X and Threads; another site is a row error', async () => {
    const read = await readFixture('zeeschuimer.ndjson');
    expect(read.format).toBe('zeeschuimer');
    expect(read.mentions.map((m) => m.platform)).toEqual(['tiktok', 'instagram', 'x', 'instagram']);
    const [tiktok, insta, tweet, threads] = read.mentions;
    expect(tiktok).toMatchObject({
      externalId: '7360000000000000001',
      author: { nativeId: '6800000000000000001', kind: 'person' },
      engagement: { likes: 5400, comments: 230, shares: 120, views: 98000 },
      publishedAt: new Date(1713990000 * 1000).toISOString(),
    });
    expect(insta).toMatchObject({
      externalId: '3300000000000000002',
      url: 'https://www.instagram.com/p/C5xYz012345/',
      text: 'Bánh mì Sài Gòn là số một!',
    });
    expect(tweet).toMatchObject({
      externalId: '1780000000000000003',
      text: 'Đường Võ Văn Ngân lại ngập sau cơn mưa chiều nay',
      parentExternalId: '1780000000000000000',
      publishedAt: '2024-04-24T09:15:00.000Z',
      engagement: { likes: 18, comments: 2, shares: 6, views: 4300 },
      language: 'vi',
    });
    expect(threads).toMatchObject({
      url: 'https://www.threads.net/t/C5tHrEaD001',
      engagement: { likes: 33, comments: 4, shares: 1 },
    });
    expect(read.errors).toEqual([
      expect.objectContaining({ line: 5, reason: expect.stringContaining('"linkedin.com"') }),
    ]);
    expectNoPersonNamed(read.mentions);
  });
});

describe('YouTube Data Tools exports', () => {
  it('reads tab-separated comment lists with replies under their comment', async () => {
    const read = await readFixture('youtube-data-tools-comments.tab');
    expect(read.profile).toBe('youtube-data-tools-comments');
    expect(read.mentions[1]).toMatchObject({
      platform: 'youtube',
      externalId: 'UgxA1b2C3d4E5f6G7h8.9zYxWvU',
      parentExternalId: 'UgxA1b2C3d4E5f6G7h8',
      author: { nativeId: 'UCz9y8x7w6v5u4t3s2r1q0p9', name: null, kind: 'person' },
      engagement: { likes: 3, comments: 0 },
    });
    expectNoPersonNamed(read.mentions);
  });

  it('reads video lists with the channel named and the video title as text when no description', async () => {
    const read = await readFixture('youtube-data-tools-videos.csv');
    expect(read.mentions[0]).toMatchObject({
      url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      author: { nativeId: 'UCabcdefghijklmnopqrstuv', name: 'VTV24', kind: 'channel' },
      title: 'Toàn cảnh lễ thông xe cầu Thủ Thiêm 2',
      engagement: { views: 120000, likes: 3400, comments: 560 },
    });
    expect(read.mentions[1]!.text).toBe('Bản tin thời tiết: nắng nóng gay gắt ở miền Bắc');
  });
});

describe('CSV with a column mapping', () => {
  const map = parseColumnMap(
    'externalId=Post ID,publishedAt=Date,text=Message,authorKind=Kind,authorName=Author,authorId=Author ID,likes=Reactions,url=Link',
  );

  it('keeps every good row and reports each bad one with its line and reason', async () => {
    const read = await readFixture('mapped.csv', { map });
    expect(read.mentions.map((m) => m.externalId)).toEqual(['m-1', 'm-7', 'm-8']);
    expect(read.errors.map((e) => [e.line, e.reason])).toEqual([
      [3, 'publishedAt: not a date: "yesterday"'],
      [4, 'expected 8 cells, found 3'],
      [5, 'no text'],
      [6, 'likes: not a count: "nhiều"'],
      [7, expect.stringContaining('unknown author kind "robot"')],
    ]);
    expect(read.errors[0]!.excerpt).toContain('m-2,yesterday');
    expect(read.mentions[1]!.author).toEqual({
      nativeId: 'p-1',
      name: 'Sở GTVT TP.HCM',
      kind: 'page',
    });
    expectNoPersonNamed(read.mentions);
  });

  it('uses columns named like a field without a map, and --platform for rows', async () => {
    const csv = 'text;likes;externalId\n"Mưa; gió";3;a\nNắng;x;b\n';
    const read = await readAll(chunksOf(csv), { platform: 'reddit' });
    expect(read.mentions).toEqual([
      expect.objectContaining({ text: 'Mưa; gió', platform: 'reddit', engagement: { likes: 3 } }),
    ]);
    expect(read.errors).toEqual([expect.objectContaining({ line: 3 })]);
  });

  it('reads stray and multi-line quotes, and reports a quote left open with the line it opens', async () => {
    const csv = 'text,externalId\nfirst,1\n"bad" x,2\n"multi\nline",3\nlast,4\n"open,5\nx,6\n';
    const read = await readAll(chunksOf(csv, 5));
    expect(read.mentions.map((m) => m.externalId)).toEqual(['1', '2', '3', '4']);
    expect(read.mentions[2]!.text).toBe('multi\nline');
    expect(read.rows.map((r) => r.line)).toEqual([2, 3, 4, 6, 7]);
    expect(read.errors[0]!.reason).toMatch(/Quote Not Closed/);
  });

  it('refuses, before reading rows, a CSV with no text column or the wrong named format', async () => {
    await expect(readAll(chunksOf('a,b\n1,2\n'))).rejects.toThrow(/--map text=Column/);
    await expect(readAll(chunksOf('a,b\n1,2\n'), { map: { text: 'Body' } })).rejects.toThrow(
      /no column "Body"/,
    );
    await expect(readFixture('mapped.csv', { format: 'crowdtangle' })).rejects.toBeInstanceOf(
      ImportFormatError,
    );
    await expect(readAll(chunksOf('[{"text":"x"}]\n'))).rejects.toThrow(/JSON Lines/);
    await expect(readAll(chunksOf(''))).rejects.toThrow(/empty/);
  });
});

describe('portable records', () => {
  it('reads what `nghe social parse` prints, only text required, dropping a name given to a person', async () => {
    const read = await readFixture('social-records.jsonl');
    expect(read.format).toBe('jsonl');
    expect(read.mentions).toHaveLength(4);
    expect(read.mentions[0]!.author).toEqual({
      nativeId: 'HTV Tin Tức',
      name: 'HTV Tin Tức',
      kind: 'channel',
    });
    expect(read.mentions[2]!.author).toEqual({ nativeId: 'p_77b2d0', name: null, kind: 'person' });
    expect(read.mentions[3]).toMatchObject({ platform: 'import', externalId: null, author: null });
    expectNoPersonNamed(read.mentions);
  });

  it('reports lines that are not JSON or not a record, with their line numbers', async () => {
    const lines = [
      '{"text":"một"}',
      '',
      '{"text":',
      '{"text":5}',
      '{"text":"hai","platform":"myspace"}',
      '{"text":"ba"}',
    ];
    const read = await readAll(chunksOf(lines.join('\r\n')), { platform: 'mastodon' });
    expect(read.mentions.map((m) => [m.text, m.platform])).toEqual([
      ['một', 'mastodon'],
      ['ba', 'mastodon'],
    ]);
    expect(read.errors.map((e: ImportRowError) => e.line)).toEqual([3, 4, 5]);
    expect(read.errors[0]!.reason).toBe('not valid JSON');
  });

  it('tells a Zeeschuimer capture from a portable record by its first line', async () => {
    const line = readFileSync(fixture('zeeschuimer.ndjson'), 'utf8').split('\n')[0]!;
    expect((await readAll(chunksOf(`${line}\n`))).format).toBe('zeeschuimer');
    expect((await readAll(chunksOf('{"text":"x"}\n'))).format).toBe('jsonl');
  });
});
