// The topic index's compiled topics, all in one Int32Array with each topic's start by slot.
// Evaluating a candidate then reads two dense typed arrays instead of following a topic object,
// its program object and a small array of its own: with thousands of topics those are cold
// memory, and the misses cost more than the evaluation itself.
import type { PreparedMatcher } from './match.js';
import type { PreparedDocument } from './prepare.js';
import { type AnchorHits, runProgram, type TopicProgram } from './topic-index-matcher.js';

const NO_PLAINS: PreparedMatcher[] = [];

export class TopicPrograms {
  private code = new Int32Array(4096);
  /** Words of `code` in use, and those belonging to programs still stored. */
  private used = 0;
  private live = 0;
  private start = new Int32Array(64);
  private stored = new Uint8Array(64);
  private readonly plains: PreparedMatcher[][] = [];

  set(slot: number, program: TopicProgram): void {
    this.delete(slot);
    const length = program.code.length;
    if (this.used + length > this.code.length) this.makeRoom(length);
    if (slot >= this.start.length) {
      const start = new Int32Array(Math.max(slot + 1, this.start.length * 2));
      start.set(this.start);
      this.start = start;
      const stored = new Uint8Array(start.length);
      stored.set(this.stored);
      this.stored = stored;
    }
    this.code.set(program.code, this.used);
    this.start[slot] = this.used;
    this.stored[slot] = 1;
    this.plains[slot] = program.plains;
    this.used += length;
    this.live += length;
  }

  delete(slot: number): void {
    if (slot >= this.stored.length || this.stored[slot] === 0) return;
    this.stored[slot] = 0;
    this.live -= this.lengthAt(this.start[slot]!);
    this.plains[slot] = NO_PLAINS;
  }

  run(slot: number, doc: PreparedDocument, hits: AnchorHits): boolean {
    return runProgram(this.code, this.start[slot]!, this.plains[slot]!, doc, hits);
  }

  /** A program's length is the size of its first instruction, which encloses the rest. */
  private lengthAt(start: number): number {
    return this.code[start + 1]!;
  }

  /** Drops the programs of removed topics, growing the array when that is not enough. */
  private makeRoom(length: number): void {
    const size = Math.max(this.code.length, (this.live + length) * 2);
    const code = new Int32Array(size);
    let used = 0;
    for (let slot = 0; slot < this.stored.length; slot++) {
      if (this.stored[slot] === 0) continue;
      const start = this.start[slot]!;
      const end = start + this.lengthAt(start);
      code.set(this.code.subarray(start, end), used);
      this.start[slot] = used;
      used += end - start;
    }
    this.code = code;
    this.used = used;
  }
}
