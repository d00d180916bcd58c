import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mnistDataDir, STANDARD_FILE_NAMES } from '../../lib/data/datasets';
import { scratchDir } from '../fixtures/scratch';

const root = resolve(__dirname, '..', '..');

function runData(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('npx', ['tsx', 'lib/cli/data.ts', ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** stderr lines that are ours (npm may add its own config warnings). */
const errorLines = (stderr: string) => stderr.split('\n').filter(l => l.trim() && !l.startsWith('npm warn'));

test('data --dataset mnist --json: one JSON object on the last line with the canonical counts', () => {
  const r = runData(['--dataset', 'mnist', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const out = JSON.parse(lines[lines.length - 1]);
  assert.equal(out.dataset, 'mnist');
  assert.equal(out.train.count, 60000);
  assert.equal(out.test.count, 10000);
  assert.deepEqual(out.train.labelCounts, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  assert.deepEqual(out.test.labelCounts, [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  assert.ok(Math.abs(out.train.pixelMean - 0.1307) < 1e-3);
  assert.equal(out.files.length, 4);
  for (const f of out.files) {
    assert.match(f.sha256, /^[0-9a-f]{64}$/);
    assert.equal(typeof f.name, 'string');
    assert.equal(typeof f.bytes, 'number');
  }
});

test('data --dataset mnist: a human-readable table', () => {
  const r = runData(['--dataset', 'mnist']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^train\s+60000\s+28x28\s+0\.1307\s+5923\s+6742/m);
  assert.match(r.stdout, /^test\s+10000\s+28x28\s+0\.1325\s+980\s+1135/m);
  assert.match(r.stdout, /^t10k-labels-idx1-ubyte\s+[0-9a-f]{64}\s+10008 bytes$/m);
});

test('data on a truncated mnist copy (--dir): exit 1 and one stderr line naming the file', () => {
  const dir = scratchDir('mnist-bad-');
  const src = mnistDataDir();
  for (const name of Object.values(STANDARD_FILE_NAMES)) {
    if (name === STANDARD_FILE_NAMES.testImages) {
      writeFileSync(join(dir, name), readFileSync(join(src, name)).subarray(0, 5_000_000));
    } else {
      copyFileSync(join(src, name), join(dir, name));
    }
  }
  let r;
  try {
    r = runData(['--dataset', 'mnist', '--dir', dir, '--json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(r.status, 1);
  const lines = errorLines(r.stderr);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /t10k-images-idx3-ubyte: truncated: expected 7840016 bytes, found 5000000$/);
  assert.equal(r.stdout.trim(), '');
});

test('data for fashion-mnist with a missing directory (FASHION_MNIST_DIR): exit 1, one line naming file and package', () => {
  const parent = scratchDir('fashion-');
  const r = runData(['--dataset', 'fashion-mnist'], { FASHION_MNIST_DIR: join(parent, 'absent') });
  rmSync(parent, { recursive: true, force: true });
  assert.equal(r.status, 1);
  const lines = errorLines(r.stderr);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /train-images-idx3-ubyte\[\.gz\]: missing \(.*dataset-fashion-mnist/);
});

test('data with a bad --dataset: usage error, exit 2', () => {
  const r = runData(['--dataset', 'cifar']);
  assert.equal(r.status, 2);
  assert.match(errorLines(r.stderr)[0], /--dataset must be one of mnist, fashion-mnist/);
});
