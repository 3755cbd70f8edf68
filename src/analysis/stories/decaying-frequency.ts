// Document frequencies that fade with time: each text counts exp(-λ·age), λ = ln 2 / half-life.
// What every outlet wrote about this week (a tournament, a storm) becomes common and weighs
// little, while last month's common words regain weight when they turn up again. Counts are
// kept scaled to a reference time and rescaled now and then, so an update touches only the
// text's own terms.

export class DecayingFrequency {
  private readonly lambda: number;
  private readonly scaled = new Map<string, number>();
  private scaledTotal = 0;
  private reference: number | null = null;

  constructor(
    halfLifeMs: number,
    /** Terms whose decayed frequency falls below this are forgotten at each rescale. */
    private readonly forgetBelow = 0.05,
  ) {
    if (!(halfLifeMs > 0)) throw new Error('halfLifeMs must be positive');
    this.lambda = Math.LN2 / halfLifeMs;
  }

  get vocabularySize(): number {
    return this.scaled.size;
  }

  private rescaleTo(at: number): void {
    const factor = Math.exp(-this.lambda * (at - (this.reference ?? at)));
    this.scaledTotal *= factor;
    for (const [term, v] of this.scaled) {
      const next = v * factor;
      if (next < this.forgetBelow) this.scaled.delete(term);
      else this.scaled.set(term, next);
    }
    this.reference = at;
  }

  /** Count one text with these distinct terms, published at `at` (epoch ms). */
  add(terms: Iterable<string>, at: number): void {
    if (this.reference === null) this.reference = at;
    // Rescale every two half-lives: exponents stay small and faded terms are dropped.
    if (this.lambda * (at - this.reference) > 2 * Math.LN2) this.rescaleTo(at);
    const w = Math.exp(this.lambda * (at - this.reference));
    this.scaledTotal += w;
    for (const t of terms) this.scaled.set(t, (this.scaled.get(t) ?? 0) + w);
  }

  /** ln(1 + N/df), both decayed to `at`; an unseen term gets the weight of one text. */
  idf(term: string, at: number): number {
    return this.idfAt(at)(term);
  }

  /** `idf` of any term at one time, the decay worked out once. */
  idfAt(at: number): (term: string) => number {
    const reference = this.reference;
    if (reference === null) return () => Math.LN2;
    const decay = Math.exp(-this.lambda * (at - reference));
    const n = this.scaledTotal * decay;
    const top = Math.max(n, 1);
    const least = Math.min(1, n);
    const scaled = this.scaled;
    return (term) => {
      const df = Math.max((scaled.get(term) ?? 0) * decay, 1e-9);
      return Math.log(1 + top / Math.max(df, least));
    };
  }
}

/** `DecayingFrequency` over integer term ids, in a typed array (0: not counted, or forgotten). */
export class DecayingIdFrequency {
  private readonly lambda: number;
  scaled = new Float64Array(1024);
  private scaledTotal = 0;
  private reference: number | null = null;
  /** Of `idfAt`: the decay and the bounds of the time asked for. */
  decay = 1;
  top = 1;
  least = 1;

  constructor(
    halfLifeMs: number,
    private readonly forgetBelow = 0.05,
  ) {
    if (!(halfLifeMs > 0)) throw new Error('halfLifeMs must be positive');
    this.lambda = Math.LN2 / halfLifeMs;
  }

  /** Room for ids below `size`. */
  reserve(size: number): void {
    if (size <= this.scaled.length) return;
    const next = new Float64Array(Math.max(size, this.scaled.length * 2));
    next.set(this.scaled);
    this.scaled = next;
  }

  private rescaleTo(at: number): void {
    const factor = Math.exp(-this.lambda * (at - (this.reference ?? at)));
    this.scaledTotal *= factor;
    const scaled = this.scaled;
    for (let id = 0; id < scaled.length; id++) {
      const v = scaled[id]!;
      if (v === 0) continue;
      const next = v * factor;
      scaled[id] = next < this.forgetBelow ? 0 : next;
    }
    this.reference = at;
  }

  /** Count one text with these distinct term ids (the first `n`), published at `at`. */
  add(ids: Int32Array, n: number, at: number): void {
    if (this.reference === null) this.reference = at;
    if (this.lambda * (at - this.reference) > 2 * Math.LN2) this.rescaleTo(at);
    const w = Math.exp(this.lambda * (at - this.reference));
    this.scaledTotal += w;
    const scaled = this.scaled;
    for (let k = 0; k < n; k++) scaled[ids[k]!]! += w;
  }

  /** Works out the decay at `at` for `idf`; false when nothing was counted yet. */
  idfAt(at: number): boolean {
    const reference = this.reference;
    if (reference === null) return false;
    this.decay = Math.exp(-this.lambda * (at - reference));
    const n = this.scaledTotal * this.decay;
    this.top = Math.max(n, 1);
    this.least = Math.min(1, n);
    return true;
  }

  /** ln(1 + N/df) at the time given to `idfAt`. */
  idf(id: number): number {
    const df = Math.max(this.scaled[id]! * this.decay, 1e-9);
    return Math.log(1 + this.top / Math.max(df, this.least));
  }

  /** Renumbers the ids (`remap[old]`, -1 for an id let go). */
  remap(remap: Int32Array, size: number): void {
    const next = new Float64Array(Math.max(1024, size));
    for (let id = 0; id < remap.length && id < this.scaled.length; id++) {
      const to = remap[id]!;
      if (to >= 0) next[to] = this.scaled[id]!;
    }
    this.scaled = next;
  }
}
