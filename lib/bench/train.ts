// Seconds per 60k-sample MNIST epoch (batch 128) for the masked and sparse layer modes, measured on a slice of real
// training steps (the trainer's own trainStep) and scaled to the 469 steps of an epoch.
import * as tf from '@tensorflow/tfjs';
import type { Benchmark } from './benchmark';
import { initBackend } from '../base/tfjs-backend';
import { loadDataset } from '../data/datasets';
import { allocBatch, epochOrder, fillBatch } from '../data/batches';
import { allocateDensities } from '../topology/allocation';
import { networkSpecs } from '../topology/network';
import { buildModel, sparseLayers } from '../train/model';
import { trainStep } from '../train/step';
import { HostAdam } from '../optim/host-adam';
import { kernelSelection } from '../kernels';
import type { LayerMode } from '../train/config';

const SIZES = [784, 300, 100, 10];
const BATCH = 128;
const STEPS_PER_EPOCH = Math.ceil(60000 / BATCH);

interface Row { mode: LayerMode; density: number; connections: number; msPerStep: number; secondsPerEpoch: number }

async function measure(mode: LayerMode, density: number, warmup: number, steps: number): Promise<Row> {
  const data = loadDataset('mnist');
  const specs = networkSpecs('random', allocateDensities(SIZES, density, 'uniform'), 1);
  const model = buildModel(SIZES, specs, mode);
  const optimizer = new HostAdam(1e-3);
  const order = epochOrder(data.train.count, 1, 1);
  const buf = allocBatch(BATCH, data.train.features, data.numClasses);
  const step = (i: number) => {
    fillBatch(data.train, order, (i * BATCH) % (data.train.count - BATCH), buf);
    trainStep(model, optimizer, buf.xs, buf.ys, BATCH, data.train.features, data.numClasses);
  };
  for (let i = 0; i < warmup; i++) step(i);
  const started = performance.now();
  for (let i = 0; i < steps; i++) step(warmup + i);
  const msPerStep = (performance.now() - started) / steps;
  const connections = sparseLayers(model).reduce((s, l) => s + l.nnz, 0);
  optimizer.dispose();
  model.dispose();
  return { mode, density, connections, msPerStep, secondsPerEpoch: (msPerStep * STEPS_PER_EPOCH) / 1000 };
}

export const trainBenchmark: Benchmark = {
  name: 'train',
  summary: 'seconds per 60k MNIST epoch, batch 128, 784-300-100-10: masked vs sparse mode at densities 1%, 10%, 100%',
  async run({ quick, log }) {
    const backend = await initBackend();
    const kernel = kernelSelection();
    log(`backend ${backend.backend}, sparse kernels ${kernel.name}${kernel.detail ? ` (${kernel.detail})` : ''}`);
    const rows: Row[] = [];
    // Steps get faster for the first few hundred in a process (JIT, heap sizing), so each configuration is warmed
    // up before timing. Masked steps cost the same at every density (a dense matmul): fewer of them are timed.
    for (const mode of ['sparse', 'masked'] as const) {
      for (const density of [0.01, 0.1, 1]) {
        const [warmup, steps] = quick ? [5, 10] : mode === 'masked' ? [10, 40] : [200, 400];
        const row = await measure(mode, density, warmup, steps);
        rows.push(row);
        log(`${mode.padEnd(6)} ${(density * 100).toFixed(0).padStart(3)}%  ${String(row.connections).padStart(6)} connections  `
          + `${row.msPerStep.toFixed(2).padStart(7)} ms/step  ${row.secondsPerEpoch.toFixed(2).padStart(6)} s/epoch`);
      }
    }
    const speedup = Object.fromEntries([0.01, 0.1, 1].map(d => {
      const s = rows.find(r => r.mode === 'sparse' && r.density === d)!;
      const m = rows.find(r => r.mode === 'masked' && r.density === d)!;
      return [`${d * 100}%`, m.secondsPerEpoch / s.secondsPerEpoch];
    }));
    log(`sparse speed-up over masked: ${Object.entries(speedup).map(([d, x]) => `${d}: ${x.toFixed(1)}x`).join(', ')}`);
    return { backend: backend.backend, kernel: kernel.name, batch: BATCH, stepsPerEpoch: STEPS_PER_EPOCH, rows, speedup };
  },
};
