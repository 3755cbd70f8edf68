// Matches one document against many standing queries quickly. A topic is filed by its required
// parts (see requiredParts in anchors.ts), rarest first: under each anchor of its rarest part
// and, within that, under each anchor of its second rarest part, in an entry that lists the
// anchors of each of its other parts. A document marks the anchors it holds (one array write
// per anchor), and for every filed anchor it holds looks up the other anchors it holds: each
// entry found there is a topic with its two rarest parts present, kept when every other part
// has an anchor in the document too. Work per document grows with the anchors it holds and the
// topics that share two of them, not with the topics that share one. A topic that is nothing
// but its parts (an AND of ORs of words, prefixes and two-word phrases, each part filed under
// exactly its leaves' anchors) matches right there; any other is evaluated in full, as a small
// program whose word leaves read the anchors already found (topic-index-matcher.ts). Topics
// without anchors are checked every time.
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
import { AnchorSpace, AnchorTable } from './topic-index-anchors.js';
import { compileTopicProgram, leafAnchor } from './topic-index-matcher.js';
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
  /** Index into the per-topic arrays. */
  slot: number;
  /**
   * The anchors of its rarest part and their table, those of its second rarest part (none when
   * it has one part) and theirs, and the anchors its entry checks (its other parts'); null when
   * it has no anchor and is checked every time.
   */
  filed: { table: AnchorTable; ids: number[]; keyTable: AnchorTable; keys: number[] } | null;
  checked: { table: AnchorTable; id: number }[];
  /** Anchors its matcher reads, released when it is removed. */
  reads: { table: AnchorTable; id: number }[];
}

