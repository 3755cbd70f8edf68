import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { viewCount } from './channel-preview.js';
import { telegramPlatform } from './index.js';
import { parseTelegram } from './parse-telegram.js';

const fixture = fixtureReader(import.meta.dirname);
const parse = (name: string) => parseTelegram(fixture(name));

const PERSON_TRACES = [
  'Trần Thị',
  'Bích',
  'Lý Quốc Bảo',
  'Hoàng',
  'Yến',
  'Đỗ Minh Khoa',
  'Nguyễn Văn An',
  'bichtran',
  'baoly',
  'yenhoang',
  'khoado',
  'nguyenvana',
];

function serializedWithoutAuthorNames(mentions: CollectedMention[]): string {
  return JSON.stringify(
    mentions.map((m) => ({ ...m, author: m.author ? { ...m.author, name: null } : null })),
  );
}

describe('parseTelegram: Bot API getUpdates', () => {
  const mentions = parse('get-updates.json');
  const one = (id: string, nth = 0) => {
    const found = mentions.filter((m) => m.externalId === id)[nth];
    if (!found) throw new Error(`no mention ${id}`);
    return found;
  };

  it('yields channel posts, their edits, group and private messages, and deletions, skipping the rest', () => {
    expect(mentions.map((m) => [m.externalId, m.deleted ?? false])).toEqual([
      ['tinnhanhsg/42', false],
      ['tinnhanhsg/42', false],
      ['cudanthuduc/1001', false],
      ['cudanthuduc/1002', false],
      ['cudanthuduc/1003', false],
      ['cudanthuduc/1004', false],
      ['5551234567/7', false],
      ['5551234567/15', true],
      ['5551234567/16', true],
      ['-1001111111111/5', false],
    ]);
  });

  it('a channel post: named by the channel, public link, dates from Unix seconds, mentions masked', () => {
    const post = one('tinnhanhsg/42');
    expect(post.author).toEqual({
      nativeId: '-1001234567890',
      name: 'Tin Nhanh Sài Gòn',
      kind: 'channel',
    });
    expect(post.url).toBe('https://t.me/tinnhanhsg/42');
    expect(post.publishedAt).toBe('2026-10-05T09:00:00.000Z');
    expect(post.updatedAt).toBeNull();
    expect(post.text).toBe(
      'Mưa lớn gây ngập nhiều tuyến đường ở TP.HCM chiều nay. Theo dõi @… để cập nhật. #ngaplut https://tuoitre.vn/ngap.htm',
    );
    expect(post.parentExternalId).toBeNull();
    expect(post.threadRootExternalId).toBeNull();
    expect(post.engagement).toEqual({});
    const edit = one('tinnhanhsg/42', 1);
    expect(edit.updatedAt).toBe('2026-10-05T09:30:00.000Z');
    expect(edit.text).toContain('(cập nhật 16h30)');
  });

  it('group messages: persons by user id; replies name their parent and thread root', () => {
    const reply = one('cudanthuduc/1002');
    expect(reply.author).toEqual({ nativeId: '5557654321', name: 'Lý Quốc Bảo', kind: 'person' });
    expect(reply.parentExternalId).toBe('cudanthuduc/1001');
    expect(reply.threadRootExternalId).toBe('cudanthuduc/1001');
    // Both the @username mention and the text_mention (a name linked to an account) are masked.
    expect(reply.text).toBe('@… cảm ơn chị @… nhiều, em đang định đi qua đó.');
    expect(one('cudanthuduc/1001').author?.kind).toBe('person');
    expect(one('cudanthuduc/1003').text).toBe('Ảnh chụp ở cầu Sài Gòn lúc 5 giờ chiều');
  });

  it('a message sent in a group as a channel is the channel', () => {
    expect(one('cudanthuduc/1004').author).toEqual({
      nativeId: '-1001234567890',
      name: 'Tin Nhanh Sài Gòn',
      kind: 'channel',
    });
  });

  it('private chats and channels without a username: ids by chat id, no public link', () => {
    const direct = one('5551234567/7');
    expect(direct.url).toBeNull();
    expect(direct.author?.kind).toBe('person');
    expect(one('-1001111111111/5').url).toBeNull();
    expect(one('5551234567/15').text).toBe('');
  });

  it('raw keeps ids; users lose names, usernames and language; text and entities are masked', () => {
    const raw = one('cudanthuduc/1002').raw as {
      from: unknown;
      text: string;
      entities: { offset: number; length: number; type: string; user?: unknown }[];
      reply_to_message: { from: unknown };
      chat: { title: string };
    };
    expect(raw.from).toEqual({ id: 5557654321, is_bot: false });
    expect(raw.reply_to_message.from).toEqual({ id: 5551234567, is_bot: false });
    expect(raw.chat.title).toBe('Hội cư dân Thủ Đức');
    expect(raw.text).toBe('@… cảm ơn chị @… nhiều, em đang định đi qua đó.');
    expect(raw.entities).toEqual([
      { offset: 0, length: 2, type: 'mention' },
      { offset: 14, length: 2, type: 'text_mention', user: { id: 5551234567, is_bot: false } },
    ]);
    const forwarded = one('cudanthuduc/1003').raw as { forward_origin: { sender_user: unknown } };
    expect(forwarded.forward_origin.sender_user).toEqual({ id: 5550001111, is_bot: false });
    expect(one('tinnhanhsg/42').raw).not.toHaveProperty('author_signature');
  });

  it('reads a webhook Update and an empty getUpdates page', () => {
    expect(parse('webhook-update.json').map((m) => m.externalId)).toEqual([
      'cudanthuduc/1001',
      'cudanthuduc/1002',
    ]);
    expect(parse('get-updates-empty.json')).toEqual([]);
  });
});

