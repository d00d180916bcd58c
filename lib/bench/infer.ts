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
import { makeRng } from '../base/random';
import { decodeModel, encodeModel } from '../infer/format';
import { denseFloat32Bytes, type SparseModel } from '../infer/model';
import { randomSparseModel } from '../infer/random-model';
import { denseMatrix } from '../infer/all-to-all';
import { SparsePredictor } from '../infer/predictor';
import { timeAsyncCalls, timeCalls } from '../base/timing';
import { onnxModel } from '../infer/onnx/to-onnx';
import { loadOnnxRuntime, type OrtLoad } from './peers/onnxruntime';
import { runTorchInferPeer } from './peers/torch-infer';
import { deploymentTargets } from './infer-targets';
import { DEFAULT_MODEL } from '../demo/server';

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
  /** ONNX Runtime on this row's network exported to ONNX (dense initializers), µs per call by intra-op threads. */
  ortUs: Record<string, number>;
  /** ONNX Runtime on the dense network (density 1), its faster thread count: the deployment peer. */
  ortDenseUs: number;
  /** ortDenseUs / sparseUs: how many times faster than ONNX Runtime's dense network the sparse predictor is. */
  speedupVsOrtDense: number;
  /** PyTorch (when Debian's python3-torch is installed) on this row's network: dense F.linear and torch.sparse CSR, by threads. */
  torchUs?: { dense: Record<string, number>; sparseCsr: Record<string, number> };
  bytes: number;
  denseBytes: number;
}

export const ORT_THREADS = [1, 2];

/**
 * µs per call: calls grouped into blocks of ≥ 0.5 ms (≥ 0.05 ms quick) and the median block mean reported — robust to
 * time stolen by other processes, and fine-grained enough for µs-level calls. `step(i)` is call i.
 */
const timeUs = (step: (i: number) => void, blocks: number, minBlockMs: number): number =>
  1000 * timeCalls(step, { blocks, minBlockMs, warmup: WARMUP_CALLS }).medianMs;

/** Untimed calls before each measurement (JIT, caches, buffers, a peer's thread pool), the same for every contender. */
const WARMUP_CALLS = 200;

function denseTfjsModel(): tf.Sequential {
  const model = tf.sequential();
  SIZES.slice(1).forEach((units, l) => model.add(tf.layers.dense({
    units, activation: l === SIZES.length - 2 ? 'linear' : 'relu', ...(l === 0 ? { inputShape: [SIZES[0]] } : {}),
  })));
  return model;
}

const fmt = (v: number, w: number, d = 1) => v.toFixed(d).padStart(w);

/**
 * PyTorch on `model` (dense weights with zeros for F.linear; torch.sparse CSR from them), filling `rows`' torchUs.
 * Returns null, or why PyTorch could not be measured (then no later network tries again).
 */
function timeTorch(model: SparseModel, rows: InferBenchRow[], images: Float32Array, quick: boolean): string | null {
  const run = runTorchInferPeer({
    sizes: SIZES, activations: model.layers.map(l => l.activation),
    layers: model.layers.map(l => ({ dense: denseMatrix(l.csr, l.values), bias: l.bias ?? new Float32Array(l.csr.nOut) })),
    inputs: images.subarray(0, INPUTS * SIZES[0]), batches: BATCHES, threads: ORT_THREADS,
    blocks: quick ? 5 : 21, minBlockMs: quick ? 2 : 20,
  });
  if (!run.ok) return run.reason;
  for (const row of rows) {
    const pick = (mode: 'dense' | 'sparse_csr') => Object.fromEntries(run.result.rows.filter(r => r.batch === row.batch && r.mode === mode).map(r => [r.threads, r.us]));
    row.torchUs = { dense: pick('dense'), sparseCsr: pick('sparse_csr') };
  }
  return null;
}

/**
 * ONNX Runtime on `model` exported to ONNX with dense initializers, at each thread count, filling `rows` (one per
 * batch size, in BATCHES order). Its outputs are checked against the rows' network first: a peer that computed
 * something else would not be a peer.
 */
