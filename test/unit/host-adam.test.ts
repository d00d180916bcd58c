// HostAdam applies tfjs's Adam rule on the host: same trajectory as tf.train.adam, and moments that can be remapped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { HostAdam } from '../../lib/optim/host-adam';
import { makeRng, randNormal } from '../../lib/base/random';

function problem(seed: number) {
  const rng = makeRng(seed, 'adam-test');
  const data = (n: number) => Float32Array.from({ length: n }, () => randNormal(rng));
  return { w0: data(40), b0: data(5), x: tf.tensor2d(data(16 * 8), [16, 8]), y: tf.tensor2d(data(16 * 5), [16, 5]) };
}

function train(optimizer: tf.Optimizer, steps: number, p: ReturnType<typeof problem>, tag: string) {
  const w = tf.variable(tf.tensor2d(p.w0, [8, 5]), true, `w-${tag}`);
  const b = tf.variable(tf.tensor1d(p.b0), true, `b-${tag}`);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = optimizer.minimize(() => tf.losses.meanSquaredError(p.y, tf.add(tf.matMul(p.x, w), b)) as tf.Scalar, true)!;
    losses.push(loss.dataSync()[0]);
    loss.dispose();
  }
  const out = { w: Array.from(w.dataSync()), b: Array.from(b.dataSync()), losses };
  w.dispose(); b.dispose();
  return out;
}

test('HostAdam follows tf.train.adam step for step', async () => {
  await tf.setBackend('cpu');
  const p = problem(1);
  const reference = train(tf.train.adam(0.01), 50, p, 'ref');
  const host = train(new HostAdam(0.01), 50, p, 'host');
  const close = (a: number[], b: number[]) => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= 1e-5 * Math.max(1, Math.abs(b[i])), `${v} vs ${b[i]} at ${i}`));
  close(host.losses, reference.losses);
  close(host.w, reference.w);
  close(host.b, reference.b);
  assert.ok(host.losses[49] < host.losses[0] / 2, 'the loss falls');
});

test('a zero gradient leaves a weight exactly where it is', async () => {
  await tf.setBackend('cpu');
  const v = tf.variable(tf.tensor1d([1, 2, 3]), true, 'frozen-entries');
  const opt = new HostAdam(0.1);
  for (let i = 0; i < 5; i++) opt.applyGradients({ 'frozen-entries': tf.tensor1d([0, 1, 0]) });
  const after = Array.from(v.dataSync());
  assert.equal(after[0], 1);
  assert.equal(after[2], 3);
  assert.ok(after[1] < 2);
  v.dispose();
});

test('remapState moves moments with their entries and zeroes new ones', async () => {
  await tf.setBackend('cpu');
  const v = tf.variable(tf.tensor1d([0, 0, 0]), true, 'remapped');
  const opt = new HostAdam(0.1);
  opt.applyGradients({ remapped: tf.tensor1d([1, 2, 3]) });
  const before = opt.momentsOf('remapped')!;
  const m = Array.from(before.m), s = Array.from(before.v);
  opt.remapState('remapped', Int32Array.from([2, -1, 0]));
  const after = opt.momentsOf('remapped')!;
  assert.deepEqual(Array.from(after.m), [m[2], 0, m[0]]);
  assert.deepEqual(Array.from(after.v), [s[2], 0, s[0]]);
  v.dispose();
});
