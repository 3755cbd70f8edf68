import { type EncodedDoc, trainSoftmax } from './train-softmax.js';

// Which measured register a Vietnamese text resembles: 'feedback' (short, formal feedback
// sentences, like UIT-VSFC) or 'forum' (forum and social comments, like VLSP 2016). The
// sentiment model's error rates differ a lot between the two, so share estimates correct each
// register's posts with that register's measured rates. A logistic regression over the
// sentiment model's own hashed features folded into 2^bits buckets: one more dot product
// over indices the sentiment model already computed.

export const REGISTERS = ['feedback', 'forum'] as const;
export type Register = (typeof REGISTERS)[number];

export interface RegisterModelJSON {
  bits: number;
  bias: number;
  /** int16 weights, little-endian, base64; weight = value * scale. */
  weights: string;
  scale: number;
}

export class RegisterModel {
  private readonly mask: number;

  constructor(
    readonly bits: number,
    /** Per bucket: evidence for 'forum' over 'feedback'. */
    readonly weights: Float32Array,
    readonly bias: number,
  ) {
    if (weights.length !== 1 << bits) throw new Error('register weights do not match their bits');
    this.mask = (1 << bits) - 1;
  }

  /** Log-odds of 'forum' for a text's feature indices (as the sentiment model hashes them). */
  score(indices: ArrayLike<number>, length: number): number {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += this.weights[indices[i]! & this.mask]!;
    return this.bias + sum / Math.sqrt(Math.max(1, length));
  }

  register(indices: ArrayLike<number>, length: number): Register {
    return this.score(indices, length) > 0 ? 'forum' : 'feedback';
  }

  toJSON(): RegisterModelJSON {
    let max = 0;
    for (const w of this.weights) max = Math.max(max, Math.abs(w));
    const scale = max / 32767 || 1;
    const q = Int16Array.from(this.weights, (w) => Math.round(w / scale));
    return {
      bits: this.bits,
      bias: this.bias,
      scale,
      weights: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64'),
    };
  }

  static fromJSON(json: RegisterModelJSON): RegisterModel {
    const bytes = Buffer.from(json.weights, 'base64');
    if (bytes.length !== 2 << json.bits) throw new Error('register model weights are truncated');
    const q = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    return new RegisterModel(
      json.bits,
      Float32Array.from(q, (v) => v * json.scale),
      json.bias,
    );
  }
}

/** Folds feature indices into the register model's buckets (duplicates kept, as at prediction). */
export function foldIndices(indices: ArrayLike<number>, length: number, bits: number): Int32Array {
  const mask = (1 << bits) - 1;
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = indices[i]! & mask;
  return out;
}

/** Trains on folded feature indices; label 1 = forum. Classes weighed by inverse frequency. */
export function trainRegisterModel(
  docs: readonly { indices: Int32Array; forum: boolean }[],
  bits = 16,
): RegisterModel {
  const encoded: EncodedDoc[] = docs.map((d) => ({ indices: d.indices, label: d.forum ? 1 : 0 }));
  const forum = docs.filter((d) => d.forum).length;
  const weights = trainSoftmax(encoded, {
    dims: 1 << bits,
    classes: 2,
    epochs: 3,
    learningRate: 0.2,
    l2: 0,
    classWeights: [1, Math.max(1, (docs.length - forum) / Math.max(1, forum))],
    seed: 16,
    average: true,
  });
  const w = new Float32Array(1 << bits);
  for (let i = 0; i < w.length; i++) w[i] = weights.weights[i * 2 + 1]! - weights.weights[i * 2]!;
  return new RegisterModel(bits, w, weights.bias[1]! - weights.bias[0]!);
}
