// Standalone predictor latency on 784-300-100-10 (random topology, uniform allocation) across densities, at batch 1
// and 256, against the same architecture DENSE in tfjs (wasm backend, model.predict + reading the outputs back)
// and against our own predictor at density 1. Weights are freshly initialised (He-uniform by fan-in), not trained:
// the work does not depend on the values, except that the batch-1 path skips zero inputs — so batch-1 inputs are
// real MNIST test images (sparseUs, ~19% nonzero pixels) and, as the worst case, uniform random images with no
// zeros (sparseDenseInputUs). File bytes are the float32 .spff (topology by spec) vs dense float32 weights + biases.
import * as tf from '@tensorflow/tfjs';
import type { Benchmark } from './benchmark';
import { initBackend } from '../base/tfjs-backend';
import { progressBar } from '../base/progress-bar';
import { loadDataset } from '../data/datasets';
import { heUniformFanIn } from '../layers/init';
import { makeRng } from '../base/random';
import { allocateDensities } from '../topology/allocation';
import { networkSpecs } from '../topology/network';
import { generate } from '../topology/registry';
import { decodeModel, encodeModel } from '../infer/format';
import { denseFloat32Bytes, type SparseModel } from '../infer/model';
import { SparsePredictor } from '../infer/predictor';
import { timeCalls } from '../base/timing';

const SIZES = [784, 300, 100, 10];
const DENSITIES = [0.01, 0.05, 0.1, 0.2, 0.5, 1];
const BATCHES = [1, 256];
const INPUTS = 256;

export interface InferBenchRow {
  density: number;
  batch: number;
  nnz: number;
  /** µs per call (median over blocks) of the sparse predictor on MNIST images. */
  sparseUs: number;
  /** Same on uniform random inputs with no zeros (the batch-1 input-sparse path cannot help). */
  sparseDenseInputUs: number;
  tfjsDenseUs: number;
  /** Our predictor at density 1 (a dense network through the sparse kernels), same batch. */
  ownDenseUs: number;
  speedupVsTfjs: number;
  bytes: number;
  denseBytes: number;
}

/**
 * µs per call: calls grouped into blocks of ≥ 0.5 ms (≥ 0.05 ms quick) and the median block mean reported — robust to
 * time stolen by other processes, and fine-grained enough for µs-level calls. `step(i)` is call i.
 */
const timeUs = (step: (i: number) => void, blocks: number, minBlockMs: number): number =>
  1000 * timeCalls(step, { blocks, minBlockMs }).medianMs;

function sparseNetwork(density: number): SparseModel {
  const rng = makeRng(1, 'bench-infer/bias');
  const specs = networkSpecs('random', allocateDensities(SIZES, density, 'uniform'), 1);
  return {
    layers: specs.map((spec, l) => {
      const csr = generate(spec, SIZES[l], SIZES[l + 1]);
      return {
        csr, spec, values: heUniformFanIn(csr, spec.seed), bias: Float32Array.from({ length: csr.nOut }, () => 0.1 * (rng() - 0.5)),
        activation: l === specs.length - 1 ? 'linear' as const : 'relu' as const,
      };
    }),
  };
}

function denseTfjsModel(): tf.Sequential {
  const model = tf.sequential();
  SIZES.slice(1).forEach((units, l) => model.add(tf.layers.dense({
    units, activation: l === SIZES.length - 2 ? 'linear' : 'relu', ...(l === 0 ? { inputShape: [SIZES[0]] } : {}),
  })));
  return model;
}

const fmt = (v: number, w: number, d = 1) => v.toFixed(d).padStart(w);