export class TopicIndex {
  private readonly topics = new Map<TopicId, Topic>();
  private readonly unanchored = new Set<Topic>();
  private readonly space = new AnchorSpace();
  /** Parts that may occur in either field, in the title only, in the body only. */
  private readonly anyField = new AnchorTable(this.space);
  private readonly titleOnly = new AnchorTable(this.space);
  private readonly textOnly = new AnchorTable(this.space);
  /** Per anchor id of a rarest part: the slots of the topics that have no other part. */
  private readonly solo: (number[] | undefined)[] = [];
  /**
   * Per anchor id of a rarest part, per anchor id of a second rarest part: entries one after
   * another, [slot, length, ...checks], where checks (`length` numbers) are the topic's other
   * parts, each as [count, ...anchor ids]; the topic is complete when each has one present.
   */
  private readonly pairs: (PairEntries | undefined)[] = [];
  /** Anchors the current document holds. */
  private readonly found: number[] = [];
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
  /** Per slot: the document it was last found complete in (an entry per anchor may repeat it). */
  private readySeen = new Int32Array(64);
  /** Current document number; 0 is never used so fresh array entries are never current. */
  private generation = 0;
  private readonly candidates: number[] = [];
  private readonly matched: number[] = [];
  /**
   * Documents matched, topics whose every part was present (and topics without anchors), and
   * full query evaluations made after the topic limits: how well anchors prune. Pair probes:
   * second anchors looked at under the filed anchors a document holds (see completeTopics).
   */
  readonly stats = { documents: 0, candidates: 0, evaluated: 0, pairProbes: 0 };
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
    const reads: Topic['reads'] = [];
    const anchorSlot = (anchor: Anchor, field: TextField | null) => {
      const table = this.tableFor(field);
      const id = table.retain(anchor);
      reads.push({ table, id });
      return id;
    };
    const topic: Topic = {
      id: topicId,
      ast,
      order: this.added++,
      accepts: limitsCheck(limits),
      slot,
      filed: null,
      checked: [],
      reads,
    };
    this.bySlot[slot] = topic;
    this.idBySlot[slot] = topicId;
    if (slot >= this.order.length) {
      const size = this.order.length * 2;
      this.order = grown(this.order, size);
      this.readySeen = grown(this.readySeen, size);
      const limited = new Uint8Array(size);
      limited.set(this.limited);
      this.limited = limited;
      const suffice = new Uint8Array(size);
      suffice.set(this.partsSuffice);
      this.partsSuffice = suffice;
    }
    this.order[slot] = topic.order;
    this.limited[slot] = topic.accepts === ANY_DOCUMENT ? 0 : 1;
    this.readySeen[slot] = 0;
    this.programs.set(slot, compileTopicProgram(ast, this.shared, anchorSlot));
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
    for (const { table, id } of topic.reads) table.release(id);
    this.programs.delete(topic.slot);
    this.bySlot[topic.slot] = undefined;
    this.idBySlot[topic.slot] = 0;
    this.freeSlots.push(topic.slot);
    return true;
  }

  private file(topic: Topic): void {
    const weigh = this.weigh ?? guessShare;
    const parts = requiredParts(topic.ast, this.weigh);
    this.partsSuffice[topic.slot] = partsAreQuery(topic.ast, parts) ? 1 : 0;
    if (parts.length === 0) {
      this.unanchored.add(topic);
      return;
    }
    // Filed under the rarest part; the others are checked rarest first, so that a check that
    // fails usually fails at once.
    const weighed = parts.map((part) => ({
      part,
      weight: part.anchors.reduce((sum, anchor) => sum + weigh(anchor), 0),
    }));
    weighed.sort((a, b) => a.weight - b.weight);
    const entry = [topic.slot, 0];
    for (let i = 2; i < weighed.length; i++) {
      const { anchors, field } = weighed[i]!.part;
      const table = this.tableFor(field);
      const ids: number[] = [];
      for (const anchor of anchors) {
        const id = table.retain(anchor);
        topic.checked.push({ table, id });
        if (!ids.includes(id)) ids.push(id);
      }
      entry.push(ids.length, ...ids);
    }
    entry[1] = entry.length - 2;
    const first = weighed[0]!.part;
    const table = this.tableFor(first.field);
    const ids = distinct(
      first.anchors.map((anchor) => table.file(anchor)),
      (id) => table.unfile(id),
    );
    const second = weighed[1]?.part;
    const keyTable = this.tableFor(second?.field ?? null);
    const keys = second
      ? distinct(
          second.anchors.map((anchor) => keyTable.retain(anchor)),
          (id) => keyTable.release(id),
        )
      : [];
    for (const id of ids) {
      if (second === undefined) {
        const solo = this.solo[id];
        if (solo === undefined) this.solo[id] = [topic.slot];
        else solo.push(topic.slot);
        continue;
      }
      let byKey = this.pairs[id];
      if (byKey === undefined) {
        byKey = new PairEntries();
        this.pairs[id] = byKey;
      }
      for (const key of keys) byKey.append(key, entry);
    }
    topic.filed = { table, ids, keyTable, keys };
  }

  private tableFor(field: TextField | null): AnchorTable {
    if (field === 'title') return this.titleOnly;
    return field === 'text' ? this.textOnly : this.anyField;
  }

  private unfile(topic: Topic): void {
    this.unanchored.delete(topic);
    if (topic.filed !== null) {
      const { table, ids, keyTable, keys } = topic.filed;
      const slot = topic.slot;
      for (const id of ids) {
        if (keys.length === 0) {
          const solo = this.solo[id]!;
          solo.splice(solo.indexOf(slot), 1);
          if (solo.length === 0) this.solo[id] = undefined;
        }
        const byKey = this.pairs[id];
        for (const key of keys) byKey!.dropSlot(key, slot);
        if (byKey?.size === 0) this.pairs[id] = undefined;
        table.unfile(id);
      }
      for (const key of keys) keyTable.release(key);
      topic.filed = null;
    }
    for (const { table, id } of topic.checked) table.release(id);
    topic.checked = [];
  }

  /** Ids of the topics the document matches, in the order the topics were added. */
  match(doc: PreparedDocument): TopicId[] {
    const candidates = this.candidates;
    candidates.length = 0;
    if (this.unanchored.size > 0) for (const topic of this.unanchored) candidates.push(topic.slot);
    const unanchored = candidates.length;
    this.completeTopics(doc, candidates);
    this.stats.documents++;
    this.stats.candidates += candidates.length;
    const matched = this.matched;
    matched.length = 0;
    const suffice = this.partsSuffice;
    const limited = this.limited;
    for (let i = 0; i < candidates.length; i++) {
      const slot = candidates[i]!;
      if (limited[slot] === 1 && !this.bySlot[slot]!.accepts(doc)) continue;
      if (suffice[slot] === 1 && i >= unanchored) {
        matched.push(slot);
        continue;
      }
      this.stats.evaluated++;
      if (this.programs.run(slot, doc, this.space)) matched.push(slot);
    }
    sortByOrder(matched, this.order);
    const ids: TopicId[] = new Array(matched.length);
    for (let i = 0; i < matched.length; i++) ids[i] = this.idBySlot[matched[i]!]!;
    return ids;
  }

  /** Appends to `out` the slots of the topics whose every part has an anchor in the document. */
  private completeTopics(doc: PreparedDocument, out: number[]): void {
    const held = this.found;
    held.length = 0;
    const space = this.space;
    space.next();
    this.anyField.collect(doc.title, doc.text, held);
    this.titleOnly.collect(doc.title, null, held);
    this.textOnly.collect(null, doc.text, held);
    const filed = space.filed;
    const seen = space.seen;
    const hit = space.generation;
    const generation = this.nextGeneration();
    const readySeen = this.readySeen;
    for (let f = 0; f < held.length; f++) {
      const anchor = held[f]!;
      if (filed[anchor] === 0) continue;
      const solo = this.solo[anchor];
      if (solo !== undefined) {
        for (let i = 0; i < solo.length; i++) {
          const slot = solo[i]!;
          if (readySeen[slot] !== generation) {
            readySeen[slot] = generation;
            out.push(slot);
          }
        }
      }
      const byKey = this.pairs[anchor];
      if (byKey === undefined) continue;
      // The second anchors filed under this one that the document holds, found from whichever
      // side is shorter: a text holding many anchors costs no more than the keys filed under
      // the anchors it holds, never anchors times anchors.
      const keys = byKey.keys;
      const lists = byKey.lists;
      if (keys.length <= held.length) {
        this.stats.pairProbes += keys.length;
        for (let k = 0; k < keys.length; k++) {
          if (seen[keys[k]!] === hit) this.completeEntries(lists[k]!, generation, out);
        }
      } else {
        this.stats.pairProbes += held.length;
        const at = byKey.at;
        for (let k = 0; k < held.length; k++) {
          const position = at.get(held[k]!);
          if (position !== undefined) this.completeEntries(lists[position]!, generation, out);
        }
      }
    }
  }

  /** Appends the slots of the entries whose every part is present (see `pairs`). */
  private completeEntries(list: readonly number[], generation: number, out: number[]): void {
    const seen = this.space.seen;
    const hit = this.space.generation;
    const readySeen = this.readySeen;
    const end = list.length;
    let at = 0;
    while (at < end) {
      const slot = list[at]!;
      const next = at + 2 + list[at + 1]!;
      at += 2;
      let complete = true;
      while (at < next) {
        const count = list[at]!;
        const partEnd = at + 1 + count;
        let present = false;
        for (let i = at + 1; i < partEnd; i++) {
          if (seen[list[i]!] === hit) {
            present = true;
            break;
          }
        }
        if (!present) {
          complete = false;
          break;
        }
        at = partEnd;
      }
      at = next;
      if (complete && readySeen[slot] !== generation) {
        readySeen[slot] = generation;
        out.push(slot);
      }
    }
  }

  private nextGeneration(): number {
    if (this.generation === 0x7fffffff) {
      this.generation = 0;
      this.readySeen.fill(0);
    }
    return ++this.generation;
  }
}

