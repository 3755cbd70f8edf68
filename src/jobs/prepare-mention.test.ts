import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../model.js';
import { prepareMention } from './prepare-mention.js';
import { createPseudonymiser } from './pseudonymise.js';

const pseudonymise = createPseudonymiser(Buffer.alloc(32, 7));

function collected(overrides: Partial<CollectedMention>): CollectedMention {
  return {
    platform: 'mastodon',
    url: null,
    externalId: '1101',
    author: null,
    publishedAt: '2025-06-01T08:00:00.000Z',
    updatedAt: null,
    language: 'vi',
    title: null,
    text: 'Nước ngập tới đầu gối ở Thủ Đức',
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: null,
    ...overrides,
  };
}

const prepare = (mention: CollectedMention) =>
  prepareMention(mention, {
    pseudonymise,
    collectedAt: '2025-06-01T09:00:00.000Z',
    sourceUrl: null,
  });

describe('prepareMention', () => {
  it('drops every raw field that names a person author, at any depth', () => {
    const input = prepare(
      collected({
        author: { nativeId: 'lan_tran', name: 'Trần Thị Lan', kind: 'person' },
        raw: {
          id: '1101',
          content: '<p>Nước ngập tới đầu gối ở Thủ Đức</p>',
          account: {
            id: '42',
            acct: '@Lan_Tran',
            username: 'lan_tran',
            display_name: 'Trần Thị Lan'.normalize('NFD'),
            url: 'https://mastodon.example/@lan_tran',
            followers_count: 12,
          },
          mentions: ['lan_tran', 'someone_else'],
          favourites_count: 3,
        },
      }),
    );
    expect(input.author).toMatchObject({ displayName: null, kind: 'person' });
    expect(input.raw).toEqual({
      id: '1101',
      content: '<p>Nước ngập tới đầu gối ở Thủ Đức</p>',
      account: { id: '42', followers_count: 12 },
      mentions: ['someone_else'],
      favourites_count: 3,
    });
  });

  it('keeps the raw of outlets, pages and channels as it came', () => {
    const raw = { author: 'Báo Tuổi Trẻ', url: 'https://tuoitre.vn/tac-gia/bao-tuoi-tre' };
    const input = prepare(
      collected({
        platform: 'web',
        author: { nativeId: 'Báo Tuổi Trẻ', name: 'Báo Tuổi Trẻ', kind: 'outlet' },
        raw,
      }),
    );
    expect(input.raw).toEqual(raw);
    expect(input.author?.displayName).toBe('Báo Tuổi Trẻ');
  });

  it('passes thread, edit and deletion facts through to the store', () => {
    const input = prepare(
      collected({
        parentExternalId: '1100',
        threadRootExternalId: '1000',
        updatedAt: '2025-06-01T08:30:00.000Z',
        deleted: true,
      }),
    );
    expect(input).toMatchObject({
      externalId: '1101',
      parentExternalId: '1100',
      threadRootExternalId: '1000',
      updatedAt: '2025-06-01T08:30:00.000Z',
      deleted: true,
    });
  });
});
