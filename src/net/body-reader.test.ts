import { Readable } from 'node:stream';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodyDecodeError, BodyTooLargeError, readBody } from './body-reader.js';

/** A body delivered in pieces of `size` bytes, as a slow network would. */
function inPieces(bytes: Buffer, size: number): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return Readable.from(pieces);
}

const text = Buffer.from('Hà Nội, Đà Nẵng, Thành phố Hồ Chí Minh. '.repeat(300));

describe('readBody', () => {
  const encoded: Array<[string, Buffer]> = [
    ['identity', text],
    ['gzip', gzipSync(text)],
    ['x-gzip', gzipSync(text)],
    ['deflate', deflateSync(text)],
    ['deflate', deflateRawSync(text)],
    ['br', brotliCompressSync(text)],
  ];
  for (const pieceSize of [1, 7, 65_536]) {
    it.each(encoded)(`decodes %s delivered in ${pieceSize}-byte pieces`, async (coding, bytes) => {
      const body = await readBody(inPieces(bytes, pieceSize), coding, 1024 * 1024);
      expect(body.equals(text)).toBe(true);
    });
  }

  it('limits decoded bytes', async () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024));
    await expect(readBody(inPieces(bomb, 4096), 'deflate', 1024 * 1024)).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
  });

  it('limits bytes on the wire even when they decode to nothing', async () => {
    // Raw deflate empty stored blocks: 5 bytes each, no output, forever.
    const emptyBlock = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);
    const endless = Readable.from(
      (function* () {
        for (;;) yield Buffer.concat(new Array<Buffer>(1000).fill(emptyBlock));
      })(),
    );
    await expect(readBody(endless, 'deflate', 64 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('rejects unknown and corrupt codings as decode errors', async () => {
    await expect(readBody(Readable.from([text]), 'compress', 1e6)).rejects.toBeInstanceOf(
      BodyDecodeError,
    );
    await expect(readBody(Readable.from([text]), 'br', 1e6)).rejects.toBeInstanceOf(
      BodyDecodeError,
    );
  });
});