async function timeOnnxRuntime(ort: Extract<OrtLoad, { ok: true }>, model: SparseModel, predictor: SparsePredictor, rows: InferBenchRow[], images: Float32Array,
  example: (x: Float32Array, i: number) => Float32Array, blocks: number, minBlockMs: number): Promise<void> {
  const onnx = onnxModel(model);
  const n0 = SIZES[0], check = images.subarray(0, INPUTS * n0);
  const expected = predictor.logits(check, INPUTS).slice();
  for (const threads of ORT_THREADS) {
    const session = await ort.create(onnx, threads);
    try {
      const got = await session.run(check, INPUTS);
      const diff = got.reduce((m, v, k) => Math.max(m, Math.abs(v - expected[k])), 0);
      if (!(diff <= 1e-4)) throw new Error(`ONNX Runtime's outputs differ from the predictor's by ${diff}`);
      for (const row of rows) {
        const x = row.batch === 1 ? null : images.subarray(0, row.batch * n0);
        row.ortUs[threads] = 1000 * (await timeAsyncCalls(i => session.run(x ?? example(images, i), row.batch), { blocks, minBlockMs, warmup: WARMUP_CALLS })).medianMs;
      }
    } finally {
      await session.release();
    }
  }
}

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
    // One view per example, made before timing: a subarray per call would put an allocation (and its GC) in every
    // batch-1 measurement, peers included.
    const examples = new Map([images, noZeros].map(x => [x, Array.from({ length: INPUTS }, (_, i) => x.subarray(i * n0, (i + 1) * n0))]));
    const example = (x: Float32Array, i: number) => examples.get(x)![i % INPUTS];
    const ort = loadOnnxRuntime();
    let torchReason: string | null = null; // why PyTorch is not in the table (null: it is)
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
      const { bytes } = encodeModel(randomSparseModel(SIZES, density), { values: 'float32' });
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
          speedupVsTfjs: tfjsUs[batch] / sparseUs, ortUs: {}, ortDenseUs: NaN, speedupVsOrtDense: NaN,
          bytes: bytes.length, denseBytes: denseFloat32Bytes(SIZES),
        });
      }
      if (ort.ok) await timeOnnxRuntime(ort, model, p, rows.slice(-BATCHES.length), images, example, blocks, minBlockMs);
      if (torchReason === null) torchReason = timeTorch(model, rows.slice(-BATCHES.length), images, quick);
      bar.update(done += BATCHES.length);
    }
    bar.stop();
    for (const r of rows) {
      const dense = rows.find(d => d.density === 1 && d.batch === r.batch)!;
      r.ownDenseUs = dense.sparseUs;
      r.ortDenseUs = Math.min(...Object.values(dense.ortUs));
      r.speedupVsOrtDense = r.ortDenseUs / r.sparseUs;
    }

    log(`predictor kernels: ${kernel} (one thread); tfjs backend ${backend.backend}; ONNX Runtime ${ort.ok ? `${ort.version} CPU, dense initializers` : `skipped: ${ort.reason}`}; `
      + 'weights initialised, not trained; batch-1 inputs: MNIST test images');
    log(`${'density'.padStart(7)} ${'batch'.padStart(5)} ${'nnz'.padStart(7)} | ${'sparse µs'.padStart(10)} ${'no-zero-input µs'.padStart(16)} `
      + `${'tfjs dense µs'.padStart(13)} ${'own dense µs'.padStart(12)} ${'× vs tfjs'.padStart(9)} | `
      + `${ORT_THREADS.map(t => `ORT ${t}t µs`.padStart(10)).join(' ')} ${'× vs ORT dense'.padStart(14)} | ${'bytes'.padStart(8)} ${'% dense'.padStart(7)}`);
    for (const r of rows) {
      log(`${fmt(100 * r.density, 6, 0)}% ${fmt(r.batch, 5, 0)} ${fmt(r.nnz, 7, 0)} | ${fmt(r.sparseUs, 10, 2)} ${fmt(r.sparseDenseInputUs, 16, 2)} `
        + `${fmt(r.tfjsDenseUs, 13, 1)} ${fmt(r.ownDenseUs, 12, 1)} ${fmt(r.speedupVsTfjs, 9, 1)} | `
        + `${ORT_THREADS.map(t => fmt(r.ortUs[t] ?? NaN, 10, 1)).join(' ')} ${fmt(r.speedupVsOrtDense, 14, 1)} | ${fmt(r.bytes, 8, 0)} ${fmt(100 * r.bytes / r.denseBytes, 6, 2)}%`);
    }
    if (torchReason === null) {
      log('PyTorch 1.13 (Debian, OpenBLAS) on the same networks, µs per call: dense F.linear | torch.sparse CSR addmm');
      log(`${'density'.padStart(7)} ${'batch'.padStart(5)} | ${ORT_THREADS.map(t => `dense ${t}t`.padStart(10)).join(' ')} | ${ORT_THREADS.map(t => `CSR ${t}t`.padStart(10)).join(' ')} | ${'sparse µs'.padStart(10)}`);
      for (const r of rows) {
        log(`${fmt(100 * r.density, 6, 0)}% ${fmt(r.batch, 5, 0)} | ${ORT_THREADS.map(t => fmt(r.torchUs!.dense[t], 10, 1)).join(' ')} | `
          + `${ORT_THREADS.map(t => fmt(r.torchUs!.sparseCsr[t], 10, 1)).join(' ')} | ${fmt(r.sparseUs, 10, 2)}`);
      }
    } else {
      log(`PyTorch skipped: ${torchReason}`);
    }
    const targets = ort.ok
      ? await deploymentTargets(ort, examples.get(images)!, images, DEFAULT_MODEL, { rounds: quick ? 3 : 15, blocks: quick ? 5 : 21, minBlockMs })
      : null;
    if (targets) {
      log(`targets at 10%, paired over ${targets.rounds} rounds (median; min–max): ONNX Runtime dense / sparse predictor`);
      for (const t of targets.paired) {
        log(`  batch ${String(t.batch).padStart(3)}: ${t.ortDenseUs.toFixed(1)} / ${t.sparseUs.toFixed(2)} µs = ${t.ratio.toFixed(2)}× (${t.ratioMin.toFixed(2)}–${t.ratioMax.toFixed(2)}); `
          + `target ≥ ${t.target}×: ${t.ratio >= t.target ? 'met' : 'MISSED'}`);
      }
      const b = targets.browser;
      log(`  browser: module ${b.moduleBytes} + 10% model ${b.modelBytes} = ${b.totalBytes} bytes; target ≤ ${b.target}: ${b.totalBytes <= b.target ? 'met' : 'MISSED'}`);
    }
    return {
      targets,
      pytorch: torchReason === null ? { threads: ORT_THREADS } : { skipped: torchReason },
      kernel, tfjsBackend: backend.backend, onnxRuntime: ort.ok ? { version: ort.version, provider: 'cpu', initializers: 'dense', threads: ORT_THREADS } : { skipped: ort.reason },
      weights: 'initialised (He-uniform by fan-in), not trained', batch1Inputs: 'MNIST test images', rows,
    };
  },
};
