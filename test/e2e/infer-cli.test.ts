// `npm run export` and `npm run predict`: bad input fails before any work with one line (never touching existing
// files); a saved model exports to a file that predict runs, with --json ending stdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { sparseDense } from '../../lib/layers/sparse-dense';
import { fileSystemHandler } from '../../lib/layers/file-io';
import { runCli, lastJson } from '../fixtures/cli';
import { scratchDir } from '../fixtures/scratch';

const dir = scratchDir('infer-cli-');
const modelDir = path.join(dir, 'saved');
const ready = (async () => {
  await tf.setBackend('cpu');
  const model = tf.sequential({
    layers: [
      sparseDense({ units: 32, inputShape: [784], activation: 'relu', topology: { kind: 'random', density: 0.05, seed: 3 } }),
      sparseDense({ units: 10, topology: { kind: 'regular', density: 0.5, seed: 4 } }),
    ],
  });
  await model.save(fileSystemHandler(modelDir));
  model.dispose();
})();

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function assertOneLine(r: { status: number | null; stderr: string; stdout: string }, status: number, pattern: RegExp): void {
  assert.equal(r.status, status, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], pattern);
}

test('export: bad input exits 2 with one line and leaves an existing --out untouched', { timeout: 60_000 }, async () => {
  await ready;
  const existing = path.join(dir, 'existing.spff');
  fs.writeFileSync(existing, 'keep me');
  for (const [args, pattern] of [
    [['--out', existing], /--model DIR is required/],
    [['--model', modelDir], /--out FILE is required/],
    [['--model', path.join(dir, 'nope'), '--out', path.join(dir, 'a.spff')], /holds no saved model \(model\.json missing\)/],
    [['--model', modelDir, '--out', existing], /already exists; pass --overwrite/],
    [['--model', modelDir, '--out', path.join(dir, 'a.spff'), '--values', 'int4'], /--values must be one of float32, float16, int8/],
    [['--model', modelDir, '--out', path.join(dir, 'missing-dir', 'a.spff')], /^export: --out .*a\.spff: folder .*missing-dir does not exist$/],
  ] as [string[], RegExp][]) {
    const r = await runCli('export', args);
    assertOneLine(r, 2, pattern);
    assert.equal(r.stdout, '');
  }
  assert.equal(fs.readFileSync(existing, 'utf8'), 'keep me');
});

test('export → predict: --json summaries; predict rejects a corrupted file naming it', { timeout: 120_000 }, async () => {
  await ready;
  const file = path.join(dir, 'model.spff');
  const ex = await runCli('export', ['--model', modelDir, '--out', file, '--values', 'float16', '--json']);
  assert.equal(ex.status, 0, ex.stderr);
  const summary = lastJson(ex.stdout);
  assert.equal(summary.bytes, fs.statSync(file).size);
  assert.equal(summary.denseBytes, 4 * (784 * 32 + 32 + 32 * 10 + 10));
  assert.deepEqual(summary.layers.map((l: { storage: string }) => l.storage), ['spec', 'spec']);

  const pr = await runCli('predict', ['--model', file, '--dataset', 'mnist', '--limit', '300', '--batch', '64', '--json']);
  assert.equal(pr.status, 0, pr.stderr);
  const result = lastJson(pr.stdout);
  assert.equal(result.examples, 300);
  // An untrained seeded model: 45 of the first 300 test images, the same with either kernel (argmax of equal logits).
  assert.equal(result.accuracy, 0.15);
  assert.equal(result.batchedAgreesWithBatch1, 1);
  assert.ok(result.batch1.medianUs > 0 && result.batched.batch === 64);

  const corrupted = path.join(dir, 'corrupted.spff');
  const bytes = fs.readFileSync(file);
  bytes[bytes.length >> 1] ^= 1;
  fs.writeFileSync(corrupted, bytes);
  assertOneLine(await runCli('predict', ['--model', corrupted]), 1, new RegExp(`${corrupted.replace(/[.]/g, '\\.')}: checksum mismatch`));
  fs.writeFileSync(corrupted, bytes.subarray(0, 50));
  assertOneLine(await runCli('predict', ['--model', corrupted]), 1, /corrupted\.spff: truncated: 50 of/);
});

test('predict: bad input exits 2 with one line before any work', { timeout: 60_000 }, async () => {
  for (const [args, pattern] of [
    [[], /--model FILE is required/],
    [['--model', path.join(dir, 'absent.spff')], /^predict: --model .*absent\.spff: missing$/],
    [['--model', dir], /^predict: --model .*: is a directory, not a regular file$/],
    [['--model', '/dev/zero'], /^predict: --model \/dev\/zero: is a character device, not a regular file$/],
    [['--model', 'x', '--dataset', 'cifar'], /--dataset must be one of mnist, fashion-mnist/],
    [['--model', 'x', '--limit', '0'], /--limit must be >= 1/],
    [['--model', 'x', '--kernel', 'gpu'], /--kernel must be one of auto, native, typescript/],
  ] as [string[], RegExp][]) {
    const r = await runCli('predict', args);
    assertOneLine(r, 2, pattern);
    assert.equal(r.stdout, '');
  }
});
