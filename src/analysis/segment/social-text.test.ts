import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../normalize/tokenize.js';
import { segmentText } from './segment-text.js';

const commentsFile = resolve(process.cwd(), '../shared/data/social/vihsd/train.csv');
if (!existsSync(commentsFile))
  console.log(`skipping social-text checks: ${commentsFile} not found`);

describe.skipIf(!existsSync(commentsFile))('segmentText on real social comments (ViHSD)', () => {
  // One comment a line is close enough for a robustness check; the label column is cut off.
  // The describe body runs even when skipped, so only read the file when it exists.
  const comments = (existsSync(commentsFile) ? readFileSync(commentsFile, 'utf8') : '')
    .split('\n')
    .slice(1, 601)
    .map((line) => line.replace(/,\d\s*$/, ''));

  it('keeps every syllable and never builds absurdly long words', () => {
    let words = 0;
    let multi = 0;
    for (const text of comments) {
      const out = segmentText(text);
      // Segmenting only groups syllables: splitting the words again gives the token norms back.
      const expected = tokenize(text).flatMap((t) =>
        t.kind === 'word' ? t.norm.split(' ') : t.norm.split('_'),
      );
      expect(out.flatMap((w) => w.split('_'))).toEqual(expected);
      for (const w of out) {
        expect(w.length).toBeGreaterThan(0);
        if (/^[@#]|:\/\//u.test(w)) continue; // handles, tags and links keep their own "_"
        expect(w.split('_').length).toBeLessThanOrEqual(4);
        words++;
        if (w.includes('_')) multi++;
      }
    }
    // News text has about a third of its words multi-syllable; comments a bit fewer.
    expect(multi / words).toBeGreaterThan(0.1);
    expect(multi / words).toBeLessThan(0.5);
  });
});