export const inferBenchmark: Benchmark = {
  name: 'infer',
  summary: 'standalone .spff predictor vs tfjs-wasm dense on 784-300-100-10: µs at batch 1/256, file bytes, by density',
  async run({ quick, log }) {
    const blocks = quick ? 11 : 101, minBlockMs = quick ? 0.05 : 0.5;
    const backend = await initBackend('wasm');
    const images = loadDataset('mnist').test.images.subarray(0, INPUTS * SIZES[0]);
    const rng = makeRng(2, 'bench-infer/inputs');
    const noZeros = Float32Array.from({ length: INPUTS * SIZES[0] }, () => 0.05 + 0.95 * rng());
    const n0 = SIZES[0];
    const example = (x: Float32Array, i: number) => x.subarray((i % INPUTS) * n0, (i % INPUTS + 1) * n0);
    const total = DENSITIES.length * BATCHES.length + BATCHES.length;
    const bar = progressBar('infer bench', total, 'measurements');
    let done = 0;

    // tfjs dense: density-independent, measured once per batch (inputs already on the backend, outputs read back).
    const dense = denseTfjsModel();
    const tfjsUs: Record<number, number> = {};
    for (const batch of BATCHES) {
      const xs = Array.from({ length: batch === 1 ? INPUTS : 1 }, (_, i) =>
        tf.tensor2d(batch === 1 ? example(images, i) : images.subarray(0, batch * n0), [batch, n0]));
      tfjsUs[batch] = timeUs(i => {
        const y = dense.predict(xs[i % xs.length]) as tf.Tensor;
        y.dataSync();
        y.dispose();
      }, blocks, minBlockMs);
      xs.forEach(x => x.dispose());
      bar.update(++done);
    }
    dense.dispose();

    const rows: InferBenchRow[] = [];
    let kernel = '';
    for (const density of DENSITIES) {
      const { bytes } = encodeModel(sparseNetwork(density), { values: 'float32' });
      const model = decodeModel(bytes, `density ${density}`).model;
      const p = new SparsePredictor(model);
      kernel = `${p.kernel} (${p.kernelReason})`;
      const nnz = model.layers.reduce((s, l) => s + l.csr.rowPtr[l.csr.nOut], 0);
      for (const batch of BATCHES) {
        const run = (x: Float32Array) => batch === 1
          ? timeUs(i => p.logits(example(x, i), 1), blocks, minBlockMs)
          : timeUs(() => p.logits(x.subarray(0, batch * n0), batch), blocks, minBlockMs);
        const sparseUs = run(images), sparseDenseInputUs = run(noZeros);
        rows.push({
          density, batch, nnz, sparseUs, sparseDenseInputUs, tfjsDenseUs: tfjsUs[batch], ownDenseUs: NaN,
          speedupVsTfjs: tfjsUs[batch] / sparseUs, bytes: bytes.length, denseBytes: denseFloat32Bytes(SIZES),
        });
        bar.update(++done);
      }
    }
    bar.stop();
    for (const r of rows) r.ownDenseUs = rows.find(d => d.density === 1 && d.batch === r.batch)!.sparseUs;

    log(`predictor kernels: ${kernel}; tfjs backend ${backend.backend}; weights initialised, not trained; batch-1 inputs: MNIST test images`);
    log(`${'density'.padStart(7)} ${'batch'.padStart(5)} ${'nnz'.padStart(7)} | ${'sparse µs'.padStart(10)} ${'no-zero-input µs'.padStart(16)} `
      + `${'tfjs dense µs'.padStart(13)} ${'own dense µs'.padStart(12)} ${'× vs tfjs'.padStart(9)} | ${'bytes'.padStart(8)} ${'% dense'.padStart(7)}`);
    for (const r of rows) {
      log(`${fmt(100 * r.density, 6, 0)}% ${fmt(r.batch, 5, 0)} ${fmt(r.nnz, 7, 0)} | ${fmt(r.sparseUs, 10, 2)} ${fmt(r.sparseDenseInputUs, 16, 2)} `
        + `${fmt(r.tfjsDenseUs, 13, 1)} ${fmt(r.ownDenseUs, 12, 1)} ${fmt(r.speedupVsTfjs, 9, 1)} | ${fmt(r.bytes, 8, 0)} ${fmt(100 * r.bytes / r.denseBytes, 6, 2)}%`);
    }
    return { kernel, tfjsBackend: backend.backend, weights: 'initialised (He-uniform by fan-in), not trained', batch1Inputs: 'MNIST test images', rows };
  },
};
