// Many topics repeat the same words and phrases ("Hà Nội", "ngập"). When a set of matchers is
// compiled against one SharedLeaves, each distinct leaf is evaluated once per document and its
// answer reused by every topic that contains it.
import type { PreparedDocument } from './prepare.js';

export type LeafCheck = (doc: PreparedDocument) => boolean;

export class SharedLeaves {
  private readonly checks = new Map<string, LeafCheck>();
  // Per leaf: the document generation its answer belongs to, and the answer.
  private readonly generations: number[] = [];
  private readonly answers: boolean[] = [];
  private generation = 0;
  private currentDocument: PreparedDocument | null = null;

  /** Distinct leaves compiled so far. */
  get size(): number {
    return this.checks.size;
  }

  /** The shared, remembering check for the leaf described by `key`, built by `build` once. */
  intern(key: string, build: () => LeafCheck): LeafCheck {
    const existing = this.checks.get(key);
    if (existing) return existing;
    const compute = build();
    const slot = this.generations.length;
    this.generations.push(-1);
    this.answers.push(false);
    const check: LeafCheck = (doc) => {
      if (doc !== this.currentDocument) {
        this.currentDocument = doc;
        this.generation++;
      }
      if (this.generations[slot] === this.generation) return this.answers[slot]!;
      const answer = compute(doc);
      this.generations[slot] = this.generation;
      this.answers[slot] = answer;
      return answer;
    };
    this.checks.set(key, check);
    return check;
  }
}
