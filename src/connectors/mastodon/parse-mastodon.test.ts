import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { mentionById } from '../test-support/mentions.js';
import { mastodonPlatform } from './index.js';
import { parseMastodon } from './parse-mastodon.js';

const fixture = fixtureReader(import.meta.dirname);
const parse = (name: string, url?: string) => parseMastodon(fixture(name), url ? { url } : {});

// Every person in the fixtures, by display name and by handle (which their profile and avatar
// links contain).
const PERSON_TRACES = [
  'Nguyễn Thị Lan',
  'Trần Văn Hùng',
  'Phạm Minh',
  'Bản tin thời tiết',
  'lanmai',
  'hungtran',
  'phamminh',
  'thoitietbot',
];

/** The output as JSON with author names blanked: nothing else may name a person. */
function serializedWithoutAuthorNames(mentions: CollectedMention[]): string {
  return JSON.stringify(
    mentions.map((m) => ({ ...m, author: m.author ? { ...m.author, name: null } : null })),
  );
}

const ALL_BODIES = [
  'hashtag-timeline.json',
  'status.json',
  'status-context.json',
  'status-context-of-top.json',
  'search-v2.json',
  'stream-websocket.jsonl',
  'stream-websocket-update.json',
  'stream.sse',
];

describe('parseMastodon: hashtag timeline', () => {
  const mentions = parse(
    'hashtag-timeline.json',
    'https://mstdn.example.vn/api/v1/timelines/tag/ngaplut',
  );

  it('yields every status once, the boosted status instead of the boost, skipping one with no id', () => {
    expect(mentions.map((m) => m.externalId)).toEqual([
      '113200000000000001',
      '113200000000000002',
      '113200000000000003',
      '113200000000000005',
    ]);
    expect(mentions.every((m) => m.platform === 'mastodon')).toBe(true);
  });

  it('reads text from HTML, keeps hashtags and full links, and masks mentions', () => {
    const root = mentionById(mentions, '113200000000000001');
    expect(root.text).toBe(
      'Đường Nguyễn Hữu Cảnh lại ngập sau cơn mưa chiều nay, xe chết máy hàng loạt. #ngaplut\n\n' +
        'Ảnh: https://vnexpress.net/ngap-nguyen-huu-canh-4800001.html',
    );
    expect(root.text).toBe(root.text.normalize('NFC'));
    const reply = mentionById(mentions, '113200000000000002');
    expect(reply.text).toBe(
      'Ngập ở Thủ Đức\n\n@… Khu Thảo Điền cũng ngập nặng, nước lên tới đầu gối.',
    );
    expect(mentionById(mentions, '113200000000000005').text).toBe(
      'Dự báo: mưa rào và dông rải rác, nhiệt độ 26–31°C.\nCảnh báo ngập ở vùng trũng thấp.',
    );
  });

  it('dates, edits, language, parents and thread roots', () => {
    const root = mentionById(mentions, '113200000000000001');
    expect(root.publishedAt).toBe('2026-10-05T02:15:30.000Z');
    expect(root.updatedAt).toBe('2026-10-05T02:20:00.000Z');
    expect(root.language).toBe('vi');
    expect(root.parentExternalId).toBeNull();
    expect(root.threadRootExternalId).toBeNull();
    const reply = mentionById(mentions, '113200000000000002');
    expect(reply.updatedAt).toBeNull();
    expect(reply.parentExternalId).toBe('113200000000000001');
    expect(reply.threadRootExternalId).toBe('113200000000000001');
    expect(mentionById(mentions, '113200000000000005').language).toBeNull();
  });

  it('authors: persons and bots by account id, group accounts as pages', () => {
    expect(mentionById(mentions, '113200000000000001').author).toEqual({
      nativeId: '109384756102938475',
      name: 'Nguyễn Thị Lan',
      kind: 'person',
    });
    expect(mentionById(mentions, '113200000000000003').author).toEqual({
      nativeId: '108877665544332211',
      name: 'Hà Nội ngày nay',
      kind: 'page',
    });
    expect(mentionById(mentions, '113200000000000005').author?.kind).toBe('person');
  });

  it('engagement from counts sent as numbers or strings; shares count boosts and quotes', () => {
    expect(mentionById(mentions, '113200000000000001').engagement).toEqual({
      likes: 17,
      comments: 2,
      shares: 6,
    });
    expect(mentionById(mentions, '113200000000000005').engagement).toEqual({
      likes: 9,
      comments: 4,
      shares: 2,
    });
  });

  it('permalinks: handle-free for persons, the status page for groups', () => {
    expect(mentionById(mentions, '113200000000000001').url).toBe(
      'https://mstdn.example.vn/statuses/113200000000000001',
    );
    // A remote person's status opens on the instance that served the body.
    expect(mentionById(mentions, '113200000000000002').url).toBe(
      'https://mstdn.example.vn/statuses/113200000000000002',
    );
    expect(mentionById(mentions, '113200000000000003').url).toBe(
      'https://a.gup.pe/@hanoingaynay/113200000000000003',
    );
  });

  it('without the fetch address, a local status in the body shows the instance', () => {
    const alone = parse('hashtag-timeline.json');
    expect(mentionById(alone, '113200000000000002').url).toBe(
      'https://mstdn.example.vn/statuses/113200000000000002',
    );
    const remoteOnly = parseMastodon(
      JSON.stringify([JSON.parse(fixture('hashtag-timeline.json'))[1]]),
    );
    expect(remoteOnly[0]?.url).toBeNull();
  });

  it('keeps the status raw with ids and counts but no account names, handles or links', () => {
    const raw = mentionById(mentions, '113200000000000002').raw as Record<string, unknown>;
    expect(raw.id).toBe('113200000000000002');
    expect(raw.replies_count).toBe(0);
    expect(raw.in_reply_to_account_id).toBe('109384756102938475');
    expect(raw.account).toEqual({
      id: '110293847561029384',
      locked: false,
      bot: false,
      group: false,
      discoverable: true,
      indexable: true,
      noindex: false,
      created_at: '2023-02-14T00:00:00.000Z',
      last_status_at: '2026-10-05',
      statuses_count: 431,
      followers_count: 120,
      following_count: 80,
    });
    expect(raw.mentions).toEqual([{ id: '109384756102938475' }]);
    expect(raw).not.toHaveProperty('uri');
    expect(raw).not.toHaveProperty('url');
    expect(String(raw.content)).toContain('@…');
    expect(mentions.every((m) => m.categories.length === 0 && m.html === null)).toBe(true);
  });
});

