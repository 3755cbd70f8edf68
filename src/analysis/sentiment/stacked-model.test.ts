import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainBoostedTrees } from './boosted-trees.js';
import { DEFAULT_FEATURE_CONFIG } from './features.js';
import { LinearModel } from './linear-model.js';
import { loadVietnameseSentimentModel, STACK_FILE } from './sentiment-model.js';
import { STACK_FEATURES } from './stack-features.js';

// A model file that names a second stage is loaded with it, and is refused without it.

const LABELS = ['negative', 'neutral', 'positive'];
const config = { ...DEFAULT_FEATURE_CONFIG, bits: 10, charMax: 0 };
const dir = mkdtempSync(join(tmpdir(), 'nghe-stack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeLinear(name: string, meta: Record<string, unknown>): string {
  const weights = new Float32Array((1 << config.bits) * 3);
  // Every bucket leans positive, so the linear model alone always says positive.
  for (let i = 0; i < weights.length; i += 3) weights[i + 2] = 1;
  const path = join(dir, name);
  writeFileSync(
    path,
    new LinearModel(LABELS, config, weights, new Float32Array(3), meta).serialize(),
  );
  return path;
}

describe('a stacked Vietnamese model on disk', () => {
  it('is answered by its second stage', () => {
    // Trees that always answer neutral, whatever the features.
    const rows = Array.from({ length: 60 }, (_, i) =>
      Array.from({ length: STACK_FEATURES }, () => i % 7),
    );
    const trees = trainBoostedTrees(
      rows,
      rows.map(() => 1),
      rows.map(() => 1),
      3,
      {
        rounds: 3,
        learningRate: 0.5,
        maxDepth: 2,
        minChildWeight: 1,
        lambda: 1,
        bins: 16,
      },
    );
    const path = writeLinear('stacked.bin', { secondStage: STACK_FILE });
    writeFileSync(join(dir, STACK_FILE), JSON.stringify(trees.toJSON()));
    const model = loadVietnameseSentimentModel(path);
    expect(model.trees).not.toBeNull();
    expect(model.predict({ text: 'thầy dạy rất hay', lang: 'vi' })?.label).toBe('neutral');
    const alone = loadVietnameseSentimentModel(writeLinear('alone.bin', {}));
    expect(alone.trees).toBeNull();
    expect(alone.predict({ text: 'thầy dạy rất hay', lang: 'vi' })?.label).toBe('positive');
  });

  it('is refused when the second stage it names is missing', () => {
    const path = writeLinear('orphan.bin', { secondStage: 'nowhere.json' });
    expect(() => loadVietnameseSentimentModel(path)).toThrow(/second stage .*missing/);
  });
});
