// Incremental near-duplicate detection: MinHash signatures banded for locality-sensitive
// hashing, so a new text is compared only with the earlier texts that share a band with it
// (sub-linear lookup), and each candidate is verified on the whole signature. Copies are
// grouped, transitively, under the first publisher.
import {
  estimateJaccard,
  foldedWords,
  MinHasher,
  numbersAgreement,
  numbersIn,
  shingleHashesInto,
} from './minhash.js';
import { stripBoilerplate } from './strip-boilerplate.js';

export interface DuplicateOptions {
  /** Words per shingle. Two keeps a reworded copy close: one changed word breaks two shingles. */
  shingleSize?: number;
  /** Bands × rows is the signature length; more bands find lower similarities. */
  bands?: number;
  rowsPerBand?: number;
  /** Least estimated Jaccard similarity of two shingle sets for a near-duplicate. */
  threshold?: number;
  /**
   * Least Jaccard similarity of the numbers two texts state, when both state some: texts made
   * from one template (each day's lottery results) share every word but the date.
   */
  numbersThreshold?: number;
  /** Texts with fewer words are neither matched nor indexed: short posts repeat by chance. */
  minWords?: number;
  /** Texts older than this behind the newest one seen are forgotten (bounded memory). */
  windowMs?: number;
}

export const DEFAULT_DUPLICATE_OPTIONS: Required<DuplicateOptions> = {
  shingleSize: 2,
  bands: 32,
  rowsPerBand: 4,
  threshold: 0.6,
  numbersThreshold: 0.5,
  minWords: 6,
  windowMs: 7 * 86_400_000,
};

export interface DuplicateInput {
  id: string;
  text: string;
  /** Publication time, epoch milliseconds. */
  publishedAt: number;
  /** Who published it (a source or outlet id); carried into the copy chain. */
  source?: string | null;
  /** `stripBoilerplate(text)`, when the caller has it already. */
  stripped?: string;
  /** `foldedWords(stripped)`, when the caller has them already. */
  words?: readonly string[];
}

export interface CopyLink {
  id: string;
  source: string | null;
  publishedAt: number;
  /** Milliseconds after the first publisher's publication; 0 for the first publisher. */
  delayMs: number;
  /** The earlier text this one matched best when it was added; null for the first of its group. */
  copiedFrom: string | null;
  similarity: number | null;
}

export interface DuplicateResult {
  id: string;
  /** Earlier texts this one nearly duplicates, most similar first (verified estimates). */
  matches: { id: string; similarity: number }[];
  /** Earliest published text of its copy group; null when it matched nothing. */
  firstPublisher: { id: string; source: string | null; publishedAt: number } | null;
  /** `publishedAt` minus the first publisher's; 0 when this text is now the first. */
  delayMs: number | null;
}

interface Entry {
  serial: number;
  id: string;
  source: string | null;
  at: number;
  sig: Uint32Array;
  /** Its key in each band. */
  keys: Int32Array;
  /** The lookup that last found it (one entry per candidate list). */
  seenBy: number;
  /** Taken out (forgotten or expired). */
  removed: boolean;
  numbers: string[];
  group: Group | null;
  copiedFrom: string | null;
  similarity: number | null;
}

interface Group {
  /** In publication order. */
  members: Entry[];
}

export class NearDuplicateIndex {
  private readonly options: Required<DuplicateOptions>;
  private readonly hasher: MinHasher;
  private readonly bandMaps: Map<number, Entry | Entry[]>[];
  private lookups = 0;
  private readonly byId = new Map<string, Entry>();
  /** Entries in arrival order, for expiry (removed ones are skipped). */
  private queue: Entry[] = [];
  private shingles: Uint32Array = new Uint32Array(256);
  private queueHead = 0;
  private nextSerial = 0;
  private newest = Number.NEGATIVE_INFINITY;

  constructor(options: DuplicateOptions = {}) {
    this.options = { ...DEFAULT_DUPLICATE_OPTIONS, ...options };
    const { bands, rowsPerBand, threshold } = this.options;
    if (!(bands > 0 && rowsPerBand > 0)) throw new Error('bands and rowsPerBand must be positive');
    if (!(threshold > 0 && threshold <= 1)) throw new Error('threshold must be in (0, 1]');
    this.hasher = new MinHasher(bands * rowsPerBand);
    this.bandMaps = Array.from({ length: bands }, () => new Map());
  }

  /** Texts held now. */
  get size(): number {
    return this.byId.size;
  }

  /** The signature's key in each band. */
  private bandKeys(sig: Uint32Array): Int32Array {
    const r = this.options.rowsPerBand;
    const keys = new Int32Array(this.bandMaps.length);
    for (let band = 0; band < keys.length; band++) {
      let h = 0x811c9dc5 ^ band;
      for (let i = band * r; i < (band + 1) * r; i++) h = Math.imul(h ^ sig[i]!, 0x01000193);
      // Small integers stay unboxed in a Map.
      keys[band] = (h >>> 0) & 0x3fffffff;
    }
    return keys;
  }

  /** Entries sharing a band with these keys, each once, in band order. */
  private candidates(keys: Int32Array): Entry[] {
    const out: Entry[] = [];
    const lookup = ++this.lookups;
    for (let b = 0; b < this.bandMaps.length; b++) {
      const hit = this.bandMaps[b]!.get(keys[b]!);
      if (hit === undefined) continue;
      if (!Array.isArray(hit)) {
        if (hit.seenBy !== lookup) {
          hit.seenBy = lookup;
          out.push(hit);
        }
      } else {
        for (const e of hit) {
          if (e.seenBy !== lookup) {
            e.seenBy = lookup;
            out.push(e);
          }
        }
      }
    }
    return out;
  }

