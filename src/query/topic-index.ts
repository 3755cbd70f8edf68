// Matches one document against many standing queries quickly. Every required part of a topic
// (see requiredParts in anchors.ts) is filed under its anchors; a document walks its words once,
// marks the parts whose anchors it holds and counts them per topic in typed arrays, and only
// topics whose every part is present are evaluated in full, as small programs whose word
// leaves read the anchors already found (topic-index-matcher.ts). Topics without anchors are
// checked every time.
import { type Anchor, type AnchorWeight, requiredParts } from './anchors.js';
import type { QueryNode, TextField } from './ast.js';
import type { PreparedDocument } from './prepare.js';
import { SharedLeaves } from './shared-leaves.js';
import { AnchorTable } from './topic-index-anchors.js';
import { type AnchorHits, compileTopicProgram } from './topic-index-matcher.js';
import { TopicPrograms } from './topic-index-programs.js';
import type { WordStatistics } from './word-statistics.js';

export type TopicId = string | number;

/** Cheap pre-conditions on a topic; an absent or empty list means no limit. */
export interface TopicLimits {
  /** Language tags; 'vi' also takes 'vi-VN'. */
  langs?: string[];
  platforms?: string[];
  sourceIds?: number[];
}

export interface TopicIndexOptions {
  /**
   * Word frequencies of recent mentions: topics are then anchored on their rarest required
   * words. Call refreshAnchors() after the statistics have grown to re-file existing topics.
   */
  statistics?: WordStatistics;
}

interface Topic {
  id: TopicId;
  ast: QueryNode;
  order: number;
  accepts: (doc: PreparedDocument) => boolean;
  /** Index into the per-topic counting arrays. */
  slot: number;
  /** Ids of its filed parts; empty when it has no anchor and is checked every time. */
  parts: number[];
  /** Anchors its matcher reads from the tables, released when it is removed. */
  checks: { table: AnchorTable; id: number }[];
}

