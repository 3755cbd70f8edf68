// Reads a response body with our own decompression so the size limit applies to what we
// actually hold in memory: a few kilobytes of gzip that inflate to gigabytes are stopped as
// soon as the inflated bytes pass the limit, and an endless raw stream is stopped too.
import { Transform, type TransformCallback, Writable } from 'node:stream';
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
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
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

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    if (!this.inner) {
      const first = chunk[0] ?? 0;
      const second = chunk[1] ?? 0;
      const zlibWrapped = (first & 0x0f) === 8 && ((first << 8) | second) % 31 === 0;
      const inner = zlibWrapped ? createInflate() : createInflateRaw();
      inner.on('data', (out: Buffer) => {
        if (!this.push(out)) inner.pause();
      });
      inner.on('error', (error) => this.destroy(error));
      this.inner = inner;
    }
    if (this.inner.write(chunk)) callback();
    else this.inner.once('drain', () => callback());
  }

  override _read(size: number) {
    this.inner?.resume();
    super._read(size);
  }

  override _flush(callback: TransformCallback) {
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

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR_BROTLI'));
}

/**
 * Collects `body`, decoding `contentEncoding`, and fails with BodyTooLargeError as soon as
 * either the bytes on the wire or the decoded bytes exceed `maxBytes`, or BodyDecodeError
 * when the encoding is unknown or corrupt. Other stream errors (timeouts, resets) pass through.
 */
export async function readBody(
  body: NodeJS.ReadableStream,
  contentEncoding: string | null,
  maxBytes: number,
): Promise<Buffer> {
  const decoders = decodersFor(contentEncoding);
  const chunks: Buffer[] = [];
  let total = 0;
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) return callback(new BodyTooLargeError(maxBytes));
      chunks.push(chunk);
      callback();
    },
  });
  try {
    await pipeline([body, byteLimit(maxBytes), ...decoders, collect]);
  } catch (error) {
    if (isZlibError(error)) {
      throw new BodyDecodeError(`corrupt ${contentEncoding} body`, { cause: error });
    }
    throw error;
  }
  return Buffer.concat(chunks, total);
}
