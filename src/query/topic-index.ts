// Matches one document against many standing queries quickly. Every required part of a topic
// (see requiredParts in anchors.ts) is filed under its anchors; a document walks its word ids
// once, marks the parts whose anchors it holds in a bit mask per topic in a typed array, and
// only topics whose every part is present are looked at. A topic that is nothing but its parts
// (an AND of ORs of words, prefixes and two-word phrases, each part filed under exactly its
// leaves' anchors) matches right there; any other is evaluated in full, as a small program
// whose word leaves read the anchors already found (topic-index-matcher.ts). Topics without
// anchors are checked every time.
import {
  type Anchor,
  type AnchorWeight,
  guessShare,
  type RequiredPart,
  requiredParts,
} from './anchors.js';
import type { LeafNode, QueryNode, TextField } from './ast.js';
import type { PreparedDocument } from './prepare.js';
import { SharedLeaves } from './shared-leaves.js';
import { AnchorTable } from './topic-index-anchors.js';
import { type AnchorHits, compileTopicProgram, leafAnchor } from './topic-index-matcher.js';
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
  /** Its filed parts (slot * 32 + bit); empty when it has no anchor and is checked every time. */
  parts: { table: AnchorTable; part: number }[];
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
  private readonly found: (readonly number[])[] = [];
  private readonly programs = new TopicPrograms();
  /** Per slot: the order topics were added in, and whether the topic has limits to check. */
  private order = new Int32Array(64);
  private limited = new Uint8Array(64);
  private added = 0;
  /** Topic and its id by slot; freed slots are reused. */
  private readonly bySlot: (Topic | undefined)[] = [];
  private readonly idBySlot: TopicId[] = [];
  /** Per slot: 1 when the parts being present is the whole query (no evaluation needed). */
  private partsSuffice = new Uint8Array(64);
  private readonly freeSlots: number[] = [];
  /**
   * Per slot, side by side so one visit reads one cache line: the bits of the parts found in
   * the document, the mask of all the topic's parts, and the document the found bits belong to.
   */
  private partMasks = new Int32Array(64 * MASK_STRIDE);
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
    this.idBySlot[slot] = topicId;
    if (slot >= this.order.length) {
      const size = this.order.length * 2;
      this.partMasks = grown(this.partMasks, size * MASK_STRIDE);
      this.order = grown(this.order, size);
      const limited = new Uint8Array(size);
      limited.set(this.limited);
      this.limited = limited;
      const suffice = new Uint8Array(size);
      suffice.set(this.partsSuffice);
      this.partsSuffice = suffice;
    }
    this.order[slot] = topic.order;
    this.limited[slot] = topic.accepts === ANY_DOCUMENT ? 0 : 1;
    this.programs.set(slot, compileTopicProgram(ast, this.shared, anchorSlot));
    this.partMasks[slot * MASK_STRIDE + 2] = 0;
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
    this.idBySlot[topic.slot] = 0;
    this.freeSlots.push(topic.slot);
    return true;
  }

  private file(topic: Topic): void {
    const weigh = this.weigh ?? guessShare;
    const weight = (part: RequiredPart) => part.anchors.reduce((sum, a) => sum + weigh(a), 0);
    // Any subset of the required parts is a necessary condition; a mask holds 31 of them.
    const parts = requiredParts(topic.ast, this.weigh);
    this.partsSuffice[topic.slot] = partsAreQuery(topic.ast, parts) ? 1 : 0;
    if (parts.length > MAX_PARTS) parts.sort((a, b) => weight(a) - weight(b)).length = MAX_PARTS;
    this.partMasks[topic.slot * MASK_STRIDE + 1] =
      parts.length === 31 ? 0x7fffffff : (1 << parts.length) - 1;
    if (parts.length === 0) {
      this.unanchored.add(topic);
      return;
    }
    for (const [bit, { anchors, field }] of parts.entries()) {
      const table = this.tableFor(field);
      const part = topic.slot * 32 + bit;
      topic.parts.push({ table, part });
      table.file(part, anchors);
    }
  }

  private tableFor(field: TextField | null): AnchorTable {
    if (field === 'title') return this.titleOnly;
    return field === 'text' ? this.textOnly : this.anyField;
  }

  private unfile(topic: Topic): void {
    this.unanchored.delete(topic);
    for (const { table, part } of topic.parts) table.unfile(part);
    topic.parts = [];
  }

  /** Ids of the topics the document matches, in the order the topics were added. */
  match(doc: PreparedDocument): TopicId[] {
    const candidates: number[] = [];
    if (this.unanchored.size > 0) for (const topic of this.unanchored) candidates.push(topic.slot);
    const unanchored = candidates.length;
    const complete = this.completeTopics(doc);
    for (let i = 0; i < complete.length; i++) candidates.push(complete[i]!);
    this.stats.documents++;
    this.stats.candidates += candidates.length;
    const matched: number[] = [];
    const suffice = this.partsSuffice;
    for (let i = 0; i < candidates.length; i++) {
      const slot = candidates[i]!;
      if (this.limited[slot] === 1 && !this.bySlot[slot]!.accepts(doc)) continue;
      if (suffice[slot] === 1 && i >= unanchored) {
        matched.push(slot);
        continue;
      }
      this.stats.evaluated++;
      if (this.programs.run(slot, doc, this.hits)) matched.push(slot);
    }
    // Insertion sort by the order topics were added in: a few matches per document.
    const order = this.order;
    for (let i = 1; i < matched.length; i++) {
      const slot = matched[i]!;
      const key = order[slot]!;
      let j = i - 1;
      while (j >= 0 && order[matched[j]!]! > key) {
        matched[j + 1] = matched[j]!;
        j--;
      }
      matched[j + 1] = slot;
    }
    const ids: TopicId[] = [];
    for (let i = 0; i < matched.length; i++) ids.push(this.idBySlot[matched[i]!]!);
    return ids;
  }

  /** Slots of the topics whose every filed part has an anchor in the document. */
  private completeTopics(doc: PreparedDocument): readonly number[] {
    const found = this.found;
    found.length = 0;
    this.anyField.collect(doc.title, doc.text, found);
    this.titleOnly.collect(doc.title, null, found);
    this.textOnly.collect(null, doc.text, found);
    const ready = this.ready;
    ready.length = 0;
    const generation = this.nextGeneration();
    const masks = this.partMasks;
    for (let f = 0; f < found.length; f++) {
      const parts = found[f]!;
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        const slot = part >>> 5;
        const at = slot * MASK_STRIDE;
        const bit = 1 << (part & 31);
        let seen = 0;
        if (masks[at + 2] === generation) seen = masks[at]!;
        else masks[at + 2] = generation;
        if ((seen & bit) !== 0) continue;
        seen |= bit;
        masks[at] = seen;
        if (seen === masks[at + 1]) ready.push(slot);
      }
    }
    return ready;
  }

  private nextGeneration(): number {
    if (this.generation === 0x7fffffff) {
      this.generation = 0;
      for (let at = 2; at < this.partMasks.length; at += MASK_STRIDE) this.partMasks[at] = 0;
    }
    return ++this.generation;
  }
}

