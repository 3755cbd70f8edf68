import { describe, expect, it } from 'vitest';
import type { Mention } from '../../model.js';
import { toRepresentative } from '../representative.js';
import { mentionsCsv, toCsv } from './report-export.js';

const person: Mention = {
  id: 7,
  platform: 'facebook',
  canonicalUrl: 'https://www.facebook.com/someone/posts/1',
  externalId: '1',
  author: { key: 'pseudonym-abc', displayName: null, kind: 'person' },
  publishedAt: '2025-09-02T01:00:00Z',
  collectedAt: '2025-09-02T01:00:00Z',
  language: 'vi',
  title: null,
  text: 'Đường "ngập", lại ngập',
  html: null,
  categories: [],
  engagement: {},
  parentId: null,
  threadRootId: null,
  updatedAt: null,
  deletedAt: null,
  sourceIds: [1],
  analysis: null,
};

describe('report exports', () => {
  it('quotes cells holding commas, quotes and line breaks', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [1.5, null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n1.500000,\r\n');
  });

  it("exports a person's mention without pseudonym or address", () => {
    const csv = mentionsCsv([toRepresentative(person)]);
    expect(csv).not.toContain('pseudonym-abc');
    expect(csv).not.toContain('facebook.com/someone');
    expect(csv).toContain('"Đường ""ngập"", lại ngập"');
  });
});