  private insert(entry: Entry): void {
    for (let b = 0; b < this.bandMaps.length; b++) {
      const map = this.bandMaps[b]!;
      const key = entry.keys[b]!;
      const hit = map.get(key);
      if (hit === undefined) map.set(key, entry);
      else if (!Array.isArray(hit)) map.set(key, [hit, entry]);
      else hit.push(entry);
    }
    this.byId.set(entry.id, entry);
    this.queue.push(entry);
  }

  private remove(entry: Entry): void {
    for (let b = 0; b < this.bandMaps.length; b++) {
      const map = this.bandMaps[b]!;
      const key = entry.keys[b]!;
      const hit = map.get(key);
      if (hit === entry) map.delete(key);
      else if (Array.isArray(hit)) {
        const at = hit.indexOf(entry);
        if (at >= 0) hit.splice(at, 1);
        if (hit.length === 1) map.set(key, hit[0]!);
      }
    }
    entry.removed = true;
    this.byId.delete(entry.id);
    if (entry.group) {
      entry.group.members = entry.group.members.filter((m) => m !== entry);
      if (entry.group.members.length === 1) entry.group.members[0]!.group = null;
    }
  }

  /** Forget one text (an edit replaced it); its copies stay grouped with one another. */
  forget(id: string): void {
    const entry = this.byId.get(id);
    if (entry) this.remove(entry);
  }

  /** Forget texts published before `cutoff` (epoch ms), in arrival order. */
  expireBefore(cutoff: number): void {
    while (this.queueHead < this.queue.length) {
      const entry = this.queue[this.queueHead]!;
      if (!entry.removed && entry.at >= cutoff) break;
      if (!entry.removed) this.remove(entry);
      this.queueHead++;
    }
    if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }

  /**
   * Index a text and say which earlier texts it nearly duplicates. A text seen again under the
   * same id is refused, so a re-collected item cannot count as its own copy.
   */
  add(doc: DuplicateInput): DuplicateResult {
    if (!Number.isFinite(doc.publishedAt)) {
      throw new Error(`text ${doc.id}: publishedAt is not a time (${String(doc.publishedAt)})`);
    }
    if (this.byId.has(doc.id)) throw new Error(`text ${doc.id} is already indexed`);
    const { shingleSize, threshold, numbersThreshold, minWords, windowMs } = this.options;
    if (doc.publishedAt > this.newest) {
      this.newest = doc.publishedAt;
      this.expireBefore(this.newest - windowMs);
    }
    const none: DuplicateResult = { id: doc.id, matches: [], firstPublisher: null, delayMs: null };
    const stripped = doc.stripped ?? stripBoilerplate(doc.text);
    const words = doc.words ?? foldedWords(stripped);
    if (words.length < minWords) return none;
    const shingles = shingleHashesInto(words, shingleSize, this.shingles);
    this.shingles = shingles.hashes;
    const sig = this.hasher.signature(shingles.hashes, shingles.count);
    const keys = this.bandKeys(sig);
    const numbers = numbersIn(stripped);

    const matches: { entry: Entry; similarity: number }[] = [];
    for (const entry of this.candidates(keys)) {
      const similarity = estimateJaccard(sig, entry.sig);
      if (similarity < threshold) continue;
      if (numbersAgreement(numbers, entry.numbers) < numbersThreshold) continue;
      matches.push({ entry, similarity });
    }
    matches.sort((a, b) => b.similarity - a.similarity || a.entry.at - b.entry.at);
    const best = matches[0];
    const entry: Entry = {
      serial: this.nextSerial++,
      id: doc.id,
      source: doc.source ?? null,
      at: doc.publishedAt,
      sig,
      keys,
      seenBy: 0,
      removed: false,
      numbers,
      group: null,
      copiedFrom: best?.entry.id ?? null,
      similarity: best?.similarity ?? null,
    };
    this.insert(entry);
    if (!best) return none;

    const group = this.join(
      entry,
      matches.map((m) => m.entry),
    );
    const first = group.members[0]!;
    return {
      id: doc.id,
      matches: matches.map((m) => ({ id: m.entry.id, similarity: m.similarity })),
      firstPublisher: { id: first.id, source: first.source, publishedAt: first.at },
      delayMs: entry.at - first.at,
    };
  }

  /** Put `entry` and everything it matched (and their groups) into one group. */
  private join(entry: Entry, matched: readonly Entry[]): Group {
    const groups = new Set<Group>();
    const loose: Entry[] = [entry];
    for (const m of matched) {
      if (m.group) groups.add(m.group);
      else loose.push(m);
    }
    const [target, ...others] = [...groups];
    const group: Group = target ?? { members: [] };
    for (const g of others) group.members.push(...g.members);
    group.members.push(...loose);
    group.members.sort((a, b) => a.at - b.at || a.serial - b.serial);
    for (const m of group.members) m.group = group;
    return group;
  }

  /** The copy group of a text in publication order, with each copy's delay; [] if unknown. */
  chain(id: string): CopyLink[] {
    const entry = this.byId.get(id);
    if (!entry) return [];
    const members = entry.group?.members ?? [entry];
    const first = members[0]!;
    return members.map((m) => ({
      id: m.id,
      source: m.source,
      publishedAt: m.at,
      delayMs: m.at - first.at,
      copiedFrom: m === first ? null : m.copiedFrom,
      similarity: m === first ? null : m.similarity,
    }));
  }
}
