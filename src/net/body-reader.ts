// Reads a response body with our own decompression so the size limit applies to what we
// actually hold in memory: a few kilobytes of gzip that inflate to gigabytes are stopped as
// soon as the inflated bytes pass the limit, and an endless raw stream is stopped too.
import { type Readable, Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
  type Inflate,
  type InflateRaw,
} from 'node:zlib';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export class BodyDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BodyDecodeError';
  }
}

/** Passes bytes through and fails once more than `limit` have gone by. */
function byteLimit(limit: number, onBytes: (total: number) => void): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      onBytes(seen);
      if (seen > limit) callback(new BodyTooLargeError(limit));
      else callback(null, chunk);
    },
  });
}

/**
 * "deflate" is meant to be zlib-wrapped (RFC 9110) but some servers send raw deflate; the
 * first two bytes tell which, so the real inflater is chosen on the first chunk.
 */
class DeflateEitherWay extends Transform {
  private inner: Inflate | InflateRaw | null = null;
  /** Bytes held until there are two to look at. */
  private head: Buffer = Buffer.alloc(0);

  private open(first: number, second: number): Inflate | InflateRaw {
    const zlibWrapped = (first & 0x0f) === 8 && ((first << 8) | second) % 31 === 0;
    const inner = zlibWrapped ? createInflate() : createInflateRaw();
    inner.on('data', (out: Buffer) => {
      if (!this.push(out)) inner.pause();
    });
    inner.on('error', (error) => this.destroy(error));
    return inner;
  }

  private feed(inner: Inflate | InflateRaw, chunk: Buffer, callback: TransformCallback) {
    if (inner.write(chunk)) callback();
    else inner.once('drain', () => callback());
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    if (this.inner) return this.feed(this.inner, chunk, callback);
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < 2) return callback();
    this.inner = this.open(this.head[0]!, this.head[1]!);
    const buffered = this.head;
    this.head = Buffer.alloc(0);
    this.feed(this.inner, buffered, callback);
  }

  override _read(size: number) {
    this.inner?.resume();
    super._read(size);
  }

  override _flush(callback: TransformCallback) {
    if (!this.inner && this.head.length > 0) {
      this.inner = this.open(this.head[0]!, 0);
      this.inner.write(this.head);
    }
    if (!this.inner) return callback();
    this.inner.once('end', () => callback());
    this.inner.end();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void) {
    this.inner?.destroy();
    callback(error);
  }
}

function decoderFor(coding: string): Transform | null {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return new DeflateEitherWay();
    case 'br':
      return createBrotliDecompress();
    case 'identity':
    case '':
      return null;
    default:
      throw new BodyDecodeError(`unsupported content-encoding "${coding}"`);
  }
}

/** Decoders for a Content-Encoding header, in the order they must run (last applied first). */
export function decodersFor(contentEncoding: string | null): Transform[] {
  if (!contentEncoding) return [];
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .reverse();
  return codings.map(decoderFor).filter((d): d is Transform => d !== null);
}

/**
 * Collects `body`, decoding `contentEncoding`, and fails with BodyTooLargeError as soon as
 * either the bytes on the wire or the decoded bytes exceed `maxBytes`, or BodyDecodeError
 * when the encoding is unknown or corrupt. Other stream errors (timeouts, resets) pass through.
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | null,
  maxBytes: number,
): Promise<Buffer> {
  let decoders: Transform[];
  try {
    decoders = decodersFor(contentEncoding);
  } catch (error) {
    body.on('error', () => undefined); // the abort that destroying causes is ours
    body.destroy();
    throw error;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let rawBytes = 0;
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) return callback(new BodyTooLargeError(maxBytes));
      chunks.push(chunk);
      callback();
    },
  });
  const stages = [body, byteLimit(maxBytes, (n) => (rawBytes = n)), ...decoders, collect];
  // The first stage to fail is the cause; the pipeline then destroys the others with the same
  // error. A decoder failing first means a corrupt body (zlib and brotli use many codes).
  let decoderFailedFirst = false;
  let failed = false;
  for (const stage of stages) {
    stage.once('error', () => {
      if (!failed) decoderFailedFirst = decoders.includes(stage as Transform);
      failed = true;
    });
  }
  try {
    await pipeline(stages);
  } catch (error) {
    // An empty body labelled as compressed (seen on 200s with no content) is just empty.
    const corrupt = decoderFailedFirst && !(error instanceof BodyTooLargeError);
    if (corrupt && rawBytes === 0) return Buffer.alloc(0);
    if (corrupt) {
      throw new BodyDecodeError(`corrupt ${contentEncoding} body`, { cause: error });
    }
    throw error;
  }
  return Buffer.concat(chunks, total);
}
