// Incremental near-duplicate detection: MinHash signatures banded for locality-sensitive
// hashing, so a new text is compared only with the earlier texts that share a band with it
// (sub-linear lookup), and each candidate is verified on the whole signature. Copies are
// grouped, transitively, under the first publisher.
import {
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
  /** Its place in the index's typed arrays (signature, band keys, bucket links). */
  slot: number;
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

/** No slot / no bucket. */
const NONE = -1;

export class NearDuplicateIndex {
  private readonly options: Required<DuplicateOptions>;
  private readonly hasher: MinHasher;
  private readonly bands: number;
  private readonly sigLength: number;
  private lookups = 0;
  private readonly byId = new Map<string, Entry>();
  /** Entries in arrival order, for expiry (removed ones are skipped). */
  private queue: Entry[] = [];
  private shingles: Uint32Array = new Uint32Array(256);
  private queueHead = 0;
  private nextSerial = 0;
  private newest = Number.NEGATIVE_INFINITY;

  // Held texts live in numbered slots, their signatures and band keys in flat typed arrays, so
  // that a text held costs no object of its own to the garbage collector but its Entry. A
  // band's entries with one key form a list in arrival order, linked through `next`/`prev`
  // (indexed slot * bands + band); each list's last entry sits in its band's open-addressing
  // table under its key.
  private capacity = 0;
  private entries: (Entry | undefined)[] = [];
  private freeSlots: number[] = [];
  private sigs = new Uint32Array(0);
  private keys = new Int32Array(0);
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private seenBy = new Int32Array(0);
  /** Scratch of `candidates`: the slots found. */
  private found = new Int32Array(64);
  /**
   * Per band, a bucket table of two numbers a position: key and the last slot of its list
   * (NONE: an empty list, whose bucket is kept until the table is rebuilt). A free position
   * has key NONE (keys are never negative).
   */
  private buckets: Int32Array[] = [];
  private bucketShift: number[] = [];
  /** Buckets taken per band (empty lists included). */
  private bucketsUsed: number[] = [];
  /** Scratch of `candidates`: one list's slots, last first. */
  private listScratch = new Int32Array(64);

  constructor(options: DuplicateOptions = {}) {
    this.options = { ...DEFAULT_DUPLICATE_OPTIONS, ...options };
    const { bands, rowsPerBand, threshold } = this.options;
    if (!(bands > 0 && rowsPerBand > 0)) throw new Error('bands and rowsPerBand must be positive');
    if (!(threshold > 0 && threshold <= 1)) throw new Error('threshold must be in (0, 1]');
    this.bands = bands;
    this.sigLength = bands * rowsPerBand;
    this.hasher = new MinHasher(this.sigLength);
    this.growSlots(256);
    for (let band = 0; band < bands; band++) {
      this.buckets.push(new Int32Array(0));
      this.bucketShift.push(32);
      this.bucketsUsed.push(0);
      this.resizeBuckets(band, 1 << 8);
    }
  }

  /** Texts held now. */
  get size(): number {
    return this.byId.size;
  }

  private growSlots(capacity: number): void {
    const grow = <T extends Uint32Array | Int32Array>(
      old: T,
      make: (n: number) => T,
      per: number,
    ) => {
      const next = make(capacity * per);
      next.set(old);
      return next;
    };
    this.sigs = grow(this.sigs, (n) => new Uint32Array(n), this.sigLength);
    this.keys = grow(this.keys, (n) => new Int32Array(n), this.bands);
    this.next = grow(this.next, (n) => new Int32Array(n), this.bands);
    this.prev = grow(this.prev, (n) => new Int32Array(n), this.bands);
    this.seenBy = grow(this.seenBy, (n) => new Int32Array(n), 1);
    for (let slot = capacity - 1; slot >= this.capacity; slot--) this.freeSlots.push(slot);
    this.capacity = capacity;
  }

  private takeSlot(): number {
    if (this.freeSlots.length === 0) this.growSlots(this.capacity * 2);
    const slot = this.freeSlots.pop()!;
    this.seenBy[slot] = 0;
    return slot;
  }

  /** The signature's key in each band, into the slot's keys. */
  private bandKeys(slot: number): void {
    const r = this.options.rowsPerBand;
    const sigs = this.sigs;
    const base = slot * this.sigLength;
    const keys = this.keys;
    for (let band = 0; band < this.bands; band++) {
      let h = 0x811c9dc5 ^ band;
      for (let i = base + band * r; i < base + (band + 1) * r; i++) {
        h = Math.imul(h ^ sigs[i]!, 0x01000193);
      }
      keys[slot * this.bands + band] = (h >>> 0) & 0x3fffffff;
    }
  }

  /** Offset of `key` in `band`'s table, or of the free position where it would go. */
  private bucketOf(band: number, key: number): number {
    const buckets = this.buckets[band]!;
    const mask = buckets.length - 2;
    let at = (Math.imul(key, 0x9e3779b1) >>> this.bucketShift[band]!) << 1;
    for (;;) {
      const k = buckets[at]!;
      if (k === key || k === NONE) return at;
      at = (at + 2) & mask;
    }
  }

  /** A fresh table of `size` positions (a power of two) for `band`, of its non-empty lists. */
  private resizeBuckets(band: number, size: number): void {
    const old = this.buckets[band]!;
    const buckets = new Int32Array(size * 2).fill(NONE);
    this.buckets[band] = buckets;
    this.bucketShift[band] = 32 - Math.log2(size);
    let used = 0;
    for (let from = 0; from < old.length; from += 2) {
      if (old[from] === NONE || old[from + 1] === NONE) continue;
      const to = this.bucketOf(band, old[from]!);
      buckets[to] = old[from]!;
      buckets[to + 1] = old[from + 1]!;
      used++;
    }
    this.bucketsUsed[band] = used;
  }

  /** Entries sharing a band with the slot's keys, each once, in band then arrival order. */
  private candidates(slot: number): number {
    const lookup = ++this.lookups;
    const { bands, keys, prev, seenBy } = this;
    let found = this.found;
    let count = 0;
    for (let b = 0; b < bands; b++) {
      const at = this.bucketOf(b, keys[slot * bands + b]!);
      // The list is linked back from its last slot: gathered, then read in arrival order.
      let chain = this.listScratch;
      let length = 0;
      for (let s = this.buckets[b]![at + 1]!; s !== NONE; s = prev[s * bands + b]!) {
        if (length === chain.length) {
          const grown = new Int32Array(length * 2);
          grown.set(chain);
          chain = this.listScratch = grown;
        }
        chain[length++] = s;
      }
      for (let k = length - 1; k >= 0; k--) {
        const s = chain[k]!;
        if (seenBy[s] === lookup) continue;
        seenBy[s] = lookup;
        if (count === found.length) {
          const grown = new Int32Array(count * 2);
          grown.set(found);
          found = this.found = grown;
        }
        found[count++] = s;
      }
    }
    return count;
  }

  private insert(entry: Entry): void {
    const { bands, keys, next, prev } = this;
    const slot = entry.slot;
    for (let b = 0; b < bands; b++) {
      const key = keys[slot * bands + b]!;
      let at = this.bucketOf(b, key);
      if (this.buckets[b]![at] === NONE) {
        // Kept at most half full: a fresh table drops the buckets whose lists emptied.
        if ((this.bucketsUsed[b]! + 1) * 4 > this.buckets[b]!.length) {
          this.resizeBuckets(b, this.buckets[b]!.length);
          at = this.bucketOf(b, key);
        }
        this.buckets[b]![at] = key;
        this.buckets[b]![at + 1] = NONE;
        this.bucketsUsed[b]!++;
      }
      const buckets = this.buckets[b]!;
      const link = slot * bands + b;
      const tail = buckets[at + 1]!;
      next[link] = NONE;
      prev[link] = tail;
      if (tail !== NONE) next[tail * bands + b] = slot;
      buckets[at + 1] = slot;
    }
    this.entries[slot] = entry;
    this.byId.set(entry.id, entry);
    this.queue.push(entry);
  }

  private remove(entry: Entry): void {
    const { bands, keys, next, prev } = this;
    const slot = entry.slot;
    for (let b = 0; b < bands; b++) {
      const link = slot * bands + b;
      const before = prev[link]!;
      const after = next[link]!;
      if (before !== NONE) next[before * bands + b] = after;
      if (after === NONE) this.buckets[b]![this.bucketOf(b, keys[link]!) + 1] = before;
      else prev[after * bands + b] = before;
    }
    this.entries[slot] = undefined;
    this.freeSlots.push(slot);
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

  /** Share of equal positions of two held signatures (estimateJaccard). */
  private similarity(a: number, b: number): number {
    const n = this.sigLength;
    const sigs = this.sigs;
    let same = 0;
    for (let i = 0, x = a * n, y = b * n; i < n; i++, x++, y++) if (sigs[x] === sigs[y]) same++;
    return n === 0 ? 0 : same / n;
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
    const slot = this.takeSlot();
    this.hasher.signatureInto(shingles.hashes, shingles.count, this.sigs, slot * this.sigLength);
    this.bandKeys(slot);
    const numbers = numbersIn(stripped);

    const matches: { entry: Entry; similarity: number }[] = [];
    const count = this.candidates(slot);
    const found = this.found;
    for (let k = 0; k < count; k++) {
      const other = found[k]!;
      const similarity = this.similarity(slot, other);
      if (similarity < threshold) continue;
      const entry = this.entries[other]!;
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
      slot,
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
