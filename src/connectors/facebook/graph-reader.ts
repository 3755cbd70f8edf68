// The reading loop Facebook's and Instagram's body parsers share: a body is a list page
// (`{"data": […]}`), one node, or a `?ids=` map of nodes; the platform reader says what a list
// and a node hold. Persons it meets are masked in every mention once the body is read.
import type { CollectedMention, Platform } from '../../model.js';
import { isObject, type JsonObject, parseJsonBody, str } from '../social/json-fields.js';
import { PersonMasker } from '../social/person-privacy.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import {
  type GraphEdge,
  type GraphPlatform,
  graphEdge,
  isGraphPersonKey,
  readGraphBodies,
} from './graph-body.js';

/**
 * An `@handle` typed rather than tagged: Instagram usernames (up to 30 letters, digits, `_` and
 * `.`, not ending in a period), often copied into Facebook posts too.
 */
const HANDLE_MENTION =
  /(?<![\p{L}\p{N}_.@])@(?<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)/gu;

/** The first few field names of an object, for an error that says what the body held. */
export function fieldList(value: JsonObject): string {
  return Object.keys(value).slice(0, 8).join(', ') || 'none';
}

export abstract class GraphBodyReader {
  readonly mentions: CollectedMention[] = [];
  readonly masker = new PersonMasker({
    dropKey: isGraphPersonKey,
    mentions: [{ pattern: HANDLE_MENTION, replacement: 'user' }],
  });

  constructor(
    protected readonly platform: GraphPlatform,
    protected readonly url: string | undefined,
  ) {}

  /** What the error for a body that is none of these calls it (`not a … body`). */
  protected abstract readonly bodyName: string;
  protected abstract list(value: JsonObject): void;
  protected abstract node(value: JsonObject, edge: GraphEdge | null): void;

  /** Reads a body the platform shapes its own way; true when it did. */
  protected special(_value: JsonObject): boolean {
    return false;
  }

  protected unreadable(reason: string): UnreadableBodyError {
    return new UnreadableBodyError(this.platform, reason);
  }

  body(value: JsonObject): void {
    if (Array.isArray(value.data)) {
      this.list(value);
      return;
    }
    if (value.data !== undefined) throw this.unreadable('"data" is not a list');
    if (this.special(value)) return;
    if (str(value.id) !== null) {
      this.node(value, graphEdge(value, this.url));
      return;
    }
    // `?ids=a,b` answers one node per requested id, keyed by it.
    const nodes = Object.values(value);
    if (nodes.length > 0 && nodes.every((n) => isObject(n) && str(n.id) !== null)) {
      for (const node of nodes) this.node(node as JsonObject, null);
      return;
    }
    throw this.unreadable(`not ${this.bodyName} body (fields: ${fieldList(value)})`);
  }
}

/** Every mention of a response body (batch responses included), persons masked. */
export function parseGraphBody(
  platform: GraphPlatform & Platform,
  body: string,
  reader: GraphBodyReader,
): CollectedMention[] {
  const json = parseJsonBody(platform, body);
  readGraphBodies(platform, json, (value) => reader.body(value));
  return reader.masker.apply(reader.mentions);
}
