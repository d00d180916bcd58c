// Issue #13, items 2 and 9: a gzip bomb, a label file linked to /dev/zero, a FIFO, a symlink loop and an empty split
// are each refused with one line naming the file, before the data is inflated, read or trained on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { encodeIdxImages, encodeIdxLabels, parseIdxImages } from '../../lib/data/idx';
import { loadIdxDataset, STANDARD_FILE_NAMES } from '../../lib/data/datasets';
import { gunzipAtMost, gunzipHead } from '../../lib/base/gunzip-bounded';
import { runCli } from '../fixtures/cli';
import { scratchDir } from '../fixtures/scratch';

const tmp = () => scratchDir('data-bombs-');

/** A gzip stream of a valid images header declaring `count` 28×28 images followed by `zeros` bytes of zeros. */
function imagesBomb(count: number, zeros: number): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x803, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(28, 8);
  header.writeUInt32BE(28, 12);
  const chunk = Buffer.alloc(1 << 20);
  const parts = [header];
  for (let left = zeros; left > 0; left -= chunk.length) parts.push(left >= chunk.length ? chunk : chunk.subarray(0, left));
  return zlib.gzipSync(Buffer.concat(parts));
}

/** A dataset folder of four valid files (10 train and 5 test images of 2×2), with `replace` applied to it. */
function datasetDir(replace: (dir: string) => void = () => {}): string {
  const dir = tmp();
  const write = (name: string, bytes: Buffer) => fs.writeFileSync(path.join(dir, name), bytes);
  write(STANDARD_FILE_NAMES.trainImages, encodeIdxImages(new Uint8Array(40), 10, 2, 2));
  write(STANDARD_FILE_NAMES.trainLabels, encodeIdxLabels(new Uint8Array(10)));
  write(STANDARD_FILE_NAMES.testImages, encodeIdxImages(new Uint8Array(20), 5, 2, 2));
  write(STANDARD_FILE_NAMES.testLabels, encodeIdxLabels(new Uint8Array(5)));
  replace(dir);
  return dir;
}

test('gunzipHead reads a header without inflating the rest; gunzipAtMost stops at its bound', () => {
  const gz = zlib.gzipSync(Buffer.concat([Buffer.from('HEADER'), Buffer.alloc(8 << 20)]));
  assert.deepEqual(gunzipHead(gz, 6), Buffer.from('HEADER'));
  assert.equal(gunzipAtMost(gz, 6 + (8 << 20)).length, 6 + (8 << 20));
  assert.throws(() => gunzipAtMost(gz, 1000), { name: 'GunzipLimitError', message: 'decompresses to more than 1000 bytes' });
});

test('a gzip bomb (a valid header declaring 10 images, then 64 MiB of zeros) is refused at the declared size', () => {
  const bomb = imagesBomb(10, 64 << 20);
  assert.ok(bomb.length < 100_000, `the bomb is small (${bomb.length} bytes)`);
  assert.throws(() => parseIdxImages(bomb, 'x.gz'), { message: `x.gz: trailing data: decompresses to more than the ${16 + 10 * 784} bytes its header declares` });
});

test('a header declaring more than the data-file limit is refused before inflating anything', () => {
  assert.throws(() => parseIdxImages(imagesBomb(2_000_000, 0), 'big.gz'),
    { message: 'big.gz: its header declares 1.5 GiB, more than the 1.0 GiB a data file may have' });
});

test('special files and loops in a dataset folder: one line naming the file', () => {
  const cases: [(dir: string) => void, (dir: string) => string][] = [
    [dir => { fs.rmSync(path.join(dir, STANDARD_FILE_NAMES.trainLabels)); fs.symlinkSync('/dev/zero', path.join(dir, STANDARD_FILE_NAMES.trainLabels)); },
      dir => `${path.join(dir, STANDARD_FILE_NAMES.trainLabels)}: is a character device, not a regular file`],
    [dir => { fs.rmSync(path.join(dir, STANDARD_FILE_NAMES.trainLabels)); execFileSync('mkfifo', [path.join(dir, STANDARD_FILE_NAMES.trainLabels)]); },
      dir => `${path.join(dir, STANDARD_FILE_NAMES.trainLabels)}: is a FIFO (named pipe), not a regular file`],
    [dir => { const f = path.join(dir, STANDARD_FILE_NAMES.testImages); fs.rmSync(f); fs.symlinkSync(f, f); },
      dir => `${path.join(dir, STANDARD_FILE_NAMES.testImages)}: a symlink loop (too many levels of symbolic links)`],
    [dir => { const f = path.join(dir, STANDARD_FILE_NAMES.testImages); fs.rmSync(f); fs.mkdirSync(f); },
      dir => `${path.join(dir, STANDARD_FILE_NAMES.testImages)}: is a directory, not a regular file`],
    [dir => { fs.writeFileSync(path.join(dir, STANDARD_FILE_NAMES.trainImages), encodeIdxImages([], 0, 2, 2)); fs.writeFileSync(path.join(dir, STANDARD_FILE_NAMES.trainLabels), encodeIdxLabels([])); },
      dir => `${path.join(dir, STANDARD_FILE_NAMES.trainImages)}: holds no examples (count 0)`],
  ];
  for (const [replace, message] of cases) {
    const dir = datasetDir(replace);
    assert.throws(() => loadIdxDataset(dir, STANDARD_FILE_NAMES, { cache: false }), { name: 'DataError', message: message(dir) });
  }
  assert.equal(loadIdxDataset(datasetDir(), STANDARD_FILE_NAMES, { cache: false }).train.count, 10);
});

test('npm run data and npm run train on a folder with a gzip bomb, a FIFO label file or an empty split: exit 1, one line', { timeout: 120_000 }, async () => {
  const bomb = datasetDir(dir => {
    fs.rmSync(path.join(dir, STANDARD_FILE_NAMES.trainImages));
    fs.writeFileSync(path.join(dir, `${STANDARD_FILE_NAMES.trainImages}.gz`), imagesBomb(10, 256 << 20));
  });
  const fifo = datasetDir(dir => { fs.rmSync(path.join(dir, STANDARD_FILE_NAMES.trainLabels)); execFileSync('mkfifo', [path.join(dir, STANDARD_FILE_NAMES.trainLabels)]); });
  const empty = datasetDir(dir => {
    fs.writeFileSync(path.join(dir, STANDARD_FILE_NAMES.trainImages), encodeIdxImages([], 0, 2, 2));
    fs.writeFileSync(path.join(dir, STANDARD_FILE_NAMES.trainLabels), encodeIdxLabels([]));
  });
  const expected: [string[], Record<string, string>, string][] = [
    [['--dir', bomb], {}, `data: ${path.join(bomb, STANDARD_FILE_NAMES.trainImages)}.gz: trailing data: decompresses to more than the 7856 bytes its header declares`],
    [['--dir', fifo], {}, `data: ${path.join(fifo, STANDARD_FILE_NAMES.trainLabels)}: is a FIFO (named pipe), not a regular file`],
    [['--dir', empty], {}, `data: ${path.join(empty, STANDARD_FILE_NAMES.trainImages)}: holds no examples (count 0)`],
  ];
  for (const [args, env, line] of expected) {
    const r = await runCli('data', args, env);
    assert.equal(r.stderr, `${line}\n`);
    assert.equal(r.status, 1);
  }
  const train = await runCli('train', ['--epochs', '1', '--arch', '4'], { MNIST_DIR: empty });
  assert.equal(train.stderr, `train: ${path.join(empty, STANDARD_FILE_NAMES.trainImages)}: holds no examples (count 0)\n`);
  assert.equal(train.status, 1);
});
