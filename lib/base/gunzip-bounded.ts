// Decompressing gzip without trusting it: a 3 MB file can inflate to 3 GiB of zeros. The caller reads the first few
// bytes (a header that declares the real size) with gunzipHead, then inflates the whole stream with gunzipAtMost,
// which stops with an error as soon as the output passes what the header declared.
import * as zlib from 'node:zlib';

export class GunzipLimitError extends Error {
  override name = 'GunzipLimitError';
}

/** Compressed bytes searched for the head: a gzip header's optional name and comment fields must fit in them. */
export const HEAD_SEARCH_BYTES = 64 * 1024;
// Inflating a prefix 256 bytes longer can add at most 256 × 1032 bytes (deflate's largest ratio): about 264 KB.
const STEP = 256;

/**
 * The first `n` decompressed bytes (fewer if the stream is shorter), inflating growing prefixes of the input so that
 * no more than about 264 KB of output is ever produced. Throws zlib's error for a corrupt stream.
 */
export function gunzipHead(gz: Uint8Array, n: number): Buffer {
  const limit = Math.min(gz.length, HEAD_SEARCH_BYTES);
  for (let prefix = Math.min(STEP, limit); ; prefix = Math.min(prefix + STEP, limit)) {
    const out = zlib.gunzipSync(gz.subarray(0, prefix), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    if (out.length >= n) return out.subarray(0, n);
    if (prefix === limit) {
      if (limit < gz.length) throw new GunzipLimitError(`the first ${n} decompressed bytes are not within the first ${HEAD_SEARCH_BYTES} compressed bytes`);
      return out;
    }
  }
}

/** The whole decompressed stream, which must not exceed `maxBytes`: a GunzipLimitError as soon as it does. */
export function gunzipAtMost(gz: Uint8Array, maxBytes: number): Buffer {
  try {
    return zlib.gunzipSync(gz, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new GunzipLimitError(`decompresses to more than ${maxBytes} bytes`);
    throw err;
  }
}
