// The native training engine against its oracle, the tfjs path (buildModel + trainStep + HostAdam, sparse mode):
// same initial weights, then 50 steps on real MNIST batches at 1%, 10% and 100% of the connections (784-300-100-10,
// dense output layer as the presets use), rewiring mid-run, RigL's grow ranking, evaluation, and argument checks.
//
// Tolerances and why. The two paths do the same float32 arithmetic in different orders (the engine's dense layers
// run a GEMM; exp/log come from different libraries), so results differ by rounding, not by method:
//  - per-step mean loss: relative 1e-5 (observed ≤ 5e-7).
//  - weights and biases: absolute 5e-5 = lr/20. Adam moves every weight by about lr = 1e-3 per step whatever the
//    gradient's size, so any error in the update (a wrong gradient sign or mask, epsilon, step count, bias
//    correction, a missed or extra step) shows up as differences of order lr on many weights; rounding moves a
//    weight by far less (observed ≤ 5e-6: Adam divides by sqrt(v) + 1e-7, so gradients near 1e-7 amplify rounding).
//  - Adam moments: relative 1e-4 of the variable's largest moment (they are averages of those gradients).
//  - correct predictions: equal per step (a near-tie of two logits within rounding could flip one; none does here).
// Where the engine must equal itself (one call vs many, a schedule vs setLearningRate, the grow top-k vs its own dense
// gradient) the comparison is exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/base/tfjs-backend';
import { loadDataset, type DataSplit } from '../../lib/data/datasets';
import { allocBatch, epochOrder, fillBatch } from '../../lib/data/batches';
import { allocateDensities } from '../../lib/topology/allocation';
import { networkSpecs } from '../../lib/topology/network';
import { generate } from '../../lib/topology/registry';
import { csrFromRows, nnz, type Csr } from '../../lib/topology/csr';
import { buildModel, sparseLayers } from '../../lib/engine/tfjs-model';
import { trainStep } from '../../lib/engine/tfjs-step';
import { HostAdam } from '../../lib/optim/host-adam';
import { evaluate } from '../../lib/engine/tfjs-evaluate';
import { heUniformFanIn } from '../../lib/layers/init';
import { edgeSourceIndex } from '../../lib/layers/edge-values';
import type { SparseDense } from '../../lib/layers/sparse-dense';
import { rewire } from '../../lib/engine/tfjs-rewire';
import { denseKernelGradients } from '../../lib/engine/tfjs-dense-gradient';
import { keepLargest, setRewire, topK, edgePositions } from '../../lib/sparsity/select';
import { makeRng } from '../../lib/base/random';
import { engineAvailable, loadEngine, NativeTrainer, type EngineLayer } from '../../lib/engine/native';

const SIZES = [784, 300, 100, 10];
const BATCH = 128;
const LR = 1e-3;
const LOSS_RTOL = 1e-5;
const WEIGHT_ATOL = LR / 20;
// Moments average gradients that agree to rounding: relative to the largest moment of the variable.
const MOMENT_RTOL = 1e-4;
const skip = engineAvailable() ? false : `native engine unavailable: ${loadEngine().reason}`;

const data = skip ? undefined : loadDataset('mnist');
// 49 full batches and a short last one (37 examples), so the partial-batch path is part of every trajectory.
const ORDER = epochOrder(60000, 7, 1).slice(0, 49 * BATCH + 37);

interface Pair { model: tf.Sequential; layers: SparseDense[]; optimizer: HostAdam; trainer: NativeTrainer }

function biasOf(layer: SparseDense): Float32Array {
  return Float32Array.from(layer.getWeights()[1].dataSync());
}

function engineLayers(layers: SparseDense[]): EngineLayer[] {
  return layers.map((l, i) => ({ csr: l.csr, values: l.edgeValues(), bias: biasOf(l), activation: i < layers.length - 1 ? 'relu' : 'linear' }));
}

async function pair(density: number, seed = 1, sizes = SIZES,
  specs = networkSpecs('random', allocateDensities(sizes, density, 'uniform', { denseOutput: true }), seed)): Promise<Pair> {
  await initBackend();
  const model = buildModel(sizes, specs, 'sparse');
  const layers = sparseLayers(model);
  const optimizer = new HostAdam(LR);
  const trainer = new NativeTrainer(engineLayers(layers), { learningRate: LR, epsilon: optimizer.epsilon });
  return { model, layers, optimizer, trainer };
}

