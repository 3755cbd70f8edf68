// Live sources: a connector whose platform streams (Jetstream, Mastodon streaming) follows a
// source as a long-lived connection besides, or instead of, polling it. What it receives goes
// through `emit` into the same ingest path as a poll; sockets come from the context, so the
// connector never opens one itself and every connection obeys the installation's address rules.
import type { CollectedMention, Source } from '../model.js';
import type { CollectContext, Connector } from './connector.js';

/** An open WebSocket as a sequence of text messages; the sequence ends when the server closes. */
export interface StreamSocket extends AsyncIterable<string> {
  send(text: string): void;
  close(): void;
}

export interface OpenWebSocketOptions {
  headers?: Readonly<Record<string, string>>;
  signal: AbortSignal;
}

/** Connects; rejects with a one-line reason (refused upgrade with its status, blocked address). */
export type OpenWebSocket = (url: string, options: OpenWebSocketOptions) => Promise<StreamSocket>;

/** A long-lived HTTP response read line by line (X's filtered stream); blank lines included. */
export interface LineStreamOptions {
  headers?: Readonly<Record<string, string>>;
  signal: AbortSignal;
  /** The connection fails when nothing, not even a keep-alive, arrives for this long (ms). */
  idleMs: number;
}

/** Connects; rejects with the status and the body's first line when the server refuses. */
export type OpenLineStream = (
  url: string,
  options: LineStreamOptions,
) => Promise<AsyncIterable<string>>;

export interface StreamBatch {
  mentions: CollectedMention[];
  /** Where a restart resumes once these mentions are stored; undefined keeps the cursor. */
  cursor?: string | null;
}

export interface StreamContext extends Omit<CollectContext, 'signal'> {
  signal: AbortSignal;
  /** The source's cursor as last committed (fresher than `source.cursor` after a reconnect). */
  cursor: string | null;
  openWebSocket: OpenWebSocket;
  /** Streaming HTTP responses, where the installation provides them. */
  openLineStream?: OpenLineStream;
  /**
   * Hands received items to ingest, batched by the caller. Resolves at once unless ingest is
   * behind, so a connector that awaits it reads its socket no faster than the store writes.
   */
  emit(batch: StreamBatch): Promise<void>;
  /** The connection is up and subscribed: reconnect backoff starts over. */
  connected(): void;
}

export interface StreamingConnector extends Connector {
  /** Whether this source is followed live (a setting or its kind of follow says so). */
  streams(source: Source): boolean;
  /**
   * Follows the source until `context.signal` aborts (resolves) or the connection ends or fails
   * (resolves or rejects; the caller reconnects with backoff).
   */
  stream(source: Source, context: StreamContext): Promise<void>;
}

export function isStreamingConnector(connector: Connector): connector is StreamingConnector {
  const candidate = connector as Partial<StreamingConnector>;
  return typeof candidate.streams === 'function' && typeof candidate.stream === 'function';
}
