// Single-pass story clustering at ingest. Each text becomes a TF-IDF vector of its story terms,
// weighted by a decaying document frequency; it joins the most similar story (cosine with the
// story's centroid) that was active within the join window, if that similarity reaches the
// threshold, else it starts a story. Stories silent for longer than the expiry are dropped, so
// memory follows the number of live stories, not the history. Single-pass (rather than
// re-clustering a window) because ingest sees each text once and must answer at once.
//
// Terms are integer ids (term-dictionary.ts). A story's centroid is a list of slots in a shared
// pool of parallel typed arrays (story, term, weight), and each term's posting list holds the
// slots that carry it, in the order they were added, so a lookup reads a candidate's weight
// for the term from the slot it walks, and a (story, term) table finds the rest of a
// candidate's weights. Per-text work runs in scratch arrays that are reused.
import { DecayingIdFrequency } from './decaying-frequency.js';
import { storyTerms } from './story-terms.js';
import { TermCounts, TermDictionary } from './term-dictionary.js';

export interface StoryOptions {
  /** Least cosine similarity between a text and a story's centroid to join it. */
  threshold?: number;
  /** A text joins only a story whose last text is at most this far from it in time. */
  joinWindowMs?: number;
  /** A story with no new text for this long is dropped. */
  expiryMs?: number;
  /** Half-life of the document frequencies behind the IDF weights. */
  dfHalfLifeMs?: number;
  /** Terms kept per text vector and per story centroid (bounded memory). */
  maxTextTerms?: number;
  maxStoryTerms?: number;
  /** A text's heaviest terms that look up candidate stories. */
  lookupTerms?: number;
  /**
   * Texts with fewer distinct content words (syllables) start no story: too short to carry an
   * event, they would only be compared against by every later text. They still join a story as
   * a copy of one of its texts.
   */
  minContentWords?: number;
  /**
   * A term held by more live stories than this brings in no candidates (it is stop-word-like
   * there); it still counts in the cosine of candidates another term brings in.
   */
  maxTermStories?: number;
}

export const DEFAULT_STORY_OPTIONS: Required<StoryOptions> = {
  threshold: 0.25,
  joinWindowMs: 3 * 86_400_000,
  expiryMs: 7 * 86_400_000,
  dfHalfLifeMs: 7 * 86_400_000,
  maxTextTerms: 40,
  maxStoryTerms: 80,
  lookupTerms: 12,
  minContentWords: 6,
  maxTermStories: 20,
};

export interface StoryInput {
  id: string;
  text: string;
  /** Publication time, epoch milliseconds. */
  publishedAt: number;
  /**
   * Term counts to use instead of the text's own story terms: spelt out, or as ids of this
   * clusterer's `dictionary` (read just before; the counts are reused by the next read).
   */
  terms?: ReadonlyMap<string, number> | TermCounts;
  /**
   * Places the text is about (codes from the place tagger). A text and a story that both name
   * places but share none are not one story.
   */
  places?: readonly string[];
  /** A text known to tell the same story (its first publisher, when it is a copy). */
  sameStoryAs?: string | null;
  /** Id of the story this text starts, when it starts one (default: its own id). */
  newStoryId?: string;
}

export interface StoryAssignment {
  id: string;
  /** Null for a text too short to start a story that joined none. */
  storyId: string | null;
  /** True when this text started the story. */
  isNew: boolean;
  /** Cosine with the story it joined; null when it started one or joined as a copy. */
  similarity: number | null;
}

export interface StorySummary {
  id: string;
  firstTextId: string;
  firstAt: number;
  lastAt: number;
  size: number;
  /** Heaviest centroid terms, heaviest first. */
  topTerms: string[];
}

interface Story {
  id: string;
  /** Its place in the per-story scratch arrays. */
  index: number;
  firstTextId: string;
  firstAt: number;
  lastAt: number;
  size: number;
  /** Centroid slots, in the order their terms joined. */
  slots: number[];
  norm: number;
  places: Set<string>;
  textIds: string[];
}

const NO_STORY = -1;
const NO_SLOT = -1;

function home(story: number, term: number, mask: number): number {
  return (Math.imul(story, 0x9e3779b1) ^ Math.imul(term + 1, 0x85ebca6b)) & mask;
}