function dispose(p: Pair): void {
  p.trainer.dispose();
  p.optimizer.dispose();
  p.model.dispose();
}

/** tfjs steps on batches [first, first + steps) of ORDER: [mean loss, correct] per step. */
function oracleSteps(p: Pair, split: DataSplit, first: number, steps: number): [number, number][] {
  const buf = allocBatch(BATCH, split.features);
  const out: [number, number][] = [];
  for (let s = first; s < first + steps; s++) {
    const size = fillBatch(split, ORDER, s * BATCH, buf);
    out.push(trainStep(p.model, p.optimizer, buf.xs, buf.ys, size, split.features, 10));
  }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function assertSameWeights(p: Pair, where: string): void {
  p.layers.forEach((layer, l) => {
    const dv = maxAbsDiff(layer.edgeValues(), p.trainer.values(l));
    const db = maxAbsDiff(biasOf(layer), p.trainer.bias(l));
    assert.ok(dv <= WEIGHT_ATOL && db <= WEIGHT_ATOL, `${where}: layer ${l} weights differ by ${dv}, biases by ${db}`);
  });
}

function assertSameSteps(oracle: [number, number][], stepLoss: Float64Array, correct: number, where: string): void {
  assert.equal(stepLoss.length, oracle.length);
  oracle.forEach(([loss], s) => {
    assert.ok(Math.abs(stepLoss[s] - loss) <= LOSS_RTOL * Math.abs(loss), `${where}: step ${s} loss ${stepLoss[s]} vs tfjs ${loss}`);
  });
  assert.equal(correct, oracle.reduce((n, [, hits]) => n + hits, 0), `${where}: correct predictions`);
}

/** Batches [first, first + steps) of ORDER on both paths: same per-step loss and correct counts, same weights. */
function assertTrainsAlike(p: Pair, first: number, steps: number, where: string): void {
  const oracle = oracleSteps(p, data!.train, first, steps);
  const r = p.trainer.trainBatches(data!.train, ORDER, first, steps, BATCH, { stepLoss: true });
  assertSameSteps(oracle, r.stepLoss!, r.correct, where);
  assertSameWeights(p, `${where}, after ${first + steps} steps`);
}

test('same seed, same initial weights: the engine holds exactly what SparseDense initialised', { skip }, async () => {
  const p = await pair(0.1);
  try {
    const specs = networkSpecs('random', allocateDensities(SIZES, 0.1, 'uniform', { denseOutput: true }), 1);
    p.layers.forEach((layer, l) => {
      const csr = generate(specs[l], SIZES[l], SIZES[l + 1]);
      assert.deepEqual(layer.csr, csr);
      assert.deepEqual(p.trainer.values(l), heUniformFanIn(csr, specs[l].seed));
      assert.deepEqual(p.trainer.values(l), layer.edgeValues());
      assert.deepEqual(p.trainer.bias(l), new Float32Array(SIZES[l + 1]));
    });
  } finally {
    dispose(p);
  }
});

for (const density of [0.01, 0.1, 1]) {
  test(`${density * 100}%: 50 steps (the last one short) agree with tfjs + HostAdam`, { skip, timeout: 120_000 }, async () => {
    const p = await pair(density);
    try {
      const oracle = oracleSteps(p, data!.train, 0, 50);
      const r = p.trainer.trainBatches(data!.train, ORDER, 0, 50, BATCH, { stepLoss: true });
      assert.deepEqual([r.steps, r.seen, r.stoppedAt], [50, 49 * BATCH + 37, null]);
      assertSameSteps(oracle, r.stepLoss!, r.correct, `${density}`);
      assert.ok(Math.abs(r.lossSum - oracle.reduce((s, [loss], i) => s + loss * (i < 49 ? BATCH : 37), 0)) <= LOSS_RTOL * r.lossSum);
      assertSameWeights(p, `${density} after 50 steps`);
      assert.equal(p.trainer.step, 50);
      // Adam's state follows HostAdam's too (moments scale like the gradient: compared relative to their largest).
      p.layers.forEach((layer, l) => {
        const [values, bias] = layer.trainableWeights.map(w => p.optimizer.momentsOf(w.name)!);
        const mine = p.trainer.moments(l);
        for (const [a, b] of [[mine.m, values.m], [mine.v, values.v], [mine.biasM, bias.m], [mine.biasV, bias.v]]) {
          const scale = b.reduce((x, y) => Math.max(x, Math.abs(y)), 0);
          assert.ok(maxAbsDiff(a, b) <= MOMENT_RTOL * scale, `${density}: layer ${l} moments differ by ${maxAbsDiff(a, b)} (largest ${scale})`);
        }
      });
      const firstTest = Int32Array.from({ length: 2000 }, (_, i) => i);
      const e = p.trainer.evaluate(data!.test, firstTest, 500);
      const o = evaluate(p.model, data!.test, firstTest, 500);
      assert.ok(Math.abs(e.loss - o.loss) <= LOSS_RTOL * o.loss, `evaluate loss ${e.loss} vs ${o.loss}`);
      assert.equal(e.accuracy, o.accuracy);
    } finally {
      dispose(p);
    }
  });
}

test('a layer whose input is far larger than the caches (prefetching kernels, fused dX+dW pass) agrees too', { skip, timeout: 120_000 }, async () => {
  // 784-20000-20000-10 at fan-in 20: a 20000 × 128 activation is 10 MB, over the engine's 8 MB "far" threshold.
  const sizes = [784, 20000, 20000, 10];
  const p = await pair(0, 1, sizes, networkSpecs('regular', [20 / 784, 20 / 20000, 1], 1));
  try {
    assertTrainsAlike(p, 0, 10, 'far layers');
  } finally {
    dispose(p);
  }
});

test('10%: the tfjs path with the TypeScript kernels agrees too (subprocess: the kernel choice is per process)', { skip, timeout: 120_000 }, async () => {
  const script = path.join(__dirname, '..', 'fixtures', 'engine-oracle.ts');
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, '0.1', '20'], {
    env: { ...process.env, SPARSE_KERNELS: 'typescript' }, encoding: 'utf8', cwd: path.join(__dirname, '..', '..'),
  });
  assert.equal(run.status, 0, run.stderr);
  const oracle = JSON.parse(run.stdout.trim().split('\n').pop()!) as { steps: [number, number][]; values: number[][]; bias: number[][] };
  const p = await pair(0.1);
  try {
    const r = p.trainer.trainBatches(data!.train, ORDER, 0, 20, BATCH, { stepLoss: true });
    assertSameSteps(oracle.steps, r.stepLoss!, r.correct, 'typescript kernels');
    oracle.values.forEach((v, l) => assert.ok(maxAbsDiff(v, p.trainer.values(l)) <= WEIGHT_ATOL, `layer ${l} values`));
    oracle.bias.forEach((b, l) => assert.ok(maxAbsDiff(b, p.trainer.bias(l)) <= WEIGHT_ATOL, `layer ${l} bias`));
  } finally {
    dispose(p);
  }
});