export class TopicIndex {
  private readonly topics = new Map<TopicId, Topic>();
  private readonly unanchored = new Set<Topic>();
  /** Parts that may occur in either field, in the title only, in the body only. */
  private readonly anyField = new AnchorTable();
  private readonly titleOnly = new AnchorTable();
  private readonly textOnly = new AnchorTable();
  private readonly tables = [this.anyField, this.titleOnly, this.textOnly];
  private readonly hits: AnchorHits = {
    hit: (table, id) => this.tables[table]!.hit(id),
  };
  /** Per part: the table it is filed in. */
  private readonly partTable: AnchorTable[] = [];
  private readonly found: (readonly number[])[] = [];
  private readonly programs = new TopicPrograms();
  /** Per slot: the order topics were added in, and whether the topic has limits to check. */
  private order = new Int32Array(64);
  private limited = new Uint8Array(64);
  private added = 0;
  /** Topic by slot; freed slots are reused. */
  private readonly bySlot: (Topic | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Per slot: parts needed, parts seen in the current document and the document they count. */
  private needed = new Int32Array(64);
  private counted = new Int32Array(64);
  private countedIn = new Int32Array(64);
  /** Per part: its topic's slot, and the document it was last marked in. */
  private partSlot = new Int32Array(256);
  private partSeenIn = new Int32Array(256);
  private readonly freeParts: number[] = [];
  private nextPart = 0;
  /** Current document number; 0 is never used so fresh array entries are never current. */
  private generation = 0;
  private readonly ready: number[] = [];
  /**
   * Documents matched, topics whose every part was present (and topics without anchors), and
   * full query evaluations made after the topic limits: how well anchors prune.
   */
  readonly stats = { documents: 0, candidates: 0, evaluated: 0 };
  private readonly weigh: AnchorWeight | undefined;
  // Leaves are shared for the index's lifetime; removed topics leave theirs behind (bounded by
  // the distinct words and phrases ever used, which is small next to the topics themselves).
  private readonly shared = new SharedLeaves();

  constructor(options: TopicIndexOptions = {}) {
    const statistics = options.statistics;
    this.weigh = statistics ? (anchor) => statistics.share(anchor) : undefined;
  }

  get size(): number {
    return this.topics.size;
  }

  /** Whether nothing is left filed under any anchor (all topics removed). */
  get isEmpty(): boolean {
    return (
      this.topics.size === 0 &&
      this.anyField.isEmpty &&
      this.titleOnly.isEmpty &&
      this.textOnly.isEmpty &&
      this.unanchored.size === 0
    );
  }

  /** Adds a topic, replacing any topic with the same id. */
  add(topicId: TopicId, ast: QueryNode, limits?: TopicLimits): void {
    this.remove(topicId);
    const slot = this.freeSlots.pop() ?? this.bySlot.length;
    const checks: Topic['checks'] = [];
    const anchorSlot = (anchor: Anchor, field: TextField | null) => {
      const table = this.tableFor(field);
      const id = table.retain(anchor);
      checks.push({ table, id });
      return { table: this.tables.indexOf(table), id };
    };
    const topic: Topic = {
      id: topicId,
      ast,
      order: this.added++,
      accepts: limitsCheck(limits),
      slot,
      parts: [],
      checks,
    };
    this.bySlot[slot] = topic;
    if (slot >= this.needed.length) {
      const size = this.needed.length * 2;
      this.needed = grown(this.needed, size);
      this.counted = grown(this.counted, size);
      this.countedIn = grown(this.countedIn, size);
      this.order = grown(this.order, size);
      const limited = new Uint8Array(size);
      limited.set(this.limited);
      this.limited = limited;
    }
    this.order[slot] = topic.order;
    this.limited[slot] = topic.accepts === ANY_DOCUMENT ? 0 : 1;
    this.programs.set(slot, compileTopicProgram(ast, this.shared, anchorSlot));
    this.countedIn[slot] = 0;
    this.topics.set(topicId, topic);
    this.file(topic);
  }

  /** Re-files every topic under anchors chosen with the current word statistics. */
  refreshAnchors(): void {
    for (const topic of this.topics.values()) {
      this.unfile(topic);
      this.file(topic);
    }
  }

  remove(topicId: TopicId): boolean {
    const topic = this.topics.get(topicId);
    if (!topic) return false;
    this.topics.delete(topicId);
    this.unfile(topic);
    for (const { table, id } of topic.checks) table.release(id);
    this.programs.delete(topic.slot);
    this.bySlot[topic.slot] = undefined;
    this.freeSlots.push(topic.slot);
    return true;
  }

  private file(topic: Topic): void {
    const parts = requiredParts(topic.ast, this.weigh);
    this.needed[topic.slot] = parts.length;
    if (parts.length === 0) {
      this.unanchored.add(topic);
      return;
    }
    for (const { anchors, field } of parts) {
      const part = this.freeParts.pop() ?? this.newPart();
      this.partSlot[part] = topic.slot;
      this.partSeenIn[part] = 0;
      topic.parts.push(part);
      const table = this.tableFor(field);
      this.partTable[part] = table;
      table.file(part, anchors);
    }
  }

  private tableFor(field: TextField | null): AnchorTable {
    if (field === 'title') return this.titleOnly;
    return field === 'text' ? this.textOnly : this.anyField;
  }

  private newPart(): number {
    const part = this.nextPart++;
    if (part >= this.partSlot.length) {
      this.partSlot = grown(this.partSlot, this.partSlot.length * 2);
      this.partSeenIn = grown(this.partSeenIn, this.partSeenIn.length * 2);
    }
    return part;
  }

  private unfile(topic: Topic): void {
    this.unanchored.delete(topic);
    for (const part of topic.parts) {
      this.partTable[part]!.unfile(part);
      this.freeParts.push(part);
    }
    topic.parts = [];
  }

  /** Ids of the topics the document matches, in the order the topics were added. */
  match(doc: PreparedDocument): TopicId[] {
    const candidates: number[] = [];
    if (this.unanchored.size > 0) for (const topic of this.unanchored) candidates.push(topic.slot);
    const complete = this.completeTopics(doc);
    for (let i = 0; i < complete.length; i++) candidates.push(complete[i]!);
    this.stats.documents++;
    this.stats.candidates += candidates.length;
    const matched: number[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const slot = candidates[i]!;
      if (this.limited[slot] === 1 && !this.bySlot[slot]!.accepts(doc)) continue;
      this.stats.evaluated++;
      if (this.programs.run(slot, doc, this.hits)) matched.push(slot);
    }
    const order = this.order;
    if (matched.length > 1) matched.sort((a, b) => order[a]! - order[b]!);
    const ids: TopicId[] = [];
    for (let i = 0; i < matched.length; i++) ids.push(this.bySlot[matched[i]!]!.id);
    return ids;
  }

  /** Slots of the topics whose every filed part has an anchor in the document. */
  private completeTopics(doc: PreparedDocument): readonly number[] {
    this.nextGeneration();
    const found = this.found;
    found.length = 0;
    const title = doc.title.folded;
    const text = doc.text.folded;
    this.anyField.collect(title, text, found);
    this.titleOnly.collect(title, NO_WORDS, found);
    this.textOnly.collect(NO_WORDS, text, found);
    const ready = this.ready;
    ready.length = 0;
    const generation = this.generation;
    const partSeenIn = this.partSeenIn;
    const partSlot = this.partSlot;
    const counted = this.counted;
    const countedIn = this.countedIn;
    const needed = this.needed;
    for (let f = 0; f < found.length; f++) {
      const parts = found[f]!;
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        if (partSeenIn[part] === generation) continue;
        partSeenIn[part] = generation;
        const slot = partSlot[part]!;
        let count = 1;
        if (countedIn[slot] === generation) count = counted[slot]! + 1;
        else countedIn[slot] = generation;
        counted[slot] = count;
        if (count === needed[slot]) ready.push(slot);
      }
    }
    return ready;
  }

  private nextGeneration(): void {
    if (this.generation === 0x7fffffff) {
      this.generation = 0;
      this.countedIn.fill(0);
      this.partSeenIn.fill(0);
    }
    this.generation++;
  }
}

const NO_WORDS: readonly string[] = [];
const ANY_DOCUMENT = (): boolean => true;

function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}

function limitsCheck(limits: TopicLimits | undefined): (doc: PreparedDocument) => boolean {
  const langs = limits?.langs?.length
    ? limits.langs.map((lang) => lang.toLowerCase().replace(/_/g, '-'))
    : null;
  const platforms = limits?.platforms?.length
    ? new Set(limits.platforms.map((p) => p.toLowerCase()))
    : null;
  const sourceIds = limits?.sourceIds?.length ? new Set(limits.sourceIds) : null;
  if (langs === null && platforms === null && sourceIds === null) return ANY_DOCUMENT;
  return (doc) =>
    (langs === null ||
      (doc.lang !== null &&
        langs.some((lang) => doc.lang === lang || doc.lang!.startsWith(`${lang}-`)))) &&
    (platforms === null || platforms.has(doc.platform)) &&
    (sourceIds === null || doc.sourceIds.some((id) => sourceIds.has(id)));
}
