import { describe, expect, it } from 'vitest';
import { makeSnippet } from './snippet.js';

describe('makeSnippet', () => {
  it('returns short text whole, whitespace collapsed', () => {
    expect(makeSnippet('Hà  Nội\n mưa', ['ha'])).toBe('Hà Nội mưa');
  });

  it('centres long text on the first whole-word match, found accent-insensitively', () => {
    const text = `${'Lorem ipsum dolor. '.repeat(30)}Ngập ở đường Nguyễn Hữu Cảnh. ${'Sit amet. '.repeat(30)}`;
    const snippet = makeSnippet(text, ['nguyen', 'huu'], 80);
    expect(snippet).toContain('Nguyễn Hữu Cảnh');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(82);
  });

  it('starts at the beginning when nothing matches', () => {
    const text = 'Mở đầu. '.repeat(50);
    expect(makeSnippet(text, ['khong'], 40).startsWith('Mở đầu.')).toBe(true);
  });
});
