// Tags newly stored mentions with every active topic they match, at ingest. It keeps one
// in-memory TopicIndex of the active topics and rebuilds it when the store's topics version
// moves (a topic created, edited, paused or deleted, here or by another process such as the
// CLI), checked before every batch, so no batch is matched against a stale topic list.
// Back-fills cover what was stored before a topic existed (backfill.ts).
import type { Mention, MentionInput } from '../model.js';
import { placeCodesOf } from '../places/resolve-place.js';
import type { MatchDocument } from '../query/match.js';
import { parseQuery } from '../query/parse.js';
import { type PreparedDocument, prepareDocument } from '../query/prepare.js';
import { TopicIndex } from '../query/topic-index.js';
import type { ListeningStore, Topic } from '../store/listening-store.js';
import type { SaveMentionsResult, SaveStatus, Store } from '../store/store.js';
import type { ListeningEvents } from './listening-events.js';

/** What the topic matcher sees of a stored mention; back-fill and ingest use the same. */
export function matchDocumentOf(mention: Mention, sourceNames: string[] = []): MatchDocument {
  return {
    title: mention.title,
    text: mention.text,
    sourceIds: mention.sourceIds,
    sourceNames,
    platform: mention.platform,
    lang: mention.analysis?.lang ?? mention.language,
    sentiment: mention.analysis?.sentiment ?? null,
    url: mention.canonicalUrl,
    places: placeCodesOf(mention.analysis?.places ?? []),
    sectors: (mention.analysis?.sectors ?? []).map((s) => s.sector),
  };
}

/**
 * What the topic matcher sees of a mention a save inserted from `input` (as `matchDocumentOf`
 * of the row it stored, without reading it back).
 */
export function matchDocumentOfInput(input: MentionInput, sourceNames: string[]): MatchDocument {
  const deleted = input.deleted === true;
  return {
    title: deleted ? null : input.title,
    text: deleted ? '' : input.text,
    sourceIds: [],
    sourceNames,
    platform: input.platform,
    lang: input.analysis?.lang ?? input.language,
    sentiment: input.analysis?.sentiment ?? null,
    url: input.canonicalUrl,
    places: placeCodesOf(input.analysis?.places ?? []),
    sectors: (input.analysis?.sectors ?? []).map((s) => s.sector),
  };
}

/** Source id -> the name `source:` queries match: the source's title, else its URL. */
export async function sourceNamesById(store: Store): Promise<Map<number, string>> {
  const sources = await store.listSources();
  return new Map(sources.map((s) => [s.id, s.title ?? s.url]));
}

/** A stored mention prepared for topic matching, with the names of its sources. */
export function prepareStoredMention(
  mention: Mention,
  sourceNames: ReadonlyMap<number, string>,
): PreparedDocument {
  const names = mention.sourceIds.flatMap((id) => sourceNames.get(id) ?? []);
  return prepareDocument(matchDocumentOf(mention, names));
}

/** Adds a topic to an index with its limits; false when its stored query no longer parses. */
export function addTopic(index: TopicIndex, topic: Topic): boolean {
  try {
    index.add(topic.id, parseQuery(topic.query), {
      langs: topic.langs ?? undefined,
      platforms: topic.platforms ?? undefined,
      sourceIds: topic.sourceIds ?? undefined,
    });
    return true;
  } catch {
    return false;
  }
}

/** Distinct ids of the mentions a saveMentions call gave this status, in batch order. */
export function mentionIdsWithStatus(saved: SaveMentionsResult, status: SaveStatus): number[] {
  return [...new Set(saved.ids.filter((_, i) => saved.statuses[i] === status))];
}

/** Ids of the mentions a saveMentions call inserted. */
export function newMentionIds(saved: SaveMentionsResult): number[] {
  return mentionIdsWithStatus(saved, 'new');
}

export interface TagSummary {
  mentions: number;
  /** Mentions that matched at least one topic. */
  matched: number;
  /** New (topic, mention) tags. */
  tags: number;
}

/** A mention to match: the stored one when it was read back (tags are published with it). */
interface PreparedMention {
  id: number;
  mention: Mention | null;
  prepared: PreparedDocument;
}

/** What a saveMentions call was given: its inputs, in order, and the source it named. */
export interface SavedBatch {
  inputs: readonly MentionInput[];
  sourceId: number | null;
}

export interface TopicTaggerOptions {
  store: Store & ListeningStore;
  events?: ListeningEvents | null;
}

export class TopicTagger {
  private index = new TopicIndex();
  private sourceNames = new Map<number, string>();
  private activeTopicIds: number[] = [];
  private version: number | null = null;

  constructor(private readonly options: TopicTaggerOptions) {}

  /** Number of active topics matched at ingest. */
  get topicCount(): number {
    return this.index.size;
  }

  /** Forces a rebuild before the next batch. */
  topicsChanged(): void {
    this.version = null;
  }

  /** Rebuilds the index when topics changed since it was built. */
  async refresh(): Promise<void> {
    const version = await this.options.store.topicsVersion();
    if (version === this.version) return;
    const index = new TopicIndex();
    const active: number[] = [];
    for (const topic of await this.options.store.listTopics()) {
      if (topic.status !== 'active') continue;
      if (addTopic(index, topic)) active.push(topic.id);
      else console.error(`topic #${topic.id} is skipped: its query no longer parses`);
    }
    this.activeTopicIds = active;
    this.sourceNames = await sourceNamesById(this.options.store);
    this.index = index;
    this.version = version;
  }

