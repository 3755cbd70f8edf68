// Multinomial naive Bayes over word counts with Laplace smoothing: the bag-of-words baseline
// the trained model is compared with.

export class NaiveBayes {
  private readonly counts = new Map<string, Float64Array>();
  private readonly totals: Float64Array;
  private readonly docs: Float64Array;
  private logPrior: Float64Array | null = null;

  constructor(readonly labels: readonly string[]) {
    this.totals = new Float64Array(labels.length);
    this.docs = new Float64Array(labels.length);
  }

  add(words: readonly string[], label: string): void {
    const c = this.labels.indexOf(label);
    if (c < 0) throw new Error(`unknown label ${label}`);
    this.docs[c]!++;
    for (const w of words) {
      let row = this.counts.get(w);
      if (!row) {
        row = new Float64Array(this.labels.length);
        this.counts.set(w, row);
      }
      row[c]!++;
      this.totals[c]!++;
    }
    this.logPrior = null;
  }

  predict(words: readonly string[]): string {
    const k = this.labels.length;
    if (!this.logPrior) {
      const n = this.docs.reduce((a, b) => a + b, 0);
      this.logPrior = this.docs.map((d) => Math.log((d + 1) / (n + k)));
    }
    const vocab = this.counts.size;
    const scores = Float64Array.from(this.logPrior);
    for (const w of words) {
      const row = this.counts.get(w);
      if (!row) continue;
      for (let c = 0; c < k; c++) {
        scores[c]! += Math.log((row[c]! + 1) / (this.totals[c]! + vocab));
      }
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (scores[c]! > scores[best]!) best = c;
    return this.labels[best]!;
  }
}
