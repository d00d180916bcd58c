import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { DataSplit } from '../../lib/data/datasets';
import { head, subset, trainValidationSplit, validationSplit, validationSize } from '../../lib/data/split';
import { allocBatch, batchCount, epochOrder, fillBatch, forEachTensorBatch, iterateBatches, withTensorBatch } from '../../lib/data/batches';

/** A synthetic split whose example i has every pixel equal to i/1000 and label i % 10. */
function makeSplit(count: number, features = 6): DataSplit {
  const images = new Float32Array(count * features);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    images.fill(i / 1000, i * features, (i + 1) * features);
    labels[i] = i % 10;
  }
  return { images, labels, count, rows: 2, cols: features / 2, features };
}

const isSorted = (a: Int32Array) => a.every((v, i) => i === 0 || a[i - 1] < v);

test('validation split: exact sizes, disjoint, covering, sorted', () => {
  for (const [n, fraction, nVal] of [[60000, 0.1, 6000], [1000, 0.15, 150], [7, 0.5, 4], [10, 0, 0], [0, 0.2, 0]] as const) {
    assert.equal(validationSize(n, fraction), nVal);
    const s = validationSplit(n, fraction, 42);
    assert.equal(s.validation.length, nVal);
    assert.equal(s.train.length, n - nVal);
    assert.ok(isSorted(s.train) && isSorted(s.validation));
    const seen = new Uint8Array(n);
    for (const i of s.train) seen[i]++;
    for (const i of s.validation) seen[i]++;
    assert.ok(seen.every(c => c === 1), 'every index exactly once');
  }
});

test('validation split: same seed → same split; different seed → different split', () => {
  const a = validationSplit(1000, 0.2, 7), b = validationSplit(1000, 0.2, 7), c = validationSplit(1000, 0.2, 8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.validation, c.validation);
  // Not simply the first or last examples.
  assert.ok(a.validation[0] < 100 && a.validation[a.validation.length - 1] > 900);
});

test('validation split: limit keeps a seeded subset of the training part, validation unchanged', () => {
  const full = validationSplit(1000, 0.1, 3);
  const lim = validationSplit(1000, 0.1, 3, { limit: 250 });
  assert.equal(lim.train.length, 250);
  assert.deepEqual(lim.validation, full.validation);
  const inTrain = new Set(full.train);
  assert.ok(lim.train.every(i => inTrain.has(i)));
  assert.equal(validationSplit(1000, 0.1, 3, { limit: 5000 }).train.length, 900);
  assert.throws(() => validationSplit(10, 1, 0), RangeError);
  assert.throws(() => validationSplit(10, -0.1, 0), RangeError);
});

test('subset, head and trainValidationSplit copy the right examples', () => {
  const split = makeSplit(50);
  const sub = subset(split, [4, 0, 49]);
  assert.equal(sub.count, 3);
  assert.deepEqual(Array.from(sub.labels), [4, 0, 9]);
  assert.deepEqual(Array.from(sub.images.subarray(0, 6)), new Array(6).fill(Math.fround(0.004)));
  assert.equal(sub.images[2 * 6 + 5], Math.fround(0.049));
  assert.throws(() => subset(split, [50]), RangeError);
  const h = head(split, 10);
  assert.equal(h.count, 10);
  assert.equal(h.images.length, 60);
  assert.equal(h.images.buffer, split.images.buffer);

  const tv = trainValidationSplit(split, 0.2, 'seed');
  assert.equal(tv.train.count, 40);
  assert.equal(tv.validation.count, 10);
  for (let i = 0; i < tv.validation.count; i++) {
    const j = tv.indices.validation[i];
    assert.equal(tv.validation.labels[i], split.labels[j]);
    assert.equal(tv.validation.images[i * 6], split.images[j * 6]);
  }
});

test('epoch order: a seeded permutation per epoch', () => {
  const a0 = epochOrder(100, 1, 0), b0 = epochOrder(100, 1, 0), a1 = epochOrder(100, 1, 1);
  assert.deepEqual(a0, b0);
  assert.notDeepEqual(a0, a1);
  assert.deepEqual(Array.from(a0).sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
  const idx = Int32Array.from([5, 10, 15, 20]);
  const o = epochOrder(idx, 1, 0);
  assert.deepEqual(Array.from(o).sort((x, y) => x - y), [5, 10, 15, 20]);
  assert.deepEqual(Array.from(idx), [5, 10, 15, 20], 'input not shuffled in place');
});

test('fillBatch copies inputs, one-hot targets and labels into reusable buffers', () => {
  const split = makeSplit(25);
  const order = epochOrder(25, 9, 0);
  const buf = allocBatch(10, 6);
  assert.equal(batchCount(25, 10), 3);
  const seen: number[] = [];
  const sizes: number[] = [];
  for (const b of iterateBatches(split, order, 10, buf)) {
    assert.equal(b, buf, 'same buffers every batch');
    sizes.push(b.size);
    for (let i = 0; i < b.size; i++) {
      const j = order[b.start + i];
      seen.push(j);
      assert.equal(b.xs[i * 6 + 3], split.images[j * 6]);
      assert.equal(b.labels[i], j % 10);
      const row = Array.from(b.ys.subarray(i * 10, (i + 1) * 10));
      assert.deepEqual(row, row.map((_, k) => (k === j % 10 ? 1 : 0)));
    }
  }
  assert.deepEqual(sizes, [10, 10, 5]);
  assert.deepEqual(seen, Array.from(order));
  assert.equal(fillBatch(split, order, 25, buf), 0);
  assert.throws(() => fillBatch(split, order, 0, allocBatch(4, 7)), RangeError);
});

test('tensor batches: correct shapes and values, and no leaked tensors', async () => {
  await tf.setBackend('cpu');
  const split = makeSplit(23);
  const order = epochOrder(23, 2, 0);
  const before = tf.memory().numTensors;
  const shapes: number[][] = [];
  await forEachTensorBatch(split, order, 8, async ({ xs, ys, size, index }) => {
    shapes.push([...xs.shape, ...ys.shape, size, index]);
    const labels = tf.tidy(() => ys.argMax(1));
    const got = Array.from(await labels.data());
    labels.dispose();
    assert.deepEqual(got, Array.from(order.subarray(index * 8, index * 8 + size)).map(j => j % 10));
    const x = await xs.data();
    assert.equal(x[0], split.images[order[index * 8] * 6]);
  });
  assert.deepEqual(shapes, [[8, 6, 8, 10, 8, 0], [8, 6, 8, 10, 8, 1], [7, 6, 7, 10, 7, 2]]);
  assert.equal(tf.memory().numTensors, before, 'no tensors left behind');

  // Disposed even when the callback throws.
  await assert.rejects(withTensorBatch(split, order, 0, 8, () => { throw new Error('boom'); }), /boom/);
  assert.equal(tf.memory().numTensors, before);

  // Tensors don't alias the reusable buffers: a later batch doesn't change an earlier batch's data.
  const buf = allocBatch(4, 6);
  const kept = await withTensorBatch(split, order, 0, 4, ({ xs }) => tf.clone(xs), buf);
  const first = Array.from(await kept.data());
  await withTensorBatch(split, order, 4, 4, () => undefined, buf);
  assert.deepEqual(Array.from(await kept.data()), first);
  kept.dispose();
  assert.equal(tf.memory().numTensors, before);
});
