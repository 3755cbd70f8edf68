// The trained model has ~80k non-zero weights spread over a 2^22 hashed feature space. A dense
// table would be 16 MB of mostly zeros and every lookup a cache miss; an open-addressing table of
// just the non-zero entries is ~2 MB and gives the same scores.

const EMPTY = 0xffffffff;

export class SparseWeights {
  // Key and weight of a slot sit side by side in one buffer (key at 2s, weight at 2s+1), so a
  // lookup touches one cache line instead of one in each of two arrays.
  private readonly keys: Uint32Array;
  private readonly values: Float32Array;
  private readonly slotMask: number;

  /** `indices[i]` (feature index, < 2^32 - 1) has weight `weights[i]`. */
  constructor(indices: ArrayLike<number>, weights: ArrayLike<number>) {
    let slots = 1024;
    while (slots < indices.length * 3) slots *= 2; // load factor <= 1/3
    const table = new ArrayBuffer(slots * 8);
    this.keys = new Uint32Array(table).fill(EMPTY);
    this.values = new Float32Array(table);
    this.slotMask = slots - 1;
    for (let i = 0; i < indices.length; i++) {
      const key = indices[i]! >>> 0;
      let slot = this.slotOf(key);
      while (this.keys[2 * slot] !== EMPTY && this.keys[2 * slot] !== key)
        slot = (slot + 1) & this.slotMask;
      this.keys[2 * slot] = key;
      this.values[2 * slot + 1] = weights[i]!;
    }
  }

  private slotOf(key: number): number {
    // Feature indices are already hashes; fold the high bits in so any table size works.
    return (key ^ (key >>> 16)) & this.slotMask;
  }

  get(key: number): number {
    let slot = this.slotOf(key);
    for (;;) {
      const k = this.keys[2 * slot]!;
      if (k === key) return this.values[2 * slot + 1]!;
      if (k === EMPTY) return 0;
      slot = (slot + 1) & this.slotMask;
    }
  }

  /** Non-zero entries of a dense table. */
  static fromDense(dense: ArrayLike<number>): SparseWeights {
    const indices: number[] = [];
    const weights: number[] = [];
    for (let i = 0; i < dense.length; i++) {
      if (dense[i] !== 0) {
        indices.push(i);
        weights.push(dense[i]!);
      }
    }
    return new SparseWeights(indices, weights);
  }
}
