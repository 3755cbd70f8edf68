// Matches one document against many standing queries quickly. Each topic is filed under its
// anchors (see anchors.ts); a document only wakes the topics whose anchor words it contains,
// and only those are evaluated in full. Topics without anchors are checked every time.
import { type Anchor, type AnchorWeight, requiredAnchorSets } from './anchors.js';
import type { QueryNode } from './ast.js';
import { compilePreparedMatcher, type PreparedMatcher } from './match.js';
import type { PreparedDocument } from './prepare.js';
import { SharedLeaves } from './shared-leaves.js';
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
  matcher: PreparedMatcher;
  anchors: Anchor[] | null;
  /** Further required anchor sets, each needing one anchor in the document (at most a few). */
  alsoRequired: Anchor[][];
  accepts: (doc: PreparedDocument) => boolean;
  /** The match() call that last collected this topic, to collect each topic once per call. */
  seenIn: number;
}

interface PrefixNode {
  children: Map<string, PrefixNode>;
  topics: Set<Topic>;
}

export class TopicIndex {
  private readonly topics = new Map<TopicId, Topic>();
  private readonly byWord = new Map<string, Set<Topic>>();
  private readonly byPrefix: PrefixNode = newPrefixNode();
  private readonly unanchored = new Set<Topic>();
  private added = 0;
  private calls = 0;
  /**
   * Documents matched, topics woken by their anchors, and full query evaluations made after the
   * cheap checks: how well anchors prune.
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
      this.byWord.size === 0 &&
      this.byPrefix.children.size === 0 &&
      this.unanchored.size === 0
    );
  }

  /** Adds a topic, replacing any topic with the same id. */
  add(topicId: TopicId, ast: QueryNode, limits?: TopicLimits): void {
    this.remove(topicId);
    const topic: Topic = {
      id: topicId,
      ast,
      order: this.added++,
      matcher: compilePreparedMatcher(ast, this.shared),
      anchors: null,
      alsoRequired: [],
      accepts: limitsCheck(limits),
      seenIn: -1,
    };
    this.topics.set(topicId, topic);
    this.anchor(topic);
    this.file(topic);
  }

  /** Re-files every topic under anchors chosen with the current word statistics. */
  refreshAnchors(): void {
    for (const topic of this.topics.values()) {
      this.unfile(topic);
      this.anchor(topic);
      this.file(topic);
    }
  }

  private anchor(topic: Topic): void {
    const [first, ...others] = requiredAnchorSets(topic.ast, this.weigh);
    topic.anchors = first ?? null;
    topic.alsoRequired = others.slice(0, MAX_EXTRA_CHECKS);
  }

  private file(topic: Topic): void {
    if (topic.anchors === null) {
      this.unanchored.add(topic);
      return;
    }
    for (const anchor of topic.anchors) {
      if (anchor.prefix) {
        prefixNodeFor(this.byPrefix, anchor.word).topics.add(topic);
      } else {
        const set = this.byWord.get(anchor.word);
        if (set) set.add(topic);
        else this.byWord.set(anchor.word, new Set([topic]));
      }
    }
  }

  remove(topicId: TopicId): boolean {
    const topic = this.topics.get(topicId);
    if (!topic) return false;
    this.topics.delete(topicId);
    this.unfile(topic);
    return true;
  }

  private unfile(topic: Topic): void {
    this.unanchored.delete(topic);
    for (const anchor of topic.anchors ?? []) {
      if (anchor.prefix) {
        removeFromPrefixTree(this.byPrefix, anchor.word.split(''), topic);
      } else {
        const set = this.byWord.get(anchor.word);
        set?.delete(topic);
        if (set?.size === 0) this.byWord.delete(anchor.word);
      }
    }
  }

  /** Ids of the topics the document matches, in the order the topics were added. */
  match(doc: PreparedDocument): TopicId[] {
    const call = this.calls++;
    const candidates: Topic[] = [];
    const collect = (topics: Iterable<Topic>): void => {
      for (const topic of topics) {
        if (topic.seenIn !== call) {
          topic.seenIn = call;
          candidates.push(topic);
        }
      }
    };
    collect(this.unanchored);
    for (const pair of doc.foldedPairs) {
      const topics = this.byWord.get(pair);
      if (topics) collect(topics);
    }
    const walkPrefixes = this.byPrefix.children.size > 0;
    for (const word of doc.foldedWords) {
      const topics = this.byWord.get(word);
      if (topics) collect(topics);
      if (!walkPrefixes) continue;
      // UTF-16 units, as anchors are filed: same keys, no string iterator in the hot loop.
      let node: PrefixNode | undefined = this.byPrefix;
      for (let i = 0; i < word.length; i++) {
        node = node.children.get(word[i]!);
        if (!node) break;
        if (node.topics.size > 0) collect(node.topics);
      }
    }
    this.stats.documents++;
    this.stats.candidates += candidates.length;
    const matched: Topic[] = [];
    for (const topic of candidates) {
      if (topic.accepts(doc) && topic.alsoRequired.every((set) => containsAnyAnchor(doc, set))) {
        this.stats.evaluated++;
        if (topic.matcher(doc)) matched.push(topic);
      }
    }
    return matched.sort((a, b) => a.order - b.order).map((topic) => topic.id);
  }
}

/** Cheap checks are worth it for the next few lightest parts; beyond that evaluation is as cheap. */
const MAX_EXTRA_CHECKS = 2;

function containsAnyAnchor(doc: PreparedDocument, anchors: Anchor[]): boolean {
  for (const { word, prefix } of anchors) {
    if (prefix) {
      if (doc.title.hasPrefix(word, false) || doc.text.hasPrefix(word, false)) return true;
    } else if (doc.foldedWords.has(word) || doc.foldedPairs.has(word)) {
      return true;
    }
  }
  return false;
}

function newPrefixNode(): PrefixNode {
  return { children: new Map(), topics: new Set() };
}

function prefixNodeFor(root: PrefixNode, word: string): PrefixNode {
  let node = root;
  for (const char of word.split('')) {
    let child = node.children.get(char);
    if (!child) {
      child = newPrefixNode();
      node.children.set(char, child);
    }
    node = child;
  }
  return node;
}

/** Removes the topic under the prefix and drops nodes left with no topics and no children. */
function removeFromPrefixTree(node: PrefixNode, chars: string[], topic: Topic, depth = 0): void {
  if (depth === chars.length) {
    node.topics.delete(topic);
    return;
  }
  const char = chars[depth]!;
  const child = node.children.get(char);
  if (!child) return;
  removeFromPrefixTree(child, chars, topic, depth + 1);
  if (child.topics.size === 0 && child.children.size === 0) node.children.delete(char);
}

function limitsCheck(limits: TopicLimits | undefined): (doc: PreparedDocument) => boolean {
  const langs = limits?.langs?.length
    ? limits.langs.map((lang) => lang.toLowerCase().replace(/_/g, '-'))
    : null;
  const platforms = limits?.platforms?.length
    ? new Set(limits.platforms.map((p) => p.toLowerCase()))
    : null;
  const sourceIds = limits?.sourceIds?.length ? new Set(limits.sourceIds) : null;
  return (doc) =>
    (langs === null ||
      (doc.lang !== null &&
        langs.some((lang) => doc.lang === lang || doc.lang!.startsWith(`${lang}-`)))) &&
    (platforms === null || platforms.has(doc.platform)) &&
    (sourceIds === null || doc.sourceIds.some((id) => sourceIds.has(id)));
}