test('one call of 20 steps is bit-identical to 20 calls of one step, and a rate schedule to setLearningRate', { skip, timeout: 60_000 }, async () => {
  const a = await pair(0.1), b = await pair(0.1), c = await pair(0.1);
  try {
    const rates = Float64Array.from({ length: 20 }, (_, s) => LR * (1 - s / 40));
    const whole = a.trainer.trainBatches(data!.train, ORDER, 0, 20, BATCH, { stepLoss: true, learningRates: rates });
    let correct = 0;
    for (let s = 0; s < 20; s++) {
      b.trainer.learningRate = rates[s];
      const r = b.trainer.trainBatches(data!.train, ORDER, s, 1, BATCH, { stepLoss: true });
      assert.equal(r.stepLoss![0], whole.stepLoss![s]);
      correct += r.correct;
    }
    assert.equal(correct, whole.correct);
    for (let l = 0; l < SIZES.length - 1; l++) {
      assert.deepEqual(b.trainer.values(l), a.trainer.values(l));
      assert.deepEqual(b.trainer.bias(l), a.trainer.bias(l));
      assert.deepEqual(b.trainer.moments(l), a.trainer.moments(l));
    }
    // The schedule changed the result (so the comparison above could fail).
    c.trainer.trainBatches(data!.train, ORDER, 0, 20, BATCH);
    assert.notDeepEqual(c.trainer.values(0), a.trainer.values(0));
  } finally {
    [a, b, c].forEach(dispose);
  }
});