  /** Matches stored mentions against the active topics, tags them and publishes the tags. */
  async tagStored(mentions: Mention[]): Promise<TagSummary> {
    await this.refresh();
    if (this.index.size === 0 || mentions.length === 0) {
      return { mentions: mentions.length, matched: 0, tags: 0 };
    }
    return this.tagPrepared(
      mentions.map((mention) => ({
        id: mention.id,
        mention,
        prepared: prepareStoredMention(mention, this.sourceNames),
      })),
    );
  }

  private async tagPrepared(items: PreparedMention[]): Promise<TagSummary> {
    const summary: TagSummary = { mentions: items.length, matched: 0, tags: 0 };
    const pairs: [number, number][] = [];
    const matches: [Mention, number[]][] = [];
    for (const { id, mention, prepared } of items) {
      const topicIds = this.index.match(prepared) as number[];
      if (topicIds.length === 0) continue;
      summary.matched++;
      if (mention !== null) matches.push([mention, topicIds]);
      for (const topicId of topicIds) pairs.push([topicId, id]);
    }
    summary.tags = await this.options.store.tagPairs(pairs);
    for (const [mention, topicIds] of matches)
      this.options.events?.publishTagged(mention, topicIds);
    return summary;
  }

  /**
   * The mentions a save inserted, prepared for matching. Given the saved inputs, one inserted
   * once in the batch is prepared from its input; one the batch named twice (its second copy
   * may have edited it), or any when tags are published (listeners get the stored mention),
   * is read back.
   */
  private async newlySaved(
    saved: SaveMentionsResult,
    batch: SavedBatch | undefined,
  ): Promise<PreparedMention[]> {
    const ids = newMentionIds(saved);
    if (batch === undefined || this.options.events || batch.inputs.length !== saved.ids.length) {
      return (await this.read(ids)).map((mention) => ({
        id: mention.id,
        mention,
        prepared: prepareStoredMention(mention, this.sourceNames),
      }));
    }
    const times = new Map<number, number>();
    for (const id of saved.ids) times.set(id, (times.get(id) ?? 0) + 1);
    const names =
      batch.sourceId === null
        ? []
        : [this.sourceNames.get(batch.sourceId)].filter((n) => n !== undefined);
    const fromInput = new Map<number, PreparedDocument>();
    saved.ids.forEach((id, i) => {
      if (saved.statuses[i] !== 'new' || times.get(id) !== 1) return;
      const doc = matchDocumentOfInput(batch.inputs[i]!, names);
      if (batch.sourceId !== null) doc.sourceIds = [batch.sourceId];
      fromInput.set(id, prepareDocument(doc));
    });
    const read = new Map(
      (await this.read(ids.filter((id) => !fromInput.has(id)))).map((m) => [m.id, m]),
    );
    return ids.flatMap((id): PreparedMention[] => {
      const prepared = fromInput.get(id);
      if (prepared !== undefined) return [{ id, mention: null, prepared }];
      const mention = read.get(id);
      return mention === undefined
        ? []
        : [{ id, mention, prepared: prepareStoredMention(mention, this.sourceNames) }];
    });
  }

  /**
   * Tags the mentions a saveMentions call inserted, and matches the ones it updated (edited or
   * emptied by a deletion) again: active topics they no longer match lose them (the collector's
   * hook). With the inputs it saved, the new ones are matched from those, not read back.
   */
  async tagSaved(saved: SaveMentionsResult, batch?: SavedBatch): Promise<TagSummary> {
    await this.refresh();
    const updatedIds = mentionIdsWithStatus(saved, 'updated');
    // No active topic: nothing to tag, and no tag of an active topic to take off.
    if (this.index.size === 0) {
      return { mentions: newMentionIds(saved).length + updatedIds.length, matched: 0, tags: 0 };
    }
    const summary = await this.tagPrepared(await this.newlySaved(saved, batch));
    const updated = await this.read(updatedIds);
    if (updated.length === 0) return summary;
    const again = await this.tagStored(updated);
    const stale: [number, number][] = [];
    for (const mention of updated) {
      const matching = new Set(this.index.match(prepareStoredMention(mention, this.sourceNames)));
      for (const topicId of this.activeTopicIds) {
        if (!matching.has(topicId)) stale.push([topicId, mention.id]);
      }
    }
    await this.options.store.untagPairs(stale);
    return {
      mentions: summary.mentions + again.mentions,
      matched: summary.matched + again.matched,
      tags: summary.tags + again.tags,
    };
  }

  /**
   * Reads mentions back in batch order. A batch's new mentions have consecutive ids, so runs
   * of near ids are read with one range scan each rather than one query per mention.
   */
  private async read(ids: number[]): Promise<Mention[]> {
    if (ids.length === 0) return [];
    const wanted = new Set(ids);
    const byId = new Map<number, Mention>();
    const sorted = [...wanted].sort((a, b) => a - b);
    for (let start = 0; start < sorted.length; ) {
      let end = start;
      while (end + 1 < sorted.length && sorted[end + 1]! - sorted[end]! <= MAX_READ_GAP) end++;
      const first = sorted[start]!;
      const span = sorted[end]! - first + 1;
      for (const mention of await this.options.store.scanMentions(first - 1, span)) {
        if (wanted.has(mention.id)) byId.set(mention.id, mention);
      }
      start = end + 1;
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}

/** Ids closer than this are read in one range, skipping the few between them. */
const MAX_READ_GAP = 8;
