// Speed of the sparse kernels on the LeNet-300-100 layer shapes: µs per call and GFLOP/s for native vs
// TypeScript, and the kernel seconds one 60k-sample epoch at batch 128 would cost for the whole network.
import type { Benchmark } from './benchmark';
import { makeRng, permutation, type Rng } from '../base/random';
import { csrFromRows, nnz, type Csr } from '../topology/csr';
import type { SparseKernels } from '../kernels/contract';
import { typescriptKernels } from '../kernels/typescript';
import { loadNative, nativeInfo, nativeKernels } from '../kernels/native';
import { timeCalls } from '../base/timing';

const LAYERS: [number, number][] = [[784, 300], [300, 100], [100, 10]];
const DENSITIES = [0.01, 0.1, 1];
const BATCHES = [1, 128, 256];
const EPOCH_SAMPLES = 60_000, EPOCH_BATCH = 128;
const KERNELS = ['forward', 'backwardInput', 'backwardValues'] as const;
type KernelOp = typeof KERNELS[number];

export interface KernelBenchRow {
  impl: string;
  layer: string;
  density: number;
  batch: number;
  nnz: number;
  /** Microseconds per call, by kernel. */
  us: Record<KernelOp, number>;
  /** 2·nnz·batch / time, by kernel. */
  gflops: Record<KernelOp, number>;
}

/** Every output unit gets the same fan-in, round(density·nIn) ≥ 1, at random inputs. */
function randomLayer(rng: Rng, nIn: number, nOut: number, density: number): Csr {
  const fanIn = Math.max(1, Math.round(density * nIn));
  return csrFromRows(nIn, Array.from({ length: nOut }, () => permutation(rng, nIn).subarray(0, fanIn)));
}

function randomArray(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng() * 2 - 1);
}

// µs per call: the fastest of five blocks' means (after a warm-up call), each block repeating for minSeconds/5
// and at least twice. The minimum filters out time stolen by other processes on a shared machine.
const timeCall = (fn: () => unknown, minSeconds: number): number =>
  1000 * timeCalls(fn, { blocks: 5, minBlockMs: (minSeconds * 1000) / 5, minCalls: 2, warmup: 1 }).minMs;

function measure(k: SparseKernels, w: Csr, batch: number, rng: Rng, minSeconds: number): Record<KernelOp, number> {
  const values = randomArray(rng, nnz(w));
  const x = randomArray(rng, batch * w.nIn), dy = randomArray(rng, batch * w.nOut);
  return {
    forward: timeCall(() => k.forward(w, values, x, batch), minSeconds),
    backwardInput: timeCall(() => k.backwardInput(w, values, dy, batch), minSeconds),
    backwardValues: timeCall(() => k.backwardValues(w, x, dy, batch), minSeconds),
  };
}

const fmt = (v: number, width: number, digits = 1) => v.toFixed(digits).padStart(width);

export const kernelsBenchmark: Benchmark = {
  name: 'kernels',
  summary: 'sparse kernels on 784-300-100-10 shapes: µs/call, GFLOP/s, native vs TypeScript, epoch projection',
  async run({ quick, log }) {
    const minSeconds = quick ? 0.02 : 0.25;
    const load = loadNative();
    const impls: SparseKernels[] = load.ok ? [nativeKernels(), typescriptKernels] : [typescriptKernels];
    log(load.ok ? `native: ${JSON.stringify(nativeInfo())}` : `native kernels unavailable (${load.reason}); TypeScript only`);
    log(`${'impl'.padEnd(10)} ${'layer'.padEnd(8)} ${'dens'.padStart(5)} ${'batch'.padStart(5)} ${'nnz'.padStart(7)} | ` +
      `${'fwd µs'.padStart(10)} ${'bwdIn µs'.padStart(10)} ${'bwdVal µs'.padStart(10)} | GFLOP/s fwd / bwdIn / bwdVal`);
    const rows: KernelBenchRow[] = [];
    for (const density of DENSITIES) {
      for (const [nIn, nOut] of LAYERS) {
        const w = randomLayer(makeRng(1, `bench-${nIn}-${nOut}-${density}`), nIn, nOut, density);
        for (const batch of BATCHES) {
          for (const k of impls) {
            const us = measure(k, w, batch, makeRng(2, `data-${batch}`), minSeconds);
            const flops = 2 * nnz(w) * batch;
            const gflops = Object.fromEntries(KERNELS.map(op => [op, flops / us[op] / 1e3])) as Record<KernelOp, number>;
            const row: KernelBenchRow = { impl: k.name, layer: `${nIn}-${nOut}`, density, batch, nnz: nnz(w), us, gflops };
            rows.push(row);
            log(`${k.name.padEnd(10)} ${row.layer.padEnd(8)} ${fmt(density, 5, 2)} ${fmt(batch, 5, 0)} ${fmt(row.nnz, 7, 0)} | ` +
              `${fmt(us.forward, 10)} ${fmt(us.backwardInput, 10)} ${fmt(us.backwardValues, 10)} | ` +
              `${fmt(gflops.forward, 6, 2)} / ${fmt(gflops.backwardInput, 6, 2)} / ${fmt(gflops.backwardValues, 6, 2)}`);
          }
        }
      }
    }
    // Whole network per epoch at batch 128: every layer's forward + both backward kernels, every step; and the
    // same without the first layer's backwardInput (the gradient w.r.t. the data, which training never needs).
    const steps = Math.ceil(EPOCH_SAMPLES / EPOCH_BATCH);
    const firstLayer = `${LAYERS[0][0]}-${LAYERS[0][1]}`;
    const epochSeconds: Record<string, Record<string, { all: number; training: number }>> = {};
    for (const k of impls) {
      epochSeconds[k.name] = {};
      for (const density of DENSITIES) {
        const step = rows.filter(r => r.impl === k.name && r.density === density && r.batch === EPOCH_BATCH);
        const allUs = step.reduce((s, r) => s + r.us.forward + r.us.backwardInput + r.us.backwardValues, 0);
        const skipUs = step.filter(r => r.layer === firstLayer).reduce((s, r) => s + r.us.backwardInput, 0);
        epochSeconds[k.name][String(density)] = { all: (allUs * steps) / 1e6, training: ((allUs - skipUs) * steps) / 1e6 };
      }
      log(`projected kernel s/epoch (${steps} steps × batch ${EPOCH_BATCH}), ${k.name}: ` + DENSITIES.map(d => {
        const e = epochSeconds[k.name][String(d)];
        return `density ${d}: ${e.all.toFixed(3)} s (${e.training.toFixed(3)} s without layer-1 backwardInput)`;
      }).join(', '));
    }
    return { native: nativeInfo() ?? null, rows, epochSeconds };
  },
};