/**
 * Whether the query holds exactly when every one of `parts` has an anchor in the document: it
 * is an AND (through title:/text: fields) of words, prefixes, two-word phrases or ORs of them,
 * and each part's anchors are exactly its leaves' anchors.
 */
function partsAreQuery(ast: QueryNode, parts: readonly RequiredPart[]): boolean {
  const groups: { leaves: LeafNode[]; field: TextField | null }[] = [];
  const collect = (node: QueryNode, field: TextField | null): boolean => {
    switch (node.kind) {
      case 'and':
        return node.children.every((child) => collect(child, field));
      case 'field':
        return (node.field === 'title' || node.field === 'text') && collect(node.child, node.field);
      case 'term':
      case 'phrase':
        groups.push({ leaves: [node], field });
        return true;
      case 'or': {
        const leaves: LeafNode[] = [];
        for (const child of node.children) {
          if (child.kind !== 'term' && child.kind !== 'phrase') return false;
          leaves.push(child);
        }
        groups.push({ leaves, field });
        return true;
      }
      default:
        return false;
    }
  };
  if (!collect(ast, null) || groups.length !== parts.length || parts.length > MAX_PARTS) {
    return false;
  }
  const key = (anchor: Anchor) => `${anchor.prefix ? '*' : '='}${anchor.word}`;
  return groups.every(({ leaves, field }, i) => {
    const part = parts[i]!;
    if (part.field !== field) return false;
    const wanted = new Set<string>();
    for (const leaf of leaves) {
      const anchor = leafAnchor(leaf);
      if (anchor === null) return false;
      wanted.add(key(anchor));
    }
    const filed = new Set(part.anchors.map(key));
    return filed.size === wanted.size && [...wanted].every((k) => filed.has(k));
  });
}

const MAX_PARTS = 31;
const MASK_STRIDE = 4;
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
