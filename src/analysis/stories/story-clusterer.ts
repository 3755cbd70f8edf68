// Single-pass story clustering at ingest. Each text becomes a TF-IDF vector of its story terms,
// weighted by a decaying document frequency; it joins the most similar story (cosine with the
// story's centroid) that was active within the join window, if that similarity reaches the
// threshold, else it starts a story. Stories silent for longer than the expiry are dropped, so
// memory follows the number of live stories, not the history. Single-pass (rather than
// re-clustering a window) because ingest sees each text once and must answer at once.
import { DecayingFrequency } from './decaying-frequency.js';
import { storyTerms } from './story-terms.js';

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
  /** Term counts to use instead of the text's own story terms. */
  terms?: ReadonlyMap<string, number>;
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
  firstTextId: string;
  firstAt: number;
  lastAt: number;
  size: number;
  centroid: Map<string, number>;
  norm: number;
  places: Set<string>;
  textIds: string[];
  /** Scratch of `closest`: the lookup that last found it and its partial dot product there. */
  seenBy: number;
  dot: number;
}

export class StoryClusterer {
  private readonly options: Required<StoryOptions>;
  private readonly df: DecayingFrequency;
  private readonly stories = new Map<string, Story>();
  private readonly byTerm = new Map<string, Set<Story>>();
  private readonly storyOfText = new Map<string, Story>();
  private newest = Number.NEGATIVE_INFINITY;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private lookups = 0;
  /** Stories brought in as candidates, one per term that brought them (a measure of work). */
  candidatesVisited = 0;

