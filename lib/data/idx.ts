// IDX files (the MNIST format): big-endian header, then unsigned bytes. Images: magic 0x00000803, count, rows, cols;
// labels: magic 0x00000801, count. Raw or gzip (detected by the 1f 8b header). Every error is one line naming the file.
// Only regular files are read (a FIFO or /dev/zero is refused), and no file may declare or hold more than
// MAX_BINARY_FILE_BYTES (lib/base/limits.ts).
import { gzipSync } from 'node:zlib';
import { formatBytes } from '../base/format-bytes';
import { GunzipLimitError, gunzipAtMost, gunzipHead } from '../base/gunzip-bounded';
import { MAX_BINARY_FILE_BYTES } from '../base/limits';
import { FileReadError, readRegularFile } from '../base/read-file';

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

const HEADER_BYTES: Record<IdxKind, number> = { images: 16, labels: 8 };

/** Bytes the header says the whole file has: header + count·rows·cols (images) or + count (labels). */
function declaredLength(header: Buffer, kind: IdxKind): number {
  const count = header.readUInt32BE(4);
  return kind === 'images' ? 16 + count * header.readUInt32BE(8) * header.readUInt32BE(12) : 8 + count;
}

function checkDeclared(declared: number, name: string): void {
  if (declared > MAX_BINARY_FILE_BYTES) {
    throw new DataError(`${name}: its header declares ${formatBytes(declared)}, more than the ${formatBytes(MAX_BINARY_FILE_BYTES)} a data file may have`);
  }
}

/**
 * The uncompressed IDX bytes: gunzipped when the buffer has the gzip header (or the name ends in .gz), else as is.
 * A gzip stream is inflated only up to the size its IDX header declares (read first, from the stream's head), so a
 * small file of compressed zeros cannot grow into gigabytes. `name` is used only in error messages.
 */
function idxBytes(input: Buffer, name: string, kind: IdxKind): Buffer {
  const gz = isGzip(input);
  if (!gz && !name.endsWith('.gz')) return input;
  if (!gz) throw new DataError(`${name}: corrupt gzip: no gzip header (first bytes ${input.subarray(0, 4).toString('hex') || 'none'})`);
  const corrupt = (err: unknown) => new DataError(`${name}: corrupt gzip: ${(err as Error).message.split('\n')[0]}`);
  let head: Buffer;
  try { head = gunzipHead(input, HEADER_BYTES[kind]); } catch (err) { throw corrupt(err); }
  checkHeader(head, name, kind);
  const declared = declaredLength(head, kind);
  checkDeclared(declared, name);
  try {
    return gunzipAtMost(input, declared);
  } catch (err) {
    if (err instanceof GunzipLimitError) throw new DataError(`${name}: trailing data: decompresses to more than the ${declared} bytes its header declares`);
    throw corrupt(err);
  }
}

/** The IDX bytes of a raw or gzip buffer: header, image size and length checked against `kind`. */
function checkedIdx(input: Buffer, name: string, kind: IdxKind): Buffer {
  const buf = idxBytes(input, name, kind);
  checkHeader(buf, name, kind);
  if (kind === 'images') {
    const rows = buf.readUInt32BE(8), cols = buf.readUInt32BE(12);
    if (rows === 0 || cols === 0) throw new DataError(`${name}: bad image size ${rows}x${cols}`);
  }
  const declared = declaredLength(buf, kind);
  checkDeclared(declared, name);
  checkLength(buf, name, declared);
  return buf;
}

/** Parse an IDX images file (raw or gzip). */
export function parseIdxImages(input: Buffer, name = 'images'): IdxImages {
  const buf = checkedIdx(input, name, 'images');
  const count = buf.readUInt32BE(4), rows = buf.readUInt32BE(8), cols = buf.readUInt32BE(12);
  return { count, rows, cols, data: new Uint8Array(buf.buffer, buf.byteOffset + 16, count * rows * cols) };
}

/** Parse an IDX labels file (raw or gzip). */
export function parseIdxLabels(input: Buffer, name = 'labels'): IdxLabels {
  const buf = checkedIdx(input, name, 'labels');
  const count = buf.readUInt32BE(4);
  return { count, data: new Uint8Array(buf.buffer, buf.byteOffset + 8, count) };
}

/** The bytes of a data file: a regular file within MAX_BINARY_FILE_BYTES, or a DataError naming it. */
export function readDataFile(path: string): Buffer {
  try {
    return readRegularFile(path, MAX_BINARY_FILE_BYTES);
  } catch (err) {
    if (err instanceof FileReadError) throw new DataError(err.message);
    throw err;
  }
}

/** Read and parse an IDX images file; errors name `path`. */
export function readIdxImages(path: string): IdxImages {
  return parseIdxImages(readDataFile(path), path);
}

/** Read and parse an IDX labels file; errors name `path`. */
export function readIdxLabels(path: string): IdxLabels {
  return parseIdxLabels(readDataFile(path), path);
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