export class StoryClusterer {
  private readonly options: Required<StoryOptions>;
  /** Term ids of this clusterer: read texts with it to pass their terms as `TermCounts`. */
  readonly dictionary = new TermDictionary();
  private readonly df: DecayingIdFrequency;
  private readonly stories = new Map<string, Story>();
  private readonly storyOfText = new Map<string, Story>();
  private newest = Number.NEGATIVE_INFINITY;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private lookups = 0;
  /** Stories brought in as candidates, one per term that brought them (a measure of work). */
  candidatesVisited = 0;
  /** Ids handed out when the dictionary is next compacted. */
  private compactAt = 1 << 17;

  // Centroid slots: owning story index (NO_STORY once let go), term id, weight.
  private slotStory = new Int32Array(1024);
  private slotTerm = new Int32Array(1024);
  private slotWeight = new Float64Array(1024);
  private slotCount = 0;
  private freeSlots: number[] = [];
  /**
   * Slots by (story, term): open addressing, linear probing, NO_SLOT where free, at most half
   * full; a slot let go leaves it (backward-shift deletion, so lookups need no tombstones).
   */
  private slotTable = new Int32Array(2048).fill(NO_SLOT);
  private slotsHeld = 0;
  /** Per term id: the slots carrying it (some let go), and how many are held. */
  private postings: (number[] | undefined)[] = [];
  private held = new Int32Array(1024);

  // Stories by index, and per-story scratch of `closest`.
  private storyAt: (Story | undefined)[] = [];
  private freeStories: number[] = [];
  private seenBy = new Int32Array(256);
  private dots = new Float64Array(256);

  // Per-text scratch: the text's unit vector (ids and weights, heaviest first), raw weights
  // being ranked, and the lookup order.
  private vecIds = new Int32Array(64);
  private vecWeights = new Float64Array(64);
  private vecLength = 0;
  private rawWeights = new Float64Array(64);
  private rawIds = new Int32Array(64);
  private readonly rank: number[] = [];
  private order = new Int32Array(64);
  private tailSq = new Float64Array(65);
  private readonly found: number[] = [];
  private readonly byWeight = (a: number, b: number) =>
    this.rawWeights[b]! - this.rawWeights[a]! || a - b;
  private readonly converted: TermCounts;

  constructor(options: StoryOptions = {}) {
    this.options = { ...DEFAULT_STORY_OPTIONS, ...options };
    this.df = new DecayingIdFrequency(this.options.dfHalfLifeMs);
    this.converted = new TermCounts(this.dictionary);
  }

  /** Stories held now. */
  get activeStories(): number {
    return this.stories.size;
  }

  /** Texts of the stories held now. */
  get activeTexts(): number {
    return this.storyOfText.size;
  }

  storyOf(textId: string): string | null {
    return this.storyOfText.get(textId)?.id ?? null;
  }

  summary(storyId: string): StorySummary | null {
    const s = this.stories.get(storyId);
    if (!s) return null;
    const w = this.slotWeight;
    const top = s.slots
      .slice()
      .sort((a, b) => w[b]! - w[a]!)
      .slice(0, 10);
    return {
      id: s.id,
      firstTextId: s.firstTextId,
      firstAt: s.firstAt,
      lastAt: s.lastAt,
      size: s.size,
      topTerms: top.map((slot) => this.dictionary.name(this.slotTerm[slot]!)),
    };
  }

  /**
   * Take a text out of its story (an edit made it another text). The story's centroid keeps
   * what the text added: it was weighted at the time and cannot be taken out exactly; a story
   * left empty is dropped.
   */
  forget(textId: string): void {
    const s = this.storyOfText.get(textId);
    if (!s) return;
    this.storyOfText.delete(textId);
    s.textIds = s.textIds.filter((id) => id !== textId);
    s.size--;
    if (s.size <= 0) this.drop(s);
  }

  /** Drop stories whose last text is older than `cutoff` (epoch ms). */
  expireBefore(cutoff: number): void {
    for (const s of this.stories.values()) if (s.lastAt < cutoff) this.drop(s);
  }

  private drop(s: Story): void {
    this.stories.delete(s.id);
    for (const slot of s.slots) this.letGo(slot);
    s.slots = [];
    this.storyAt[s.index] = undefined;
    this.freeStories.push(s.index);
    for (const id of s.textIds) if (this.storyOfText.get(id) === s) this.storyOfText.delete(id);
  }

