// SparseDense: masked and sparse modes are the same function with the same init; gradients match dense maths;
// fan-in-aware init keeps the activation scale; explicit CSR and config round trips keep the exact graph.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { SparseDense, sparseDense } from '../../lib/layers/sparse-dense';
import { gatherFromKernel, kernelMask } from '../../lib/layers/edge-values';
import { makeRng, randNormal } from '../../lib/base/random';
import { generate } from '../../lib/topology/registry';
import type { TopologySpec } from '../../lib/topology/spec';
import type { TopologyConfig } from '../../lib/layers/topology-config';
import type { Csr } from '../../lib/topology/csr';

const ready = tf.setBackend('cpu');

function randomInput(batch: number, n: number, seed: number): tf.Tensor2D {
  const rng = makeRng(seed, 'test-input');
  return tf.tensor2d(Float32Array.from({ length: batch * n }, () => randNormal(rng)), [batch, n]);
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= tol * Math.max(1, Math.abs(expected[i])))) assert.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

function built(mode: 'masked' | 'sparse', nIn: number, units: number, topology: TopologyConfig, activation: 'linear' | 'relu' = 'linear', seed?: number): SparseDense {
  const layer = sparseDense({ units, topology, activation, mode, seed });
  layer.build([null, nIn]);
  return layer;
}

test('masked and sparse modes: bit-identical init and equal forward outputs', async () => {
  await ready;
  const spec: TopologySpec = { kind: 'random', density: 0.3, seed: 11 };
  for (const activation of ['linear', 'relu'] as const) {
    const masked = built('masked', 20, 12, spec, activation);
    const sparse = built('sparse', 20, 12, spec, activation);
    assert.deepEqual(masked.csr, sparse.csr);
    assert.deepEqual(masked.edgeValues(), sparse.edgeValues());
    // Stored masked kernel is exactly zero off the graph.
    const kernel = masked.getWeights()[0].dataSync();
    const mask = kernelMask(masked.csr);
    for (let i = 0; i < kernel.length; i++) if (mask[i] === 0) assert.equal(kernel[i], 0);
    const x = randomInput(7, 20, 1);
    const ym = (masked.apply(x) as tf.Tensor).dataSync();
    const ys = (sparse.apply(x) as tf.Tensor).dataSync();
    assertClose(ys, ym, 1e-5, `y (${activation})`);
    assert.ok(ym.some(v => v !== 0));
  }
});

test('gradients w.r.t. input and weights agree between modes and with dense maths', async () => {
  await ready;
  const nIn = 6, units = 4, batch = 3;
  const spec: TopologySpec = { kind: 'random', density: 0.5, seed: 5 };
  const x = randomInput(batch, nIn, 2);
  const r = randomInput(batch, units, 3); // loss = Σ y·r, so dL/dy = r
  const grads = (layer: SparseDense) => {
    const vars = layer.trainableWeights.map(w => w.read() as tf.Variable);
    const loss = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, r)) as tf.Scalar;
    const { grads: g } = tf.variableGrads(() => loss(x), vars);
    const dx = tf.grad(loss)(x);
    return { dW: g[vars[0].name].dataSync(), dBias: g[vars[1].name].dataSync(), dx: dx.dataSync() };
  };
  const masked = built('masked', nIn, units, spec);
  const sparse = built('sparse', nIn, units, spec);
  const gm = grads(masked), gs = grads(sparse);
  const csr = sparse.csr;

  // Masked kernel gradient: exactly 0 off the graph; on the graph it equals the sparse values' gradient.
  const mask = kernelMask(csr);
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) assert.ok(gm.dW[i] === 0, `dKernel[${i}] = ${gm.dW[i]}`); // ±0
  assertClose(gs.dW, gatherFromKernel(csr, gm.dW), 1e-5, 'dValues vs masked dKernel');
  assertClose(gs.dx, gm.dx, 1e-5, 'dx');
  assertClose(gs.dBias, gm.dBias, 1e-6, 'dBias');

  // Dense-maths reference in float64: dV[k] = Σ_b r[b,j]·x[b,i], dX[b,i] = Σ_j r[b,j]·W[j,i], dBias[j] = Σ_b r[b,j].
  const xs = x.dataSync(), rs = r.dataSync(), w = sparse.edgeValues();
  const dV = new Float64Array(w.length), dX = new Float64Array(batch * nIn), dB = new Float64Array(units);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < units; j++) {
      dB[j] += rs[b * units + j];
      for (let k = csr.rowPtr[j]; k < csr.rowPtr[j + 1]; k++) {
        dV[k] += rs[b * units + j] * xs[b * nIn + csr.colIdx[k]];
        dX[b * nIn + csr.colIdx[k]] += rs[b * units + j] * w[k];
      }
    }
  }
  assertClose(gs.dW, dV, 1e-5, 'dValues vs reference');
  assertClose(gs.dx, dX, 1e-5, 'dx vs reference');
  assertClose(gs.dBias, dB, 1e-5, 'dBias vs reference');
});

test('fan-in-aware init: a 10% layer has the pre-activation scale of a dense one', async () => {
  await ready;
  const x = randomInput(64, 784, 4);
  const std = (t: tf.Tensor) => tf.tidy(() => Math.sqrt(tf.moments(t).variance.dataSync()[0]));
  const dense = built('masked', 784, 300, { kind: 'dense', density: 1, seed: 1 });
  const sparse = built('sparse', 784, 300, { kind: 'random', density: 0.1, seed: 1 });
  const sDense = std(dense.apply(x) as tf.Tensor);
  const sSparse = std(sparse.apply(x) as tf.Tensor);
  // He-uniform by actual fan-in: Var(y) ≈ 2·E[x²] = 2 for both (dense-scaled init would give a ratio of ~0.32).
  assert.ok(Math.abs(sSparse / sDense - 1) < 0.2, `std sparse ${sSparse} vs dense ${sDense}`);
  assert.ok(Math.abs(sDense - Math.SQRT2) < 0.2 * Math.SQRT2, `dense std ${sDense}`);
  // Each row's values lie within its own fan-in limit.
  const { rowPtr } = sparse.csr, v = sparse.edgeValues();
  for (let j = 0; j < 300; j++) {
    const limit = Math.sqrt(6 / (rowPtr[j + 1] - rowPtr[j]));
    for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) assert.ok(Math.abs(v[k]) <= limit);
  }
});

