// Sitemaps may be served as `.xml.gz` files whose bytes are still gzipped after HTTP decoding
// (Content-Type application/gzip, no Content-Encoding). Detect them by magic bytes, not by name.
import { constants, gunzipSync } from 'node:zlib';

/** The sitemap protocol's limit on an uncompressed sitemap file. */
export const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;

export class SitemapSizeError extends Error {
  constructor(readonly limit: number) {
    super(`sitemap larger than ${limit} bytes uncompressed`);
    this.name = 'SitemapSizeError';
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Returns the sitemap's XML bytes: gunzipped when they are gzip, unchanged otherwise.
 * Throws SitemapSizeError past `maxBytes` (compressed or not), so a gzip bomb cannot exhaust memory.
 */
export function sitemapXmlBytes(bytes: Buffer, maxBytes: number = MAX_SITEMAP_BYTES): Buffer {
  if (!isGzip(bytes)) {
    if (bytes.length > maxBytes) throw new SitemapSizeError(maxBytes);
    return bytes;
  }
  try {
    // Sync flush keeps what a truncated download did deliver instead of failing outright.
    return gunzipSync(bytes, { maxOutputLength: maxBytes, finishFlush: constants.Z_SYNC_FLUSH });
  } catch (error) {
    if (error instanceof RangeError || isBufferTooLarge(error))
      throw new SitemapSizeError(maxBytes);
    throw error;
  }
}

function isBufferTooLarge(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === 'ERR_BUFFER_TOO_LARGE'
  );
}
