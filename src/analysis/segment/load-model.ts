// Loads the committed segmenter model from models/segmenter/ (see MODEL_CARD.md there).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, readResource } from '../normalize/package-root.js';
import { BoundarySegmenter } from './boundary-segmenter.js';
import { WordDictionary } from './dictionary.js';
import { MaxMatchSegmenter } from './max-match.js';
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

/** Expand weights.bin (count, indices, float32 values) into a dense table of 2^hashBits. */
function loadWeights(hashBits: number): Float32Array {
  const buf = readFileSync(join(packageRoot(), MODEL_DIR, 'weights.bin'));
  const count = buf.readUInt32LE(0);
  const size = 2 ** hashBits;
  if (buf.length !== 4 + count * 8) throw new Error('weights.bin: size does not match its count');
  const weights = new Float32Array(size);
  for (let k = 0; k < count; k++) {
    const index = buf.readUInt32LE(4 + k * 4);
    if (index >= size) throw new Error('weights.bin: index out of range');
    weights[index] = buf.readFloatLE(4 + count * 4 + k * 4);
  }
  return weights;
}

/** The trained segmenter, loaded once and shared. */
export function loadDefaultSegmenter(): WordSegmenter {
  if (defaultSegmenter === undefined) {
    const meta = JSON.parse(readResource(`${MODEL_DIR}/model.json`)) as ModelMeta;
    if (meta.format !== 'nghe-boundary-perceptron/1') {
      throw new Error(`unsupported segmenter model format: ${meta.format}`);
    }
    defaultSegmenter = new BoundarySegmenter(loadSegmenterDictionary(), loadWeights(meta.hashBits));
  }
  return defaultSegmenter;
}

/** Dictionary-only baseline (forward longest matching) over the same dictionary. */
export function loadMaxMatchSegmenter(): WordSegmenter {
  return new MaxMatchSegmenter(loadSegmenterDictionary());
}
