import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { PersonMasker } from './person-privacy.js';

const atHandle = /(?<![\p{L}\p{N}_@])@(?<handle>[A-Za-z0-9_.]{2,30})/gu;

function masker(): PersonMasker {
  return new PersonMasker({
    dropKey: (key) => key === 'username' || key === 'avatar',
    mentions: [{ pattern: atHandle, replacement: 'user' }],
  });
}

describe('PersonMasker', () => {
  it('masks mentions in the platform syntax but keeps e-mail addresses and public accounts', () => {
    const m = masker();
    m.keepPublic('@baovidu');
    expect(m.text('@lan_anh hỏi @baovidu, gửi thư tới lan@example.vn')).toBe(
      '@user hỏi @baovidu, gửi thư tới lan@example.vn',
    );
  });

  it('masks the body’s own persons: full names anywhere, one-word names only after @', () => {
    const m = masker();
    m.addPerson('minh92', 'Trần Văn Minh');
    m.addPerson(null, 'Lan');
    expect(m.text('Anh trần văn minh nói đúng, @Lan cũng vậy; Lan Anh thì không.')).toBe(
      'Anh [user] nói đúng, @user cũng vậy; Lan Anh thì không.',
    );
  });

  it('masks a bare handle only when it cannot be an ordinary word', () => {
    const m = masker();
    m.addPerson('hanoi', null);
    m.addPerson('thu_ha.88', null);
    expect(m.text('hanoi hôm nay, hỏi thu_ha.88 nhé, link /thu_ha.88')).toBe(
      'hanoi hôm nay, hỏi [user] nhé, link /user',
    );
  });

  it('copies raw without person keys, masking strings and fields that are a person', () => {
    const m = masker();
    m.addPerson('hanoi', 'Lan');
    const raw = {
      id: '1',
      username: 'hanoi',
      owner: 'hanoi',
      nested: [{ avatar: 'https://cdn/a.jpg', text: 'cảm ơn @hanoi', count: 3 }],
    };
    expect(m.raw(raw)).toEqual({
      id: '1',
      owner: '[user]',
      nested: [{ text: 'cảm ơn @user', count: 3 }],
    });
    expect(raw.username).toBe('hanoi');
  });

  it('applies to text, title and raw of every mention once the body is read', () => {
    const m = masker();
    const mention = {
      text: 'Hỏi Nguyễn Thị Hoa',
      title: '@hoa_nguyen trả lời',
      raw: { username: 'hoa_nguyen' },
    } as unknown as CollectedMention;
    m.addPerson('hoa_nguyen', 'Nguyễn Thị Hoa');
    const [masked] = m.apply([mention]);
    expect(masked).toMatchObject({ text: 'Hỏi [user]', title: '@user trả lời', raw: {} });
  });
});
