import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DataError, encodeIdxImages, encodeIdxLabels, isGzip, parseIdxImages, parseIdxLabels, readIdxImages, readIdxLabels,
} from '../../lib/data/idx';
import { scratchDir } from '../fixtures/scratch';

const rows = 3, cols = 2, count = 4;
const pixels = Uint8Array.from({ length: count * rows * cols }, (_, i) => (i * 37) % 256);
const labels = Uint8Array.from([3, 0, 9, 1]);

/** Assert `fn` throws a one-line DataError whose message starts with `name: ` and matches `pattern`. */
function throwsOneLine(fn: () => unknown, name: string, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DataError, `expected DataError, got ${err}`);
    assert.ok(!err.message.includes('\n'), `multi-line message: ${err.message}`);
    assert.ok(err.message.startsWith(`${name}: `), `message does not name ${name}: ${err.message}`);
    assert.match(err.message, pattern);
    return true;
  });
}

test('images and labels round trip, raw and gzipped, from buffers and files', () => {
  const dir = scratchDir('idx-');
  for (const gzip of [false, true]) {
    const imgBuf = encodeIdxImages(pixels, count, rows, cols, { gzip });
    const lblBuf = encodeIdxLabels(labels, { gzip });
    assert.equal(isGzip(imgBuf), gzip);
    const img = parseIdxImages(imgBuf, 'x');
    assert.deepEqual({ count: img.count, rows: img.rows, cols: img.cols }, { count, rows, cols });
    assert.deepEqual(Array.from(img.data), Array.from(pixels));
    const lbl = parseIdxLabels(lblBuf, 'y');
    assert.equal(lbl.count, count);
    assert.deepEqual(Array.from(lbl.data), Array.from(labels));

    // Files: gzip is found by its header, whatever the name says.
    const imgPath = join(dir, `img${gzip ? '.gz' : ''}`);
    const lblPath = join(dir, `lbl-no-ext-${gzip}`);
    writeFileSync(imgPath, imgBuf);
    writeFileSync(lblPath, lblBuf);
    assert.deepEqual(Array.from(readIdxImages(imgPath).data), Array.from(pixels));
    assert.deepEqual(Array.from(readIdxLabels(lblPath).data), Array.from(labels));
  }
  rmSync(dir, { recursive: true, force: true });
});

test('an empty (count 0) file parses', () => {
  assert.equal(parseIdxImages(encodeIdxImages([], 0, 28, 28)).count, 0);
  assert.equal(parseIdxLabels(encodeIdxLabels([])).count, 0);
});

test('truncated files name the file and give expected vs found bytes', () => {
  const img = encodeIdxImages(pixels, count, rows, cols);
  throwsOneLine(() => parseIdxImages(img.subarray(0, img.length - 5), 't10k-images-idx3-ubyte'), 't10k-images-idx3-ubyte',
    new RegExp(`truncated: expected ${img.length} bytes, found ${img.length - 5}$`));
  const lbl = encodeIdxLabels(labels);
  throwsOneLine(() => parseIdxLabels(lbl.subarray(0, 9), 'lbl'), 'lbl', /truncated: expected 12 bytes, found 9$/);
  // Header cut short.
  throwsOneLine(() => parseIdxImages(img.subarray(0, 10), 'img'), 'img', /truncated: expected at least 16 header bytes, found 10/);
  throwsOneLine(() => parseIdxImages(Buffer.alloc(0), 'empty'), 'empty', /truncated/);
  // Truncated after gunzip (a whole gzip stream of a truncated file).
  throwsOneLine(() => parseIdxImages(gzipSync(img.subarray(0, 20)), 'img.gz'), 'img.gz', /truncated: expected 40 bytes, found 20/);
  // Trailing bytes are an error too.
  throwsOneLine(() => parseIdxLabels(Buffer.concat([lbl, Buffer.from([1])]), 'lbl'), 'lbl', /trailing data: expected 12 bytes, found 13/);
});

test('wrong magic names the file and both numbers', () => {
  const img = encodeIdxImages(pixels, count, rows, cols);
  const bad = Buffer.from(img);
  bad.writeUInt32BE(0x12345678, 0);
  throwsOneLine(() => parseIdxImages(bad, 'train-images-idx3-ubyte'), 'train-images-idx3-ubyte',
    /wrong magic 0x12345678 \(expected 0x00000803 for images\)/);
  const lbl = Buffer.from(encodeIdxLabels(labels));
  lbl.writeUInt32BE(0x00000d01, 0); // ubyte → float type
  throwsOneLine(() => parseIdxLabels(lbl, 'lbls'), 'lbls', /wrong magic 0x00000d01 \(expected 0x00000801 for labels\)/);
});

test('wrong dimension count: labels given as images and images as labels', () => {
  throwsOneLine(() => parseIdxImages(encodeIdxLabels(labels), 'labels-as-images'), 'labels-as-images',
    /wrong dimension count 1 .*expected 3 for images/);
  throwsOneLine(() => parseIdxLabels(encodeIdxImages(pixels, count, rows, cols), 'images-as-labels'), 'images-as-labels',
    /wrong dimension count 3 .*expected 1 for labels/);
});

test('corrupt gzip names the file', () => {
  const gz = encodeIdxImages(pixels, count, rows, cols, { gzip: true });
  throwsOneLine(() => parseIdxImages(gz.subarray(0, gz.length - 8), 'x.gz'), 'x.gz', /corrupt gzip/);
  const flipped = Buffer.from(gz);
  flipped[12] ^= 0xff;
  flipped[13] ^= 0xff;
  throwsOneLine(() => parseIdxImages(flipped, 'y.gz'), 'y.gz', /corrupt gzip/);
  // A .gz name without a gzip header.
  throwsOneLine(() => parseIdxImages(encodeIdxImages(pixels, count, rows, cols), 'z.gz'), 'z.gz', /corrupt gzip: no gzip header/);
});

test('a missing file names the path', () => {
  const path = join(tmpdir(), 'does-not-exist-idx-file');
  throwsOneLine(() => readIdxImages(path), path, /missing$/);
});
