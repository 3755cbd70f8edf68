import { DEFAULT_FEATURE_CONFIG, FEATURE_VERSION, type FeatureConfig } from './features.js';

// A multinomial linear classifier over hashed features, with a compact on-disk form: only
// non-zero buckets are stored, their weights quantised to int16 with one shared scale.

const MAGIC = 0x4d53474e; // "NGSM" little-endian

export interface LinearModelHeader {
  featureVersion: number;
  labels: string[];
  config: FeatureConfig;
  bias: number[];
  /** Quantisation step: weight = int16 * scale. */
  scale: number;
  /** Free-form facts about training, kept for the model card. */
  meta: Record<string, unknown>;
}

export class LinearModel {
  readonly classes: number;

  constructor(
    readonly labels: readonly string[],
    readonly config: FeatureConfig,
    /** dims * classes, row-major by bucket. */
    readonly weights: Float32Array,
    readonly bias: Float32Array,
    readonly meta: Record<string, unknown> = {},
  ) {
    this.classes = labels.length;
    if (weights.length !== (1 << config.bits) * this.classes) {
      throw new Error('weights do not match the feature space');
    }
  }

  /** Class scores (logits) for a document's feature indices; writes into `out`. */
  scores(indices: Int32Array, length: number, out: Float64Array): Float64Array {
    const k = this.classes;
    const value = 1 / Math.sqrt(Math.max(1, length));
    for (let c = 0; c < k; c++) out[c] = 0;
    const w = this.weights;
    for (let i = 0; i < length; i++) {
      const base = indices[i]! * k;
      for (let c = 0; c < k; c++) out[c]! += w[base + c]!;
    }
    for (let c = 0; c < k; c++) out[c] = out[c]! * value + this.bias[c]!;
    return out;
  }

  /**
   * `prune`: buckets whose largest weight is under this fraction of the largest weight overall
   * are dropped (rare n-grams seen once or twice); they barely move any score.
   */
  serialize(prune = 1 / 1000): Uint8Array {
    const k = this.classes;
    const dims = 1 << this.config.bits;
    let maxAbs = 0;
    for (const x of this.weights) maxAbs = Math.max(maxAbs, Math.abs(x));
    const scale = maxAbs / 32767 || 1;
    const floor = maxAbs * prune;
    const kept: number[] = [];
    for (let d = 0; d < dims; d++) {
      for (let c = 0; c < k; c++) {
        if (Math.abs(this.weights[d * k + c]!) >= floor && floor > 0) {
          kept.push(d);
          break;
        }
      }
    }
    const header: LinearModelHeader = {
      featureVersion: FEATURE_VERSION,
      labels: [...this.labels],
      config: this.config,
      bias: [...this.bias],
      scale,
      meta: this.meta,
    };
    const headerBytes = new TextEncoder().encode(JSON.stringify(header));
    const size = 12 + headerBytes.length + 4 + kept.length * 4 + kept.length * k * 2;
    const bytes = new Uint8Array(size);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, 2, true);
    view.setUint32(8, headerBytes.length, true);
    bytes.set(headerBytes, 12);
    let off = 12 + headerBytes.length;
    view.setUint32(off, kept.length, true);
    off += 4;
    // Indices as deltas would compress better; plain u32 keeps loading trivial.
    for (const d of kept) {
      view.setUint32(off, d, true);
      off += 4;
    }
    for (const d of kept) {
      for (let c = 0; c < k; c++) {
        const q = Math.round(this.weights[d * k + c]! / scale);
        view.setInt16(off, Math.max(-32767, Math.min(32767, q)), true);
        off += 2;
      }
    }
    return bytes;
  }

  static deserialize(bytes: Uint8Array): LinearModel {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw new Error('not a sentiment model file');
    if (view.getUint32(4, true) !== 2) throw new Error('unsupported sentiment model file version');
    const headerLength = view.getUint32(8, true);
    const header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)),
    ) as LinearModelHeader;
    if (header.featureVersion !== FEATURE_VERSION) {
      throw new Error(
        `model features v${header.featureVersion}, code expects v${FEATURE_VERSION}: retrain`,
      );
    }
    const config = { ...DEFAULT_FEATURE_CONFIG, ...header.config };
    const k = header.labels.length;
    const weights = new Float32Array((1 << config.bits) * k);
    let off = 12 + headerLength;
    const count = view.getUint32(off, true);
    off += 4;
    const idxOff = off;
    off += count * 4;
    for (let i = 0; i < count; i++) {
      const d = view.getUint32(idxOff + i * 4, true);
      for (let c = 0; c < k; c++) {
        weights[d * k + c] = view.getInt16(off, true) * header.scale;
        off += 2;
      }
    }
    return new LinearModel(
      header.labels,
      config,
      weights,
      Float32Array.from(header.bias),
      header.meta,
    );
  }
}