describe('parseMastodon: single status, context, search', () => {
  it('reads one Status, dropping the card author and keeping the poll', () => {
    const [status, ...rest] = parse('status.json');
    expect(rest).toEqual([]);
    expect(status?.externalId).toBe('113200000000000010');
    expect(status?.text).toBe('Cảm ơn @… đã chia sẻ. Mọi người nghĩ sao về phí vào nội đô?');
    const raw = status?.raw as { card: Record<string, unknown>; poll: { votes_count: number } };
    expect(raw.card).not.toHaveProperty('author_name');
    expect(raw.card.provider_name).toBe('Tuổi Trẻ');
    expect(raw.poll.votes_count).toBe(10);
  });

  it('flattens a context in body order; replies to the focal status have the first ancestor as root', () => {
    const mentions = parse('status-context.json');
    expect(mentions.map((m) => [m.externalId, m.parentExternalId, m.threadRootExternalId])).toEqual(
      [
        ['113200000000000020', null, null],
        ['113200000000000022', '113200000000000021', '113200000000000020'],
        ['113200000000000023', '113200000000000022', '113200000000000020'],
        ['113200000000000024', '113200000000000021', '113200000000000020'],
      ],
    );
    expect(mentions[1]?.text).toBe('@… @… Điện lực báo sự cố trạm biến áp.');
  });

  it('a context without ancestors belongs to the focal status', () => {
    const mentions = parse('status-context-of-top.json');
    expect(mentions.map((m) => m.threadRootExternalId)).toEqual([
      '113200000000000021',
      '113200000000000021',
    ]);
  });

  it('search v2 yields its statuses, not its accounts or hashtags', () => {
    expect(parse('search-v2.json').map((m) => m.externalId)).toEqual(['113200000000000001']);
  });

  it('a timeline reply whose parent is not in the body has no known root', () => {
    const [status] = parseMastodon(
      JSON.stringify([{ id: '7', in_reply_to_id: '6', content: '<p>trả lời</p>' }]),
    );
    expect(status?.parentExternalId).toBe('6');
    expect(status?.threadRootExternalId).toBeUndefined();
    expect(status?.author).toBeNull();
    expect(status?.publishedAt).toBeNull();
  });
});

