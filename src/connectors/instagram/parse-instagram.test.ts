import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { fixtureReader } from '../test-support/fixtures.js';
import {
  expectNoPersonOutsideAuthorName as expectNoPersonsIn,
  mentionById,
} from '../test-support/mentions.js';
import { instagramPlatform } from './index.js';
import { parseInstagram } from './parse-instagram.js';

const fixture = fixtureReader(import.meta.dirname);

/** Handles of the persons in the fixtures: none may leave the parser but as author.name. */
const PERSONS = ['minh.anh_92', 'hoangtuan.sg', 'qua.tang_24h', 'lan.nguyen.2001'];

function expectNoPersonOutsideAuthorName(mentions: CollectedMention[]): void {
  expectNoPersonsIn(mentions, PERSONS);
}

describe('parseInstagram: the account’s media with comments and replies', () => {
  const mentions = parseInstagram(fixture('account-media.json'));
  const media = '18026537890123456';

  it('yields media, comments and replies in body order', () => {
    expect(mentions.map((m) => [m.externalId, m.parentExternalId, m.threadRootExternalId])).toEqual(
      [
        [media, null, null],
        ['17890455012345001', media, media],
        ['17890455012345002', '17890455012345001', media],
        ['17890455012345003', '17890455012345001', media],
        ['17890455012345004', media, media],
        ['18041234567890123', null, null],
      ],
    );
  });

  it('reads the account’s own media as a page, with counts and date', () => {
    expect(mentionById(mentions, media)).toMatchObject({
      platform: 'instagram',
      url: 'https://www.instagram.com/p/DCxQ1aBJk3m/',
      publishedAt: '2026-11-30T10:05:22.000Z',
      author: { nativeId: '17841405822304914', name: 'thuduc.news', kind: 'page' },
      engagement: { likes: 1204, comments: 4 },
      title: null,
      categories: [],
    });
    expect(mentionById(mentions, '18041234567890123').engagement).toEqual({
      likes: 356,
      comments: 0,
    });
  });

  it('masks persons’ @mentions, in captions and replies', () => {
    expect(mentionById(mentions, media).text).toBe(
      'Triều cường chiều 30/11 tại đường Võ Văn Ngân 🌊 Cảm ơn @user đã gửi ảnh! #ngap #thuduc',
    );
    expect(mentionById(mentions, '17890455012345003').text).toBe(
      '@user hẻm 12 năm nào cũng vậy, phải nâng đường thôi',
    );
  });

  it('tells persons from the account replying under its own media', () => {
    expect(mentionById(mentions, '17890455012345001').author).toEqual({
      nativeId: '17841400000000001',
      name: null,
      kind: 'person',
    });
    expect(mentionById(mentions, '17890455012345002').author).toMatchObject({
      nativeId: '17841405822304914',
      name: 'thuduc.news',
      kind: 'page',
    });
  });

  it('gives comments and replies their address under the media', () => {
    expect(mentionById(mentions, '17890455012345001').url).toBe(
      'https://www.instagram.com/p/DCxQ1aBJk3m/c/17890455012345001/',
    );
    expect(mentionById(mentions, '17890455012345003').url).toBe(
      'https://www.instagram.com/p/DCxQ1aBJk3m/c/17890455012345001/r/17890455012345003/',
    );
  });

  it('reports a hidden comment removed, without its text', () => {
    const hidden = mentionById(mentions, '17890455012345004');
    expect(hidden).toMatchObject({ deleted: true, text: '' });
    expect(JSON.stringify(hidden.raw)).not.toContain('500k');
  });

  it('names no person anywhere but in author.name, raw included', () => {
    expectNoPersonOutsideAuthorName(mentions);
    const raw = mentionById(mentions, media).raw as Record<string, unknown>;
    expect(raw.comments).toEqual({});
    expect(raw.owner).toEqual({ id: '17841405822304914' });
  });
});

