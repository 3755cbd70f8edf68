// Loads the committed segmenter model from models/segmenter/ (see MODEL_CARD.md there).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, readResource } from '../../package-root.js';
import { BoundarySegmenter } from './boundary-segmenter.js';
import { WordDictionary } from './dictionary.js';
import { MaxMatchSegmenter } from './max-match.js';
import { SparseWeights } from './sparse-weights.js';
import type { WordSegmenter } from './word-segmenter.js';

const MODEL_DIR = 'models/segmenter';

interface ModelMeta {
  format: string;
  hashBits: number;
}

let dictionary: WordDictionary | undefined;
let defaultSegmenter: WordSegmenter | undefined;

/** The segmenter's word dictionary (RDRsegmenter vocabulary + place names). */
export function loadSegmenterDictionary(): WordDictionary {
  dictionary ??= WordDictionary.fromLines(readResource(`${MODEL_DIR}/dictionary.txt`));
  return dictionary;
}

/** Read weights.bin: uint32 count, count x uint32 feature index, count x float32 weight (LE). */
function loadWeights(hashBits: number): SparseWeights {
  const buf = readFileSync(join(packageRoot(), MODEL_DIR, 'weights.bin'));
  const count = buf.readUInt32LE(0);
  if (buf.length !== 4 + count * 8) throw new Error('weights.bin: size does not match its count');
  const indices = new Uint32Array(count);
  const weights = new Float32Array(count);
  for (let k = 0; k < count; k++) {
    indices[k] = buf.readUInt32LE(4 + k * 4);
    if (indices[k]! >= 2 ** hashBits) throw new Error('weights.bin: index out of range');
    weights[k] = buf.readFloatLE(4 + count * 4 + k * 4);
  }
  return new SparseWeights(indices, weights);
}

/** The trained segmenter, loaded once and shared. */
export function loadDefaultSegmenter(): WordSegmenter {
  if (defaultSegmenter === undefined) {
    const meta = JSON.parse(readResource(`${MODEL_DIR}/model.json`)) as ModelMeta;
    if (meta.format !== 'nghe-boundary-perceptron/1') {
      throw new Error(`unsupported segmenter model format: ${meta.format}`);
    }
    defaultSegmenter = new BoundarySegmenter(
      loadSegmenterDictionary(),
      loadWeights(meta.hashBits),
      meta.hashBits,
    );
  }
  return defaultSegmenter;
}

/** Dictionary-only baseline (forward longest matching) over the same dictionary. */
export function loadMaxMatchSegmenter(): WordSegmenter {
  return new MaxMatchSegmenter(loadSegmenterDictionary());
}