describe('parseMastodon: streaming', () => {
  it('reads WebSocket messages one per line: updates, edits and deletions; skips notifications', () => {
    const mentions = parse('stream-websocket.jsonl');
    expect(mentions.map((m) => [m.externalId, m.deleted ?? false])).toEqual([
      ['113200000000000002', false],
      ['113200000000000020', false],
      ['113200000000000099', true],
    ]);
    const edited = mentions[1]!;
    expect(edited.updatedAt).toBe('2026-10-05T15:00:00.000Z');
    expect(edited.text).toContain('đã có điện lại');
    const deleted = mentions[2]!;
    expect(deleted.text).toBe('');
    expect(deleted.author).toBeNull();
  });

  it('reads one WebSocket message whose payload is a Status as a string', () => {
    const [status] = parse('stream-websocket-update.json');
    expect(status?.externalId).toBe('113200000000000005');
    expect(status?.engagement.likes).toBe(9);
  });

  it('reads an SSE body with heartbeats', () => {
    const mentions = parse('stream.sse');
    expect(mentions.map((m) => [m.externalId, m.deleted ?? false])).toEqual([
      ['113200000000000003', false],
      ['113200000000000098', true],
      ['113200000000000020', false],
    ]);
    expect(mentions[0]?.author?.kind).toBe('page');
  });

  it('a heartbeat-only stream is empty', () => {
    expect(parseMastodon(':thump\n\n:thump\n')).toEqual([]);
  });
});

describe('parseMastodon: privacy', () => {
  it.each(ALL_BODIES)('%s names no person outside author.name, raw included', (name) => {
    const mentions = parse(name, 'https://mstdn.example.vn/api/v1/timelines/public');
    expect(mentions.length).toBeGreaterThan(0);
    const serialized = serializedWithoutAuthorNames(mentions);
    for (const trace of PERSON_TRACES) expect(serialized).not.toContain(trace);
  });

  it('keeps the name of a group account, a public page', () => {
    const serialized = JSON.stringify(parse('stream.sse').map((m) => m.raw));
    expect(serialized).toContain('Hà Nội ngày nay');
  });
});

describe('parseMastodon: errors and unknown shapes', () => {
  it.each([
    ['error-401.json', 'mastodon: The access token is invalid'],
    ['error-404.json', 'mastodon: Record not found'],
    ['error-429.json', 'mastodon: Too many requests'],
    ['stream-error.json', 'mastodon: 400 Unknown stream type'],
  ])('%s throws with the platform message', (name, message) => {
    expect(() => parse(name)).toThrow(UnreadableBodyError);
    expect(() => parse(name)).toThrow(message);
  });

  it('an OAuth error quotes its description', () => {
    expect(() =>
      parseMastodon('{"error":"invalid_token","error_description":"The access token expired"}'),
    ).toThrow('mastodon: invalid_token: The access token expired');
  });

  it('an empty timeline page is empty', () => {
    expect(parse('empty-timeline.json')).toEqual([]);
  });

  it('shapes it has never seen throw instead of yielding nonsense', () => {
    expect(() => parse('notifications.json')).toThrow(/not a list of statuses/);
    expect(() => parse('instance.json')).toThrow(/unknown shape/);
    // Accounts carry a `uri` as statuses do; a list of followers is not a list of statuses.
    const account = JSON.parse(fixture('search-v2.json')).accounts[0];
    expect(() => parseMastodon(JSON.stringify(account))).toThrow(/unknown shape/);
    expect(() => parseMastodon(JSON.stringify([account]))).toThrow(/not a list of statuses/);
    expect(() => parseMastodon('"hello"')).toThrow(UnreadableBodyError);
    expect(() => parseMastodon('<html><title>502 Bad Gateway</title></html>')).toThrow(
      /mastodon: the body is HTML/,
    );
    expect(() => parseMastodon('')).toThrow(UnreadableBodyError);
    expect(() => parseMastodon('{"event":"update","payload":"{not json"}')).toThrow(
      /payload .* is not JSON/,
    );
  });
});

describe('mastodonPlatform', () => {
  it('is the Mastodon module with an eligibility note', () => {
    expect(mastodonPlatform.platform).toBe('mastodon');
    expect(mastodonPlatform.eligibility).toMatch(/300/);
    expect(mastodonPlatform.parse(fixture('empty-timeline.json'))).toEqual([]);
  });
});