  constructor(options: StoryOptions = {}) {
    this.options = { ...DEFAULT_STORY_OPTIONS, ...options };
    this.df = new DecayingFrequency(this.options.dfHalfLifeMs);
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
    const top = [...s.centroid].sort((a, b) => b[1] - a[1]).slice(0, 10);
    return {
      id: s.id,
      firstTextId: s.firstTextId,
      firstAt: s.firstAt,
      lastAt: s.lastAt,
      size: s.size,
      topTerms: top.map(([t]) => t),
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
    for (const t of s.centroid.keys()) this.unlink(t, s);
    for (const id of s.textIds) if (this.storyOfText.get(id) === s) this.storyOfText.delete(id);
  }

  private unlink(term: string, s: Story): void {
    const set = this.byTerm.get(term);
    if (!set) return;
    set.delete(s);
    if (set.size === 0) this.byTerm.delete(term);
  }

  /** Unit TF-IDF vector of a text's heaviest terms. */
  private vector(terms: ReadonlyMap<string, number>, at: number): Map<string, number> {
    const weighted: [string, number][] = [];
    const idf = this.df.idfAt(at);
    for (const [t, n] of terms) {
      if (n > 0) weighted.push([t, (1 + Math.log(n)) * idf(t)]);
    }
    weighted.sort((a, b) => b[1] - a[1]);
    const kept = weighted.slice(0, this.options.maxTextTerms);
    let sq = 0;
    for (const [, w] of kept) sq += w * w;
    const norm = Math.sqrt(sq) || 1;
    return new Map(kept.map(([t, w]) => [t, w / norm]));
  }

  /**
   * The most similar story (first found among equals) sharing one of the text's heaviest terms,
   * with its cosine; null when none fits or none is similar at all. Dot products are summed
   * from the term index, term by term in the vector's order, so each adds the same products in
   * the same order as a cosine over the whole vector. Terms come heaviest first; once the
   * vector's remaining terms cannot lift a story they alone would bring in to the threshold
   * (their norm bounds that story's cosine), their stories are not looked up, only added to.
   */
  private closest(
    vec: ReadonlyMap<string, number>,
    at: number,
    places: readonly string[],
  ): { story: Story; sim: number } | null {
    // Terms whose posting list is too long to look up go after the looked-up ones, into the
    // part of the vector that candidates are completed with.
    const { maxTermStories } = this.options;
    const lookable: [string, number][] = [];
    const crowded: [string, number][] = [];
    // The posting list of each lookable term, found once.
    const postings: (Set<Story> | undefined)[] = [];
    for (const entry of vec) {
      const holders = this.byTerm.get(entry[0]);
      if ((holders?.size ?? 0) > maxTermStories) crowded.push(entry);
      else {
        lookable.push(entry);
        postings.push(holders);
      }
    }
    const terms = crowded.length === 0 ? lookable : lookable.concat(crowded);
    const tailSq = new Float64Array(terms.length + 1);
    for (let i = terms.length - 1; i >= 0; i--) tailSq[i] = tailSq[i + 1]! + terms[i]![1] ** 2;
    const floor = this.options.threshold - 1e-9;
    let looked = 0;
    // Candidates in the order first found, their partial dot products on themselves.
    const found: Story[] = [];
    const lookup = ++this.lookups;
    for (; looked < Math.min(lookable.length, this.options.lookupTerms); looked++) {
      if (Math.sqrt(tailSq[looked]!) < floor) break;
      const [term, weight] = terms[looked]!;
      const holders = postings[looked];
      if (holders === undefined) continue;
      this.candidatesVisited += holders.size;
      for (const s of holders) {
        const add = weight * (s.centroid.get(term) ?? 0);
        if (s.seenBy === lookup) s.dot += add;
        else {
          s.seenBy = lookup;
          s.dot = 0 + add;
          found.push(s);
        }
      }
    }
    let best: Story | null = null;
    let bestSim = 0;
    // The terms not looked up add at most their norm to a cosine (Cauchy-Schwarz), so a story
    // whose partial cosine plus that cannot beat the best so far, nor reach the threshold, is
    // not completed: the same answer, without a map lookup per term for most candidates.
    const tail = Math.sqrt(tailSq[looked]!) + 1e-12;
    for (const s of found) {
      const partial = s.dot;
      if (s.norm === 0) continue;
      const bound = partial / s.norm + tail;
      if (bound < bestSim || bound < floor) continue;
      if (!this.fits(s, at, places)) continue;
      let dot = partial;
      for (let i = looked; i < terms.length; i++) {
        dot += terms[i]![1] * (s.centroid.get(terms[i]![0]) ?? 0);
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

  /**
   * Put a text back into the story it was assigned to before (rebuilding the state after a
   * restart from what was stored), without comparing it again.
   */
  restore(doc: StoryInput, storyId: string): void {
    const at = doc.publishedAt;
    if (!Number.isFinite(at) || this.storyOfText.has(doc.id)) return;
    if (at > this.newest) {
      this.newest = at;
      if (at - this.lastSweep > 3_600_000) {
        this.lastSweep = at;
        this.expireBefore(at - this.options.expiryMs);
      }
    }
    const terms = doc.terms ?? storyTerms(doc.text);
    this.df.add(terms.keys(), at);
    const vec = this.vector(terms, at);
    let story = this.stories.get(storyId);
    if (!story) {
      story = {
        id: storyId,
        firstTextId: doc.id,
        firstAt: at,
        lastAt: at,
        size: 0,
        centroid: new Map(),
        norm: 0,
        places: new Set(),
        textIds: [],
        seenBy: 0,
        dot: 0,
      };
      this.stories.set(storyId, story);
    }
    this.absorb(story, doc.id, at, vec, doc.places ?? []);
  }

  /** Assign a text to a story, starting one when none is close enough. */
  add(doc: StoryInput): StoryAssignment {
    const at = doc.publishedAt;
    if (!Number.isFinite(at)) {
      throw new Error(`text ${doc.id}: publishedAt is not a time (${String(at)})`);
    }
    if (this.storyOfText.has(doc.id)) throw new Error(`text ${doc.id} is already in a story`);
    if (at > this.newest) {
      this.newest = at;
      // Sweeping once an hour of publication time keeps expiry off the per-text path.
      if (at - this.lastSweep > 3_600_000) {
        this.lastSweep = at;
        this.expireBefore(at - this.options.expiryMs);
      }
    }
    const terms = doc.terms ?? storyTerms(doc.text);
    const places = doc.places ?? [];
    const copyOf = doc.sameStoryAs ? this.storyOfText.get(doc.sameStoryAs) : undefined;
    if (!copyOf && contentWords(terms) < this.options.minContentWords) {
      return { id: doc.id, storyId: null, isNew: false, similarity: null };
    }
    this.df.add(terms.keys(), at);
    const vec = this.vector(terms, at);

    let best: Story | null = null;
    let similarity: number | null = null;
    if (copyOf) best = copyOf;
    else {
      const closest = this.closest(vec, at, places);
      if (closest && closest.sim >= this.options.threshold) {
        best = closest.story;
        similarity = closest.sim;
      }
    }

    const isNew = best === null;
    const story: Story = best ?? {
      id: doc.newStoryId ?? doc.id,
      firstTextId: doc.id,
      firstAt: at,
      lastAt: at,
      size: 0,
      centroid: new Map(),
      norm: 0,
      places: new Set(),
      textIds: [],
      seenBy: 0,
      dot: 0,
    };
    if (isNew) this.stories.set(story.id, story);
    this.absorb(story, doc.id, at, vec, places);
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

  private absorb(
    s: Story,
    textId: string,
    at: number,
    vec: ReadonlyMap<string, number>,
    places: readonly string[],
  ): void {
    s.size++;
    s.textIds.push(textId);
    if (at < s.firstAt) {
      s.firstAt = at;
      s.firstTextId = textId;
    }
    s.lastAt = Math.max(s.lastAt, at);
    for (const p of places) s.places.add(p);
    for (const [t, w] of vec) {
      const held = s.centroid.get(t);
      s.centroid.set(t, (held ?? 0) + w);
      if (held !== undefined) continue;
      // A new centroid term: the story is looked up by it (from now on, in that order).
      const set = this.byTerm.get(t);
      if (set) set.add(s);
      else this.byTerm.set(t, new Set([s]));
    }
    // Trimmed only once it has grown half again, so the sort is paid rarely.
    if (s.centroid.size > this.options.maxStoryTerms * 1.5) {
      const ranked = [...s.centroid].sort((a, b) => b[1] - a[1]);
      for (const [t] of ranked.slice(this.options.maxStoryTerms)) {
        s.centroid.delete(t);
        this.unlink(t, s);
      }
    }
    let sq = 0;
    for (const w of s.centroid.values()) sq += w * w;
    s.norm = Math.sqrt(sq);
    this.storyOfText.set(textId, s);
  }
}

/** Distinct single-syllable terms (story terms also hold syllable pairs). */
function contentWords(terms: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const t of terms.keys()) if (!t.includes(' ')) n++;
  return n;
}