  /** Room for term ids below the dictionary's size in the arrays indexed by term. */
  private reserveTerms(): void {
    const size = this.dictionary.size;
    this.df.reserve(size);
    if (size > this.held.length) {
      const held = new Int32Array(Math.max(size, this.held.length * 2));
      held.set(this.held);
      this.held = held;
    }
  }

  /** The slot of a story's centroid holding a term, or NO_SLOT. */
  private slotFor(story: number, term: number): number {
    const table = this.slotTable;
    const mask = table.length - 1;
    for (let i = home(story, term, mask); ; i = (i + 1) & mask) {
      const slot = table[i]!;
      if (slot === NO_SLOT) return NO_SLOT;
      if (this.slotTerm[slot] === term && this.slotStory[slot] === story) return slot;
    }
  }

  private tableAdd(slot: number): void {
    if ((this.slotsHeld + 1) * 2 > this.slotTable.length)
      this.tableResize(this.slotTable.length * 2);
    const table = this.slotTable;
    const mask = table.length - 1;
    let i = home(this.slotStory[slot]!, this.slotTerm[slot]!, mask);
    while (table[i] !== NO_SLOT) i = (i + 1) & mask;
    table[i] = slot;
    this.slotsHeld++;
  }

  private tableDelete(slot: number): void {
    const table = this.slotTable;
    const mask = table.length - 1;
    let i = home(this.slotStory[slot]!, this.slotTerm[slot]!, mask);
    while (table[i] !== slot) i = (i + 1) & mask;
    // Backward shift: each later entry of the run moves up when its home allows it.
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const x = table[j]!;
      if (x === NO_SLOT) break;
      const k = home(this.slotStory[x]!, this.slotTerm[x]!, mask);
      const between = i <= j ? i < k && k <= j : i < k || k <= j;
      if (between) continue;
      table[i] = x;
      i = j;
    }
    table[i] = NO_SLOT;
    this.slotsHeld--;
  }

  /** Rebuilds the slot table (after a resize, or once term ids changed). */
  private tableResize(size: number): void {
    this.slotTable = new Int32Array(size).fill(NO_SLOT);
    this.slotsHeld = 0;
    const table = this.slotTable;
    const mask = size - 1;
    for (const story of this.storyAt) {
      if (story === undefined) continue;
      for (const slot of story.slots) {
        let i = home(story.index, this.slotTerm[slot]!, mask);
        while (table[i] !== NO_SLOT) i = (i + 1) & mask;
        table[i] = slot;
        this.slotsHeld++;
      }
    }
  }

  private newSlot(story: number, term: number, weight: number): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      if (this.slotCount === this.slotStory.length) {
        const n = this.slotCount * 2;
        const st = new Int32Array(n);
        st.set(this.slotStory);
        this.slotStory = st;
        const tm = new Int32Array(n);
        tm.set(this.slotTerm);
        this.slotTerm = tm;
        const wt = new Float64Array(n);
        wt.set(this.slotWeight);
        this.slotWeight = wt;
      }
      slot = this.slotCount++;
    }
    this.slotStory[slot] = story;
    this.slotTerm[slot] = term;
    this.slotWeight[slot] = weight;
    const list = this.postings[term];
    if (list === undefined) this.postings[term] = [slot];
    else list.push(slot);
    this.held[term]!++;
    this.tableAdd(slot);
    return slot;
  }

  /** A slot leaves its story; its posting list drops it once most of the list is let go. */
  private letGo(slot: number): void {
    const term = this.slotTerm[slot]!;
    this.tableDelete(slot);
    this.slotStory[slot] = NO_STORY;
    const held = --this.held[term]!;
    const list = this.postings[term]!;
    if (held === 0) {
      for (const x of list) this.freeSlots.push(x);
      this.postings[term] = undefined;
    } else if (list.length > 2 * held + 4) this.prune(list);
  }

  /** Removes the slots let go from a posting list, keeping the order of the rest. */
  private prune(list: number[]): void {
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      const x = list[i]!;
      if (this.slotStory[x] === NO_STORY) this.freeSlots.push(x);
      else list[kept++] = x;
    }
    list.length = kept;
  }

  /** Renumbers terms once many ids are held by nothing: no document frequency, no story. */
  private compactTerms(): void {
    if (this.dictionary.size < this.compactAt) return;
    const scaled = this.df.scaled;
    const held = this.held;
    const remap = this.dictionary.compact((id) => scaled[id] !== 0 || held[id]! > 0);
    const size = this.dictionary.size;
    this.df.remap(remap, size);
    const postings: (number[] | undefined)[] = [];
    const nextHeld = new Int32Array(Math.max(1024, size));
    for (let id = 0; id < remap.length; id++) {
      const list = this.postings[id];
      if (list === undefined) continue;
      const to = remap[id]!;
      if (to < 0) {
        // Held by no story: every slot in it is let go already.
        for (const x of list) this.freeSlots.push(x);
        continue;
      }
      this.prune(list);
      for (const x of list) this.slotTerm[x] = to;
      postings[to] = list;
      nextHeld[to] = held[id]!;
    }
    this.postings = postings;
    this.held = nextHeld;
    this.tableResize(this.slotTable.length);
    this.compactAt = Math.max(1 << 17, size * 2);
  }

  /** The text's terms as ids of this clusterer's dictionary. */
  private idsOf(terms: ReadonlyMap<string, number> | TermCounts | undefined, text: string) {
    if (terms instanceof TermCounts && terms.dictionary === this.dictionary) return terms;
    const out = this.converted;
    out.length = 0;
    const spelt = terms instanceof TermCounts ? spell(terms) : (terms ?? storyTerms(text));
    for (const [t, n] of spelt) out.push(this.dictionary.intern(t), n);
    return out;
  }

  /**
   * Unit TF-IDF vector of a text's heaviest terms, into the vector scratch: ranked by weight,
   * ties in the order the terms were met.
   */
  private vector(terms: TermCounts, at: number): void {
    const n = terms.length;
    if (this.rawWeights.length < n) {
      this.rawWeights = new Float64Array(n * 2);
      this.rawIds = new Int32Array(n * 2);
    }
    const raw = this.rawWeights;
    const rawIds = this.rawIds;
    const counted = this.df.idfAt(at);
    let m = 0;
    for (let k = 0; k < n; k++) {
      const c = terms.counts[k]!;
      if (!(c > 0)) continue;
      const id = terms.ids[k]!;
      raw[m] = (1 + Math.log(c)) * (counted ? this.df.idf(id) : Math.LN2);
      rawIds[m++] = id;
    }
    const rank = this.rank;
    rank.length = m;
    for (let i = 0; i < m; i++) rank[i] = i;
    rank.sort(this.byWeight);
    const kept = Math.min(m, this.options.maxTextTerms);
    let sq = 0;
    for (let i = 0; i < kept; i++) {
      const w = raw[rank[i]!]!;
      sq += w * w;
    }
    const norm = Math.sqrt(sq) || 1;
    if (this.vecIds.length < kept) {
      this.vecIds = new Int32Array(kept * 2);
      this.vecWeights = new Float64Array(kept * 2);
    }
    for (let i = 0; i < kept; i++) {
      this.vecIds[i] = rawIds[rank[i]!]!;
      this.vecWeights[i] = raw[rank[i]!]! / norm;
    }
    this.vecLength = kept;
  }

  /**
   * The most similar story (first found among equals) sharing one of the text's heaviest terms,
   * with its cosine; null when none fits or none is similar at all. Dot products are summed
   * from the term index, term by term in the vector's order, so each adds the same products in
   * the same order as a cosine over the whole vector. Terms come heaviest first; once the
   * vector's remaining terms cannot lift a story they alone would bring in to the threshold
   * (their norm bounds that story's cosine), their stories are not looked up, only added to.
   */
  private closest(at: number, places: readonly string[]): { story: Story; sim: number } | null {
    const n = this.vecLength;
    const ids = this.vecIds;
    const weights = this.vecWeights;
    const { maxTermStories } = this.options;
    if (this.order.length < n) {
      this.order = new Int32Array(n * 2);
      this.tailSq = new Float64Array(n * 2 + 1);
    }
    // Terms whose posting list is too long to look up go after the looked-up ones, into the
    // part of the vector that candidates are completed with.
    const order = this.order;
    let lookable = 0;
    for (let k = 0; k < n; k++) if (this.held[ids[k]!]! <= maxTermStories) order[lookable++] = k;
    let crowded = lookable;
    for (let k = 0; k < n; k++) if (this.held[ids[k]!]! > maxTermStories) order[crowded++] = k;
    const tailSq = this.tailSq;
    tailSq[n] = 0;
    for (let i = n - 1; i >= 0; i--) tailSq[i] = tailSq[i + 1]! + weights[order[i]!]! ** 2;
    const floor = this.options.threshold - 1e-9;
    const slotStory = this.slotStory;
    const slotWeight = this.slotWeight;
    const seenBy = this.seenBy;
    const dots = this.dots;
    let looked = 0;
    // Candidates (story indices) in the order first found, their partial dot products in `dots`.
    const found = this.found;
    found.length = 0;
    const lookup = ++this.lookups;
    for (; looked < Math.min(lookable, this.options.lookupTerms); looked++) {
      if (Math.sqrt(tailSq[looked]!) < floor) break;
      const term = ids[order[looked]!]!;
      const weight = weights[order[looked]!]!;
      const list = this.postings[term];
      if (list === undefined) continue;
      this.candidatesVisited += this.held[term]!;
      for (let j = 0; j < list.length; j++) {
        const slot = list[j]!;
        const s = slotStory[slot]!;
        if (s === NO_STORY) continue;
        const add = weight * slotWeight[slot]!;
        if (seenBy[s] === lookup) dots[s]! += add;
        else {
          seenBy[s] = lookup;
          dots[s] = 0 + add;
          found.push(s);
        }
      }
    }
    let best: Story | null = null;
    let bestSim = 0;
    // The terms not looked up add at most their norm to a cosine (Cauchy-Schwarz), so a story
    // whose partial cosine plus that cannot beat the best so far, nor reach the threshold, is
    // not completed: the same answer, without reading its centroid for most candidates.
    const tail = Math.sqrt(tailSq[looked]!) + 1e-12;
    for (const index of found) {
      const s = this.storyAt[index]!;
      const partial = dots[index]!;
      if (s.norm === 0) continue;
      const bound = partial / s.norm + tail;
      if (bound < bestSim || bound < floor) continue;
      if (!this.fits(s, at, places)) continue;
      let dot = partial;
      for (let i = looked; i < n; i++) {
        const slot = this.slotFor(index, ids[order[i]!]!);
        dot += weights[order[i]!]! * (slot === NO_SLOT ? 0 : slotWeight[slot]!);
      }
      const sim = dot / s.norm;
      if (sim > bestSim) {
        bestSim = sim;
        best = s;
      }
    }
    return best === null ? null : { story: best, sim: bestSim };
  }

  private fits(s: Story, at: number, places: readonly string[]): boolean {
    const { joinWindowMs } = this.options;
    if (at - s.lastAt > joinWindowMs || s.firstAt - at > joinWindowMs) return false;
    if (places.length === 0 || s.places.size === 0) return true;
    return places.some((p) => s.places.has(p));
  }

  private sweep(at: number): void {
    if (at > this.newest) {
      this.newest = at;
      // Sweeping once an hour of publication time keeps expiry off the per-text path.
      if (at - this.lastSweep > 3_600_000) {
        this.lastSweep = at;
        this.expireBefore(at - this.options.expiryMs);
        this.compactTerms();
      }
    }
  }

  private newStory(id: string, textId: string, at: number): Story {
    let index = this.freeStories.pop();
    if (index === undefined) {
      index = this.storyAt.length;
      this.storyAt.push(undefined);
      if (index >= this.seenBy.length) {
        const seen = new Int32Array(this.seenBy.length * 2);
        seen.set(this.seenBy);
        this.seenBy = seen;
        this.dots = new Float64Array(seen.length);
      }
    }
    const story: Story = {
      id,
      index,
      firstTextId: textId,
      firstAt: at,
      lastAt: at,
      size: 0,
      slots: [],
      norm: 0,
      places: new Set(),
      textIds: [],
    };
    this.storyAt[index] = story;
    this.seenBy[index] = 0;
    this.stories.set(id, story);
    return story;
  }

  /**
   * Put a text back into the story it was assigned to before (rebuilding the state after a
   * restart from what was stored), without comparing it again.
   */
  restore(doc: StoryInput, storyId: string): void {
    const at = doc.publishedAt;
    if (!Number.isFinite(at) || this.storyOfText.has(doc.id)) return;
    this.sweep(at);
    const terms = this.idsOf(doc.terms, doc.text);
    this.reserveTerms();
    this.df.add(terms.ids, terms.length, at);
    this.vector(terms, at);
    const story = this.stories.get(storyId) ?? this.newStory(storyId, doc.id, at);
    this.absorb(story, doc.id, at, doc.places ?? []);
  }

  /** Assign a text to a story, starting one when none is close enough. */
  add(doc: StoryInput): StoryAssignment {
    const at = doc.publishedAt;
    if (!Number.isFinite(at)) {
      throw new Error(`text ${doc.id}: publishedAt is not a time (${String(at)})`);
    }
    if (this.storyOfText.has(doc.id)) throw new Error(`text ${doc.id} is already in a story`);
    this.sweep(at);
    const terms = this.idsOf(doc.terms, doc.text);
    const places = doc.places ?? [];
    const copyOf = doc.sameStoryAs ? this.storyOfText.get(doc.sameStoryAs) : undefined;
    if (!copyOf && this.contentWords(terms) < this.options.minContentWords) {
      return { id: doc.id, storyId: null, isNew: false, similarity: null };
    }
    this.reserveTerms();
    this.df.add(terms.ids, terms.length, at);
    this.vector(terms, at);

    let best: Story | null = null;
    let similarity: number | null = null;
    if (copyOf) best = copyOf;
    else {
      const closest = this.closest(at, places);
      if (closest && closest.sim >= this.options.threshold) {
        best = closest.story;
        similarity = closest.sim;
      }
    }

    const isNew = best === null;
    const story = best ?? this.newStory(doc.newStoryId ?? doc.id, doc.id, at);
    this.absorb(story, doc.id, at, places);
    return { id: doc.id, storyId: story.id, isNew, similarity };
  }

  /**
   * Count a text as a member of a story without comparing it or letting its words into the
   * centroid (a reply belongs to its post's story; its words are about the post, not the
   * event). Returns false when that story is not held.
   */
  attach(id: string, storyId: string, at: number): boolean {
    const s = this.stories.get(storyId);
    if (!s || this.storyOfText.has(id)) return false;
    s.size++;
    s.textIds.push(id);
    s.lastAt = Math.max(s.lastAt, at);
    this.storyOfText.set(id, s);
    return true;
  }

  /** Adds the vector scratch to a story's centroid. */
  private absorb(s: Story, textId: string, at: number, places: readonly string[]): void {
    s.size++;
    s.textIds.push(textId);
    if (at < s.firstAt) {
      s.firstAt = at;
      s.firstTextId = textId;
    }
    s.lastAt = Math.max(s.lastAt, at);
    for (const p of places) s.places.add(p);
    const n = this.vecLength;
    const ids = this.vecIds;
    const weights = this.vecWeights;
    // A new centroid term: the story is looked up by it (from now on, in that order).
    for (let k = 0; k < n; k++) {
      const slot = this.slotFor(s.index, ids[k]!);
      if (slot === NO_SLOT) s.slots.push(this.newSlot(s.index, ids[k]!, weights[k]!));
      else this.slotWeight[slot]! += weights[k]!;
    }
    // Trimmed only once it has grown half again, so the sort is paid rarely.
    const { maxStoryTerms } = this.options;
    if (s.slots.length > maxStoryTerms * 1.5) {
      const w = this.slotWeight;
      const ranked = s.slots.slice().sort((a, b) => w[b]! - w[a]!);
      for (let i = maxStoryTerms; i < ranked.length; i++) this.letGo(ranked[i]!);
      s.slots = s.slots.filter((slot) => this.slotStory[slot] !== NO_STORY);
    }
    let sq = 0;
    for (const slot of s.slots) {
      const w = this.slotWeight[slot]!;
      sq += w * w;
    }
    s.norm = Math.sqrt(sq);
    this.storyOfText.set(textId, s);
  }

  /** Distinct single-syllable terms (story terms also hold syllable pairs). */
  private contentWords(terms: TermCounts): number {
    let n = 0;
    for (let k = 0; k < terms.length; k++) if (!this.dictionary.isPair(terms.ids[k]!)) n++;
    return n;
  }
}

/** Counts read with another dictionary, spelt out. */
function spell(terms: TermCounts): Map<string, number> {
  const out = new Map<string, number>();
  for (let k = 0; k < terms.length; k++) {
    out.set(terms.dictionary.name(terms.ids[k]!), terms.counts[k]!);
  }
  return out;
}
