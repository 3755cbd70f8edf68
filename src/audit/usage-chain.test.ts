import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalContent, chainHash, GENESIS_HASH, type UsageContent } from './usage-chain.js';

describe('usage log chain hash', () => {
  it('is the SHA-256 of the previous hash, a newline and the canonical content, as fed piece by piece', () => {
    let previous = GENESIS_HASH;
    const words = ['ngập', 'lụt', 'giá xăng', '"quoted"', '\\', '😀', ''];
    for (let i = 0; i < 200; i++) {
      const entry: UsageContent = {
        id: i + 1,
        at: new Date(Date.UTC(2026, 0, 1) + i * 61_000).toISOString(),
        actor: `reader-${i % 7}/${words[i % words.length]}`,
        action: i % 2 ? 'listMentions' : 'analyticsSeries',
        detail: JSON.stringify({ q: words[(i * 3) % words.length], i }),
        resultCount: i % 5 === 0 ? null : i,
        unitId: i % 3 === 0 ? null : i % 3,
      };
      const expected = createHash('sha256')
        .update(previous)
        .update('\n')
        .update(canonicalContent(entry))
        .digest('hex');
      const got = chainHash(previous, entry);
      expect(got).toBe(expected);
      previous = got;
    }
  });
});