describe('parseTelegram: t.me/s channel preview', () => {
  const mentions = parse('channel-preview.html');
  const byId = (id: string) => {
    const found = mentions.find((m) => m.externalId === id);
    if (!found) throw new Error(`no mention ${id}`);
    return found;
  };

  it('yields each post with a data-post id, skipping service messages and posts without one', () => {
    expect(mentions.map((m) => m.externalId)).toEqual([
      'tinnhanhsg/40',
      'tinnhanhsg/41',
      'tinnhanhsg/42',
      'tinnhanhsg/44',
    ]);
  });

  it('text keeps line breaks, decodes entities and masks account links', () => {
    expect(byId('tinnhanhsg/40').text).toBe(
      'Mưa lớn gây ngập nhiều tuyến đường ở TP.HCM chiều nay.\n' +
        'Theo dõi @… để cập nhật. #ngaplut https://tuoitre.vn/ngap.htm & nước lên <50cm>',
    );
    expect(byId('tinnhanhsg/44').text).toBe('Giá xăng giảm từ 15h hôm nay 🎉');
  });

  it('the channel is the author, by username and title; links and dates', () => {
    const post = byId('tinnhanhsg/40');
    expect(post.author).toEqual({
      nativeId: 'tinnhanhsg',
      name: 'Tin Nhanh Sài Gòn',
      kind: 'channel',
    });
    expect(post.url).toBe('https://t.me/tinnhanhsg/40');
    expect(post.publishedAt).toBe('2026-10-05T09:00:00.000Z');
  });

  it('views as shown: 1.2K, 3.4M, 987', () => {
    expect(mentions.map((m) => m.engagement.views)).toEqual([1200, 3400000, 987, 12]);
  });

  it('a reply names the post it replies to, not the quoted text; an edited post is marked in raw', () => {
    const reply = byId('tinnhanhsg/42');
    expect(reply.parentExternalId).toBe('tinnhanhsg/40');
    expect(reply.threadRootExternalId).toBeUndefined();
    expect(reply.text).toBe('Cập nhật: nước đã rút ở đường Nguyễn Hữu Cảnh.');
    expect((reply.raw as { edited: boolean }).edited).toBe(true);
    expect((byId('tinnhanhsg/40').raw as { edited: boolean }).edited).toBe(false);
  });

  it('keeps a forward from a channel post, not a forward from a person', () => {
    expect((byId('tinnhanhsg/44').raw as { forwardedFrom: string }).forwardedFrom).toBe(
      'vnexpress/777',
    );
    const fromPerson = byId('tinnhanhsg/41').raw as { forwardedFrom: unknown; media: string[] };
    expect(fromPerson.forwardedFrom).toBeNull();
    expect(fromPerson.media).toEqual(['photo']);
  });

  it('reads the JSON-quoted HTML that loading older posts returns', () => {
    expect(parse('channel-preview-more.json').map((m) => m.externalId)).toEqual([
      'tinnhanhsg/40',
      'tinnhanhsg/41',
    ]);
  });

  it('a preview without posts is empty', () => {
    expect(parse('channel-preview-empty.html')).toEqual([]);
  });

  it('view counts in other forms', () => {
    expect(viewCount('4.32M')).toBe(4320000);
    expect(viewCount('1,5K')).toBe(1500);
    expect(viewCount('1,234')).toBe(1234);
    expect(viewCount('')).toBeNull();
    expect(viewCount('many')).toBeNull();
  });
});

describe('parseTelegram: privacy', () => {
  it.each(['get-updates.json', 'webhook-update.json', 'channel-preview.html'])(
    '%s names no person outside author.name, raw included',
    (name) => {
      const mentions = parse(name);
      expect(mentions.length).toBeGreaterThan(0);
      const serialized = serializedWithoutAuthorNames(mentions);
      for (const trace of PERSON_TRACES) expect(serialized).not.toContain(trace);
    },
  );
});

describe('parseTelegram: errors and unknown shapes', () => {
  it.each([
    ['error-401.json', 'telegram: 401 Unauthorized'],
    ['error-429.json', 'telegram: 429 Too Many Requests: retry after 15'],
    [
      'error-409.json',
      "telegram: 409 Conflict: can't use getUpdates method while webhook is active",
    ],
    ['channel-page-no-preview.html', 'telegram: the HTML is not a t.me/s channel preview'],
  ])('%s throws with the platform message', (name, message) => {
    expect(() => parse(name)).toThrow(UnreadableBodyError);
    expect(() => parse(name)).toThrow(message);
  });

  it('shapes it has never seen throw instead of yielding nonsense', () => {
    expect(() => parse('get-me.json')).toThrow(/neither updates nor messages/);
    expect(() => parseTelegram('{"ok":true,"result":[{"id":1}]}')).toThrow(
      /neither updates nor messages/,
    );
    expect(() => parseTelegram('{"hello":"world"}')).toThrow(/not a Bot API response/);
    expect(() => parseTelegram('"just text"')).toThrow(/not preview HTML/);
    expect(() => parseTelegram('<html><body><h1>502 Bad Gateway</h1></body></html>')).toThrow(
      /not a t.me\/s channel preview/,
    );
    expect(() => parseTelegram('')).toThrow(UnreadableBodyError);
  });
});

describe('telegramPlatform', () => {
  it('is the Telegram module with an eligibility note', () => {
    expect(telegramPlatform.platform).toBe('telegram');
    expect(telegramPlatform.eligibility).toMatch(/t\.me\/s/);
    expect(telegramPlatform.parse(fixture('get-updates-empty.json'))).toEqual([]);
  });
});