/** A new graph for `layer`: its 70% largest edges plus as many random new ones (SET's rule), chosen from tfjs's state. */
function rewired(layer: SparseDense, seed: number): Csr {
  const drop = Math.round(0.3 * layer.nnz);
  return setRewire(layer.csr, layer.edgeValues(), drop, makeRng(seed, 'engine-test'));
}

test('10%: setTopology after 30 steps, then 20 more, agrees with rewire(layer, csr, HostAdam)', { skip, timeout: 120_000 }, async () => {
  const p = await pair(0.1);
  try {
    oracleSteps(p, data!.train, 0, 30);
    p.trainer.trainBatches(data!.train, ORDER, 0, 30, BATCH);
    for (const l of [0, 1]) {  // layer 1 also exercises the rebuilt transposed graph of dX
      const csr = rewired(p.layers[l], l + 1);
      const source = edgeSourceIndex(p.layers[l].csr, csr);
      const before = p.trainer.values(l), beforeMoments = p.trainer.moments(l), beforeBias = p.trainer.bias(l);
      rewire(p.layers[l], csr, p.optimizer);
      p.trainer.setTopology(l, csr);
      assert.deepEqual(p.trainer.csr(l), csr);
      const after = p.trainer.values(l), m = p.trainer.moments(l);
      assert.equal(after.length, nnz(csr));
      let fresh = 0;
      source.forEach((src, k) => {
        if (src < 0) {
          fresh++;
          assert.ok(after[k] === 0 && m.m[k] === 0 && m.v[k] === 0, `new edge ${k} starts at 0 with zero moments`);
        } else {
          assert.ok(after[k] === before[src] && m.m[k] === beforeMoments.m[src] && m.v[k] === beforeMoments.v[src], `kept edge ${k}`);
        }
      });
      assert.equal(fresh, Math.round(0.3 * before.length));
      assert.deepEqual(p.trainer.bias(l), beforeBias);
      assert.deepEqual(m.biasM, beforeMoments.biasM);
    }
    assertTrainsAlike(p, 30, 20, 'after rewiring');
  } finally {
    dispose(p);
  }
});

test('RigL grow: the dense gradient matches denseKernelGradients; the top-k is its ranking outside the kept set', { skip, timeout: 120_000 }, async () => {
  const p = await pair(0.1);
  try {
    const buf = allocBatch(BATCH, 784);
    const size = fillBatch(data!.train, ORDER, 0, buf);
    const oracle = denseKernelGradients(p.layers, { ...buf, size, features: 784, numClasses: 10 });
    const indices = ORDER.slice(0, BATCH);
    for (const l of [0, 1, 2]) {
      const { nIn, nOut } = p.layers[l].csr;
      const engine = p.trainer.denseGradient(l, data!.train, indices);
      // tfjs's layout is [nIn, nOut] (i·nOut + j), the engine's j·nIn + i; gradients compared relative to the largest.
      let scale = 0, diff = 0;
      for (let j = 0; j < nOut; j++) {
        for (let i = 0; i < nIn; i++) {
          scale = Math.max(scale, Math.abs(oracle[l][i * nOut + j]));
          diff = Math.max(diff, Math.abs(oracle[l][i * nOut + j] - engine[j * nIn + i]));
        }
      }
      assert.ok(diff <= 1e-5 * scale, `layer ${l}: dense gradient differs by ${diff} (largest ${scale})`);

      const kept = keepLargest(p.layers[l].csr, p.layers[l].edgeValues(), Math.round(0.7 * p.layers[l].nnz));
      const k = Math.max(1, Math.round(0.3 * p.layers[l].nnz));
      const grown = p.trainer.growCandidates(l, data!.train, indices, k, kept);
      const positions = Int32Array.from(grown.rows, (j, t) => j * nIn + grown.cols[t]);
      // Exact: the streaming top-k equals select.ts topK over the engine's own dense gradient (ties → lower position).
      const keptSet = new Set(edgePositions(kept));
      const candidates = Int32Array.from({ length: nIn * nOut }, (_, q) => q).filter(q => !keptSet.has(q));
      const own = topK(candidates, Float64Array.from(candidates, q => Math.abs(engine[q])), k);
      assert.deepEqual(positions, own);
      grown.scores.forEach((s, t) => assert.equal(s, Math.abs(engine[positions[t]])));
      // Against tfjs's ranking: the same set except where two gradients are within rounding of the k-th score (a
      // near-tie may order either way); such swaps must be rare.
      const theirs = topK(candidates, Float64Array.from(candidates, q => Math.abs(oracle[l][(q % nIn) * nOut + Math.floor(q / nIn)])), k);
      const kth = Math.abs(oracle[l][(theirs[0] % nIn) * nOut + Math.floor(theirs[0] / nIn)]);
      const scores = theirs.map(q => Math.abs(oracle[l][(q % nIn) * nOut + Math.floor(q / nIn)]));
      const threshold = Math.min(kth, ...Array.from(scores));
      const ours = new Set(positions), tfjs = new Set(theirs);
      const swapped = [...ours].filter(q => !tfjs.has(q)).concat([...tfjs].filter(q => !ours.has(q)));
      for (const q of swapped) {
        const g = Math.abs(oracle[l][(q % nIn) * nOut + Math.floor(q / nIn)]);
        assert.ok(Math.abs(g - threshold) <= 1e-5 * scale, `layer ${l}: position ${q} (|g| ${g}) swapped, k-th score ${threshold}`);
      }
      assert.ok(swapped.length <= 2 * Math.max(2, k / 1000), `layer ${l}: ${swapped.length} swaps`);
    }
  } finally {
    dispose(p);
  }
});

