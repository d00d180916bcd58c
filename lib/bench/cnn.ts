// LeNet-5 training speed (issue #18): the same network as tfjs layers (conv2d, averagePooling2d, dense; Adam) against
// the native engine training it as weight-tied sparse graphs (lib/engine/lenet5.ts) with the dense channel table and
// with LeCun's C3 table. Seconds per 60k MNIST epoch (batch 128): the tfjs row from timed steps after a warm-up, the
// engine rows from whole epochs on all pool threads. tfjs's WebAssembly backend has no gradient kernel for conv2d's
// filter (Conv2DBackpropFilter), so it cannot train a CNN at all; the tfjs row runs where it can (the pure-JS cpu
// backend, or tfjs-node when installed) and the result says which backends lack the kernel.
import * as tf from '@tensorflow/tfjs';
import type { Benchmark } from './benchmark';
import { initBackend } from '../base/tfjs-backend';
import { loadDataset, type DataSplit } from '../data/datasets';
import { epochOrder } from '../data/batches';
import { lenet5Layers } from '../engine/lenet5';
import { loadEngine, NativeTrainer, peakFlops } from '../engine/native';
import { channelTable, type ChannelTopology } from '../topology/channel-table';
import { networkSpecs } from '../topology/network';

const BATCH = 128;
const STEPS_PER_EPOCH = Math.ceil(60000 / BATCH);

function tfjsLenet5(): tf.Sequential {
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }),
    tf.layers.averagePooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
    tf.layers.averagePooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 120, activation: 'relu' }),
    tf.layers.dense({ units: 84, activation: 'relu' }),
    tf.layers.dense({ units: 10 }),
  ] });
  model.compile({ optimizer: tf.train.adam(2e-3), loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
  return model;
}

/** Seconds of `steps` trainOnBatch calls on consecutive batches, after `warmup` untimed ones. */
async function tfjsSeconds(split: DataSplit, warmup: number, steps: number): Promise<number> {
  const model = tfjsLenet5();
  const batch = (s: number) => tf.tidy(() => {
    const start = (s * BATCH) % (split.count - BATCH);
    const xs = tf.tensor4d(split.images.subarray(start * 784, (start + BATCH) * 784), [BATCH, 28, 28, 1]);
    const ys = tf.oneHot(tf.tensor1d(split.labels.subarray(start, start + BATCH), 'int32'), 10);
    return [xs, ys];
  }) as [tf.Tensor, tf.Tensor];
  const step = async (s: number) => {
    const [xs, ys] = batch(s);
    await model.trainOnBatch(xs, ys);
    xs.dispose();
    ys.dispose();
  };
  try {
    for (let s = 0; s < warmup; s++) await step(s);
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) await step(warmup + s);
    return (performance.now() - t0) / 1000;
  } finally {
    model.dispose();
  }
}

function nativeEpochSeconds(split: DataSplit, table: ChannelTopology, steps: number): number {
  const layers = lenet5Layers({
    image: [28, 28], channels: [6, 16], channelTable: channelTable(table, 6, 16, 1, 1), hidden: [120, 84], classes: 10,
    fullyConnected: networkSpecs('dense', [1, 1, 1], 1), seed: 1,
  });
  const trainer = new NativeTrainer(layers.map(l => l.engine), { learningRate: 2e-3 });
  try {
    trainer.trainBatches(split, epochOrder(split.count, 1, 0), 0, 10, BATCH);
    const t0 = performance.now();
    trainer.trainBatches(split, epochOrder(split.count, 1, 1), 0, steps, BATCH);
    return (performance.now() - t0) / 1000 * STEPS_PER_EPOCH / steps;
  } finally {
    trainer.dispose();
  }
}

export const cnnBenchmark: Benchmark = {
  name: 'cnn',
  summary: 'LeNet-5 seconds per MNIST epoch: tfjs conv2d layers (cpu: wasm has no conv gradient) vs the native engine (dense and C3 channel tables)',
  async run({ quick, log }) {
    const engine = loadEngine();
    if (!engine.ok) throw new Error(`the cnn benchmark needs the native engine: ${engine.reason}`);
    const backend = await initBackend();
    const split = loadDataset('mnist').train;
    const cannotTrain = ['wasm', 'cpu', 'tensorflow'].filter(b => tf.findBackend(b) && !tf.getKernel('Conv2DBackpropFilter', b));
    if (cannotTrain.includes(backend.backend)) {
      log(`tfjs ${backend.backend} has no Conv2DBackpropFilter kernel: it cannot train LeNet-5; timing tfjs on cpu instead`);
      await tf.setBackend('cpu');
    }
    const tfjsSteps = quick ? 3 : 10;  // seconds per step on the cpu backend: an epoch is extrapolated
    const tfjsEpoch = await tfjsSeconds(split, quick ? 1 : 2, tfjsSteps) * STEPS_PER_EPOCH / tfjsSteps;
    const tfjsBackend = tf.getBackend();
    log(`tfjs ${tfjsBackend} LeNet-5 (conv2d, dense table): ${tfjsEpoch.toFixed(1)} s/epoch (from ${tfjsSteps} steps)`);
    const threads = peakFlops(0.01).threads;
    const nativeSteps = quick ? 40 : STEPS_PER_EPOCH;
    const rows = (['dense', 'c3'] as const).map(table => {
      const seconds = nativeEpochSeconds(split, table, nativeSteps);
      log(`native engine, ${threads} threads, channel table ${table}: ${seconds.toFixed(2)} s/epoch (${(tfjsEpoch / seconds).toFixed(1)}× faster than tfjs)`);
      return { table, secondsPerEpoch: seconds };
    });
    return { tfjsBackend, backendsWithoutConvGradient: cannotTrain, batch: BATCH, tfjsSecondsPerEpoch: tfjsEpoch, tfjsSteps, threads, native: rows };
  },
};
