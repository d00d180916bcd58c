// IDX files (the MNIST format): big-endian header, then unsigned bytes. Images: magic 0x00000803, count, rows, cols;
// labels: magic 0x00000801, count. Raw or gzip (detected by the 1f 8b header). Every error is one line naming the file.
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

export type IdxKind = 'images' | 'labels';

/** A one-line, user-facing data error (missing, corrupt, inconsistent file). Its message always names the file. */
export class DataError extends Error {
  override name = 'DataError';
}

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols unsigned bytes, row-major. */
  data: Uint8Array;
}

export interface IdxLabels {
  count: number;
  data: Uint8Array;
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/** True if the buffer starts with the gzip header 1f 8b. */
export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/**
 * The uncompressed IDX bytes: gunzipped when the buffer has the gzip header (or the name ends in .gz), else as is.
 * `name` is used only in error messages.
 */
export function decompressIdx(buf: Buffer, name: string): Buffer {
  const gz = isGzip(buf);
  if (!gz && !name.endsWith('.gz')) return buf;
  if (!gz) throw new DataError(`${name}: corrupt gzip: no gzip header (first bytes ${buf.subarray(0, 4).toString('hex') || 'none'})`);
  try {
    return gunzipSync(buf);
  } catch (err) {
    throw new DataError(`${name}: corrupt gzip: ${(err as Error).message.split('\n')[0]}`);
  }
}

function checkHeader(buf: Buffer, name: string, kind: IdxKind): void {
  const dims = kind === 'images' ? 3 : 1;
  const magic = kind === 'images' ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC;
  const headerBytes = 4 + 4 * dims;
  if (buf.length < 4) throw new DataError(`${name}: truncated: expected at least ${headerBytes} header bytes, found ${buf.length}`);
  const found = buf.readUInt32BE(0);
  if (found === magic) {
    if (buf.length < headerBytes) throw new DataError(`${name}: truncated: expected at least ${headerBytes} header bytes, found ${buf.length}`);
    return;
  }
  // Same ubyte type but a different dimension count: say so plainly (e.g. a labels file given as images).
  if (buf[0] === 0 && buf[1] === 0 && buf[2] === 0x08) {
    throw new DataError(`${name}: wrong dimension count ${buf[3]} (magic ${hex(found)}; expected ${dims} for ${kind}, magic ${hex(magic)})`);
  }
  throw new DataError(`${name}: wrong magic ${hex(found)} (expected ${hex(magic)} for ${kind})`);
}

function checkLength(buf: Buffer, name: string, expected: number): void {
  if (buf.length < expected) throw new DataError(`${name}: truncated: expected ${expected} bytes, found ${buf.length}`);
  if (buf.length > expected) throw new DataError(`${name}: trailing data: expected ${expected} bytes, found ${buf.length}`);
}

/** Parse an IDX images file (raw or gzip). */
export function parseIdxImages(input: Buffer, name = 'images'): IdxImages {
  const buf = decompressIdx(input, name);
  checkHeader(buf, name, 'images');
  const count = buf.readUInt32BE(4), rows = buf.readUInt32BE(8), cols = buf.readUInt32BE(12);
  if (rows === 0 || cols === 0) throw new DataError(`${name}: bad image size ${rows}x${cols}`);
  checkLength(buf, name, 16 + count * rows * cols);
  return { count, rows, cols, data: new Uint8Array(buf.buffer, buf.byteOffset + 16, count * rows * cols) };
}

/** Parse an IDX labels file (raw or gzip). */
export function parseIdxLabels(input: Buffer, name = 'labels'): IdxLabels {
  const buf = decompressIdx(input, name);
  checkHeader(buf, name, 'labels');
  const count = buf.readUInt32BE(4);
  checkLength(buf, name, 8 + count);
  return { count, data: new Uint8Array(buf.buffer, buf.byteOffset + 8, count) };
}

function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(`${path}: ${code === 'ENOENT' ? 'missing' : `cannot read (${code ?? (err as Error).message})`}`);
  }
}

/** Read and parse an IDX images file; errors name `path`. */
export function readIdxImages(path: string): IdxImages {
  return parseIdxImages(readFile(path), path);
}

/** Read and parse an IDX labels file; errors name `path`. */
export function readIdxLabels(path: string): IdxLabels {
  return parseIdxLabels(readFile(path), path);
}

/** Encode images (count × rows × cols bytes) as an IDX file; gzip it with `gzip: true`. For tests and fixtures. */
export function encodeIdxImages(data: ArrayLike<number>, count: number, rows: number, cols: number, opts: { gzip?: boolean } = {}): Buffer {
  if (data.length !== count * rows * cols) throw new Error(`encodeIdxImages: ${data.length} bytes for ${count}x${rows}x${cols}`);
  const buf = Buffer.alloc(16 + data.length);
  buf.writeUInt32BE(IDX_IMAGES_MAGIC, 0);
  buf.writeUInt32BE(count, 4);
  buf.writeUInt32BE(rows, 8);
  buf.writeUInt32BE(cols, 12);
  buf.set(data, 16);
  return opts.gzip ? gzipSync(buf) : buf;
}

/** Encode labels as an IDX file; gzip it with `gzip: true`. For tests and fixtures. */
export function encodeIdxLabels(labels: ArrayLike<number>, opts: { gzip?: boolean } = {}): Buffer {
  const buf = Buffer.alloc(8 + labels.length);
  buf.writeUInt32BE(IDX_LABELS_MAGIC, 0);
  buf.writeUInt32BE(labels.length, 4);
  buf.set(labels, 8);
  return opts.gzip ? gzipSync(buf) : buf;
}