test('explicit CSR topology given as plain arrays', async () => {
  await ready;
  // 4 inputs → 3 outputs; row 1 has no inputs at all.
  const topology = { nIn: 4, nOut: 3, rowPtr: [0, 2, 2, 5], colIdx: [0, 3, 0, 1, 2] };
  for (const mode of ['masked', 'sparse'] as const) {
    const layer = sparseDense({ units: 3, topology, mode, seed: 9, useBias: false });
    const x = tf.tensor2d([[1, 2, 3, 4], [-1, 0.5, 0, 2]]);
    const y = (layer.apply(x) as tf.Tensor).dataSync();
    assert.deepEqual(Array.from(layer.csr.rowPtr), topology.rowPtr);
    assert.deepEqual(Array.from(layer.csr.colIdx), topology.colIdx);
    assert.equal(layer.nnz, 5);
    const v = layer.edgeValues();
    const expected = [
      1 * v[0] + 4 * v[1], 0, 1 * v[2] + 2 * v[3] + 3 * v[4],
      -1 * v[0] + 2 * v[1], 0, -1 * v[2] + 0.5 * v[3] + 0 * v[4],
    ];
    assertClose(y, expected, 1e-6, `${mode} y`);
    // Effective kernel in Dense layout [nIn, units]: the values at (col, row), exact zeros elsewhere.
    const k = layer.effectiveKernel();
    assert.deepEqual(k.shape, [4, 3]);
    const kd = k.dataSync();
    assert.deepEqual(Array.from(kd), [v[0], 0, v[2], 0, 0, v[3], 0, 0, v[4], v[1], 0, 0]);
  }
  assert.throws(() => sparseDense({ units: 3, topology }), /seed/);
  assert.throws(() => sparseDense({ units: 3, topology, seed: 1 }).build([null, 5]), /4→3 but the layer is 5→3/);
});

test('getConfig → fromConfig restores the realised graph and the same init', async () => {
  await ready;
  const spec: TopologySpec = { kind: 'random', density: 0.2, seed: 3 };
  const unbuilt = sparseDense({ units: 10, topology: spec, activation: 'relu', mode: 'masked' });
  assert.deepEqual(unbuilt.getConfig().topology, spec);

  for (const mode of ['masked', 'sparse'] as const) {
    const layer = built(mode, 15, 10, spec, 'relu');
    const config = JSON.parse(JSON.stringify(layer.getConfig()));
    assert.deepEqual(config.topologySpec, spec);
    assert.equal(config.mode, mode);
    const copy = SparseDense.fromConfig(SparseDense, config) as SparseDense;
    copy.build([null, 15]);
    assert.deepEqual(copy.csr.rowPtr, layer.csr.rowPtr);
    assert.deepEqual(copy.csr.colIdx, layer.csr.colIdx);
    const x = randomInput(4, 15, 8);
    assert.deepEqual((copy.apply(x) as tf.Tensor).dataSync(), (layer.apply(x) as tf.Tensor).dataSync());
  }
});

test('setTopology: pruning keeps surviving weights (masked), rewiring and nnz change (sparse)', async () => {
  await ready;
  const spec: TopologySpec = { kind: 'random', density: 0.5, seed: 4 };
  const masked = built('masked', 8, 5, spec);
  const before = masked.edgeValues(), old = masked.csr;
  // Keep every second edge.
  const keep = Array.from(old.colIdx.keys()).filter(k => k % 2 === 0);
  const rows: number[][] = Array.from({ length: 5 }, () => []);
  for (let j = 0; j < 5; j++) for (let k = old.rowPtr[j]; k < old.rowPtr[j + 1]; k++) if (k % 2 === 0) rows[j].push(old.colIdx[k]);
  const rowPtr = new Int32Array(6);
  rows.forEach((r, j) => { rowPtr[j + 1] = rowPtr[j] + r.length; });
  const pruned: Csr = { nIn: 8, nOut: 5, rowPtr, colIdx: Int32Array.from(rows.flat()) };
  masked.setTopology(pruned);
  assert.equal(masked.nnz, keep.length);
  assert.deepEqual(masked.edgeValues(), Float32Array.from(keep.map(k => before[k])));
  const kernel = masked.getWeights()[0].dataSync(), mask = kernelMask(pruned);
  for (let i = 0; i < kernel.length; i++) if (mask[i] === 0) assert.equal(kernel[i], 0);

  const sparse = built('sparse', 8, 5, spec);
  const rewired = generate({ ...spec, seed: 99 }, 8, 5);
  assert.equal(rewired.colIdx.length, sparse.nnz);
  sparse.setTopology(rewired, new Float32Array(sparse.nnz).fill(0.5));
  assert.deepEqual(sparse.csr.colIdx, rewired.colIdx);
  // Sparse mode changes nnz too (its values variable is re-created at the new length; lib/sparsity tests cover more).
  sparse.setTopology(pruned);
  assert.equal(sparse.nnz, keep.length);
  assert.equal(sparse.getWeights()[0].size, keep.length);
});