describe('parseInstagram: a media’s comments in the shape without `from`', () => {
  const mentions = parseInstagram(fixture('media-comments.json'));

  it('hangs comments under the media named by the paging link', () => {
    expect(mentions.map((m) => [m.externalId, m.parentExternalId, m.threadRootExternalId])).toEqual(
      [
        ['17890455012345001', '18026537890123456', '18026537890123456'],
        ['17890455012345003', '17890455012345001', '18026537890123456'],
        ['17890455012345005', '18026537890123456', '18026537890123456'],
      ],
    );
  });

  it('keys persons known only by username without the username itself', () => {
    const [first, reply] = mentions;
    expect(first!.author).toMatchObject({ kind: 'person', name: null });
    expect(first!.author!.nativeId).not.toContain('minh');
    expect(reply!.author!.nativeId).not.toBe(first!.author!.nativeId);
    expect(parseInstagram(fixture('media-comments.json'))[0]!.author).toEqual(first!.author);
    expectNoPersonOutsideAuthorName(mentions);
  });
});

describe('parseInstagram: hashtags and business discovery', () => {
  it('returns nothing for a hashtag search: ids, not posts', () => {
    expect(parseInstagram(fixture('hashtag-search.json'))).toEqual([]);
    expect(parseInstagram('{"id":"17843853986012965","name":"ngap"}')).toEqual([]);
  });

  it('reads hashtag media without an author', () => {
    const mentions = parseInstagram(fixture('hashtag-recent-media.json'));
    expect(mentions).toHaveLength(2);
    expect(mentions[0]).toMatchObject({
      externalId: '17880997618081620',
      author: null,
      text: 'Đi làm mà như đi bơi 🙃 #ngapsaigon #thuduc',
      engagement: { likes: 1400, comments: 27 },
      url: 'https://www.instagram.com/reel/DCzA7yHJx1Q/',
    });
    expect(mentions[1]!.engagement).toEqual({ comments: 3 });
  });

  it('reads another business account’s media as that page', () => {
    const [media] = parseInstagram(fixture('business-discovery.json'));
    expect(media).toMatchObject({
      externalId: '17999123456789012',
      author: { nativeId: '17841401234567890', name: 'baotuoitre', kind: 'page' },
      engagement: { likes: 2210, comments: 148 },
    });
  });

  it('reads media by others from /tags as persons’', () => {
    const [tagged] = parseInstagram(
      JSON.stringify({
        data: [
          {
            id: '17912345678901234',
            caption: 'Check-in cầu Sài Gòn',
            username: 'lan.nguyen.2001',
            timestamp: '2026-11-30T07:00:00+0000',
            like_count: '12',
          },
        ],
      }),
    );
    expect(tagged).toMatchObject({
      author: { kind: 'person', name: null },
      engagement: { likes: 12 },
    });
    expectNoPersonOutsideAuthorName([tagged!]);
  });

  it('drops a story address that names an account not known to be the page', () => {
    const [story] = parseInstagram(
      JSON.stringify({
        data: [
          {
            id: '17879450117512729',
            media_type: 'IMAGE',
            permalink: 'https://instagram.com/stories/lan.nguyen.2001/2643655939345226184',
            timestamp: '2026-11-30T10:19:23+0000',
          },
        ],
      }),
    );
    expect(story).toMatchObject({ url: null, author: null });
    expectNoPersonOutsideAuthorName([story!]);
  });

  it('returns nothing for an empty page', () => {
    expect(parseInstagram(fixture('empty-media.json'))).toEqual([]);
  });
});

describe('parseInstagram: bodies it cannot read', () => {
  it('quotes the Graph error message', () => {
    expect(() => parseInstagram(fixture('error-account-rate-limit.json'))).toThrow(
      'instagram: OAuthException code 80002: There have been too many calls to this Instagram account.',
    );
    expect(() => parseInstagram(fixture('error-invalid-token.json'))).toThrow(
      new UnreadableBodyError(
        'instagram',
        'OAuthException code 190: Invalid OAuth access token - Cannot parse access token',
      ),
    );
  });

  it('refuses HTML and shapes it has never seen', () => {
    expect(() => parseInstagram('<html><title>Instagram</title></html>')).toThrow(
      UnreadableBodyError,
    );
    expect(() => parseInstagram('{"data":[{"metric":"reach","values":[1]}]}')).toThrow(
      /not media or comments/,
    );
    expect(() => parseInstagram('{"hello":"world"}')).toThrow(UnreadableBodyError);
  });

  it('is the instagram module of the registry', () => {
    expect(instagramPlatform.platform).toBe('instagram');
    expect(instagramPlatform.parse).toBe(parseInstagram);
  });
});