/**
 * Sorts slots by the order their topics were added in: insertion sort for the few matches of
 * most documents, a full sort when a long text matches many topics.
 */
function sortByOrder(slots: number[], order: Int32Array): void {
  if (slots.length > 32) {
    slots.sort((a, b) => order[a]! - order[b]!);
    return;
  }
  for (let i = 1; i < slots.length; i++) {
    const slot = slots[i]!;
    const key = order[slot]!;
    let j = i - 1;
    while (j >= 0 && order[slots[j]!]! > key) {
      slots[j + 1] = slots[j]!;
      j--;
    }
    slots[j + 1] = slot;
  }
}

/** Ids with repeats dropped, `drop` called for each repeat. */
function distinct(ids: number[], drop: (id: number) => void): number[] {
  const kept: number[] = [];
  for (const id of ids) {
    if (kept.includes(id)) drop(id);
    else kept.push(id);
  }
  return kept;
}

/**
 * The entries filed under one anchor of a rarest part (see TopicIndex.pairs), by the anchor of
 * the second rarest part: the keys and their entry lists side by side, so that the keys can be
 * walked as well as looked up.
 */
class PairEntries {
  readonly keys: number[] = [];
  readonly lists: number[][] = [];
  /** Position of each key in `keys`. */
  readonly at = new Map<number, number>();

  get size(): number {
    return this.keys.length;
  }

  append(key: number, entry: readonly number[]): void {
    const position = this.at.get(key);
    if (position === undefined) {
      this.at.set(key, this.keys.length);
      this.keys.push(key);
      this.lists.push([...entry]);
    } else {
      const list = this.lists[position]!;
      for (const value of entry) list.push(value);
    }
  }

  /** Drops the entries of `slot` under `key`, and the key when none are left. */
  dropSlot(key: number, slot: number): void {
    const position = this.at.get(key)!;
    const kept = withoutSlot(this.lists[position]!, slot);
    if (kept.length > 0) {
      this.lists[position] = kept;
      return;
    }
    const last = this.keys.length - 1;
    if (position !== last) {
      const moved = this.keys[last]!;
      this.keys[position] = moved;
      this.lists[position] = this.lists[last]!;
      this.at.set(moved, position);
    }
    this.keys.pop();
    this.lists.pop();
    this.at.delete(key);
  }
}

/** The entries of `list` (see TopicIndex.pairs) without those of `slot`. */
function withoutSlot(list: number[], slot: number): number[] {
  const kept: number[] = [];
  for (let at = 0; at < list.length; ) {
    const next = at + 2 + list[at + 1]!;
    if (list[at] !== slot) for (let i = at; i < next; i++) kept.push(list[i]!);
    at = next;
  }
  return kept;
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
  if (!collect(ast, null) || groups.length !== parts.length) return false;
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