test('a non-finite loss stops the run at that batch and leaves the weights as they were', { skip }, async () => {
  const p = await pair(0.01);
  try {
    p.trainer.trainBatches(data!.train, ORDER, 0, 3, BATCH);
    const huge = new Float32Array(p.trainer.values(2).length).fill(3e38);
    p.trainer.setValues(2, huge);
    const before = p.trainer.values(0);
    const r = p.trainer.trainBatches(data!.train, ORDER, 3, 5, BATCH);
    assert.deepEqual([r.steps, r.seen, r.stoppedAt, p.trainer.step], [0, 0, 3, 3]);
    assert.deepEqual(p.trainer.values(0), before);
  } finally {
    dispose(p);
  }
});

test('bad arguments throw instead of reading out of bounds', { skip }, async () => {
  const csr = csrFromRows(4, [[0, 1], [2], [1, 3]]);
  const out = csrFromRows(3, [[0, 1, 2], [0, 1, 2]]);
  const layer = (c: Csr, activation: 'relu' | 'linear'): EngineLayer =>
    ({ csr: c, values: new Float32Array(nnz(c)).fill(0.1), bias: new Float32Array(c.nOut), activation });
  const good = () => [layer(csr, 'relu'), layer(out, 'linear')];
  const adam = { learningRate: 1e-3 };
  const split: DataSplit = { images: new Float32Array(5 * 4).fill(0.5), labels: Uint8Array.from([0, 1, 0, 1, 1]), count: 5, rows: 2, cols: 2, features: 4 };
  const order = Int32Array.from([0, 1, 2, 3, 4]);

  assert.throws(() => new NativeTrainer([{ ...layer(csr, 'relu'), values: new Float32Array(4) }, layer(out, 'linear')], adam), /values length/);
  assert.throws(() => new NativeTrainer([{ ...layer(csr, 'relu'), bias: new Float32Array(2) }, layer(out, 'linear')], adam), /bias length/);
  assert.throws(() => new NativeTrainer([layer(csr, 'relu'), layer(csrFromRows(4, [[0]]), 'linear')], adam), /nIn differs/);
  assert.throws(() => new NativeTrainer([layer(csr, 'relu'), layer(out, 'relu')], adam), /output layer must be linear/);
  assert.throws(() => new NativeTrainer(good(), { learningRate: NaN }), /learning rate/);
  assert.throws(() => new NativeTrainer(good(), { learningRate: 1e-3, beta1: 1 }), /beta1/);
  assert.throws(() => new NativeTrainer(good(), { learningRate: 1e-3, epsilon: 0 }), /epsilon/);
  assert.throws(() => new NativeTrainer([{ ...layer(csr, 'relu'), values: new Float64Array(5) as unknown as Float32Array }, layer(out, 'linear')], adam), /Float32Array/);
  // The JS wrapper validates a Csr, and so does the addon for anything that reaches it directly.
  const unsorted = { nIn: 4, nOut: 1, rowPtr: Int32Array.from([0, 2]), colIdx: Int32Array.from([2, 1]) };
  assert.throws(() => new NativeTrainer([layer(unsorted, 'relu'), layer(csrFromRows(1, [[0], [0]]), 'linear')], adam), /strictly increasing/);
  const addon = loadEngine();
  assert.ok(addon.ok);
  const raw = (rowPtr: number[], colIdx: number[]) => new addon.addon.TrainEngine([
    { nIn: 4, nOut: 1, relu: true, rowPtr: Int32Array.from(rowPtr), colIdx: Int32Array.from(colIdx), values: new Float32Array(colIdx.length), bias: new Float32Array(1) },
    { nIn: 1, nOut: 2, relu: false, rowPtr: Int32Array.from([0, 1, 2]), colIdx: Int32Array.from([0, 0]), values: new Float32Array(2), bias: new Float32Array(2) },
  ], { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  assert.throws(() => raw([0, 2], [1, 4]), /out of range/);
  assert.throws(() => raw([0, 2], [2, 1]), /strictly increasing/);
  assert.throws(() => raw([0, 3], [0, 1]), /rowPtr must run/);
  assert.throws(() => raw([0], []), /rowPtr has 1 entries/);
  assert.doesNotThrow(() => raw([0, 2], [0, 3]).dispose());

  const t = new NativeTrainer(good(), adam);
  try {
    assert.throws(() => t.trainBatches({ ...split, images: new Float32Array(19) }, order, 0, 1, 2), /images: length 19/);
    assert.throws(() => t.trainBatches(split, Int32Array.from([0, 5]), 0, 1, 2), /example index 5 out of range/);
    assert.throws(() => t.trainBatches(split, Int32Array.from([0, -1]), 0, 1, 2), /example index -1/);
    assert.throws(() => t.trainBatches({ ...split, labels: Uint8Array.from([0, 1, 2, 0, 1]) }, order, 0, 3, 2), /label 2 of example 2/);
    assert.throws(() => t.trainBatches(split, order, 2, 2, 2), /run past the order/);
    assert.throws(() => t.trainBatches(split, order, 0, 1, 0), /batchSize/);
    assert.throws(() => t.trainBatches(split, order, 0.5, 1, 2), /firstBatch/);
    assert.throws(() => t.trainBatches(split, order, 0, 2, 2, { learningRates: new Float64Array(1) }), /learningRates: length 1/);
    assert.throws(() => t.trainBatches(split, order, 0, 1, 2, { learningRates: Float64Array.from([NaN]) }), /learning rate of step 0/);
    assert.throws(() => { t.learningRate = NaN; }, /finite rate/);
    assert.throws(() => t.evaluate(split, Int32Array.from([7])), /example index 7/);
    assert.throws(() => t.setValues(0, new Float32Array(4)), /expected 5 values/);
    assert.throws(() => t.setBias(1, new Float32Array(3)), /expected 2 values/);
    assert.throws(() => t.values(2), /layer/);
    const next = csrFromRows(4, [[0], [1, 2], [3]]);
    assert.throws(() => t.setTopology(0, next, Int32Array.from([0, 1, 5, 2])), /sourceIndex 5 out of range/);
    assert.throws(() => t.setTopology(0, next, Int32Array.from([0, 1, 1, -1])), /old edge 1 used twice/);
    assert.throws(() => t.setTopology(0, next, Int32Array.from([0, 1])), /sourceIndex length/);
    assert.throws(() => t.growCandidates(0, split, Int32Array.from([0, 9]), 2, csr), /example index 9/);
    assert.throws(() => t.growCandidates(0, split, order, 2, csrFromRows(4, [[0], [1]])), /kept: rowPtr has 3 entries/);
    assert.throws(() => t.growCandidates(0, split, order, -1, csr), /k: expected an integer/);
    // A batch whose activations would not fit is refused before anything is allocated.
    const wide = new NativeTrainer([layer(csrFromRows(4, Array.from({ length: 4096 }, () => [0])), 'relu'),
      layer(csrFromRows(4096, [[0], [1]]), 'linear')], adam);
    try {
      assert.throws(() => wide.trainBatches(split, Int32Array.from({ length: 1 << 20 }, (_, i) => i % 5), 0, 1, 1 << 20), /use a smaller batch/);
    } finally {
      wide.dispose();
    }
    // After all of that the trainer still works.
    assert.equal(t.trainBatches(split, order, 0, 2, 2).steps, 2);
  } finally {
    t.dispose();
  }
  assert.throws(() => t.values(0), /disposed/);
});
