import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, readTsvResource } from './package-root.js';

describe('packageRoot', () => {
  it('finds the folder holding package.json and the shipped resources', () => {
    const root = packageRoot();
    expect(existsSync(join(root, 'package.json'))).toBe(true);
    expect(existsSync(join(root, 'models/segmenter/weights.bin'))).toBe(true);
  });

  it('reads TSV resources without comments, in NFC', () => {
    const rows = readTsvResource('resources/lexicons/teencode.tsv');
    expect(rows.length).toBeGreaterThan(150);
    for (const row of rows) {
      expect(row[0]?.startsWith('#')).toBe(false);
      expect(row).toHaveLength(2);
      expect(row[1]).toBe(row[1]?.normalize('NFC'));
    }
  });
});
