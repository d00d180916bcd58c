// Speed of the graph library: generating every layer of 784-300-100-10 per kind and density (target < 100 ms), and
// both spectral metrics of a 784×300 layer per kind at 10% density (target < 2 s).
import type { Benchmark } from './benchmark';
import { generate, topologyKinds } from '../topology/registry';
import { layerShapes } from '../topology/allocation';
import { spectralGap, algebraicConnectivity } from '../topology/spectral';
import { nnz } from '../topology/csr';
import { timeCalls } from '../base/timing';

const ARCH = [784, 300, 100, 10];

/** Median wall time in ms of `reps` calls. */
/** Median milliseconds of `reps` calls. */
const timeMs = (reps: number, fn: () => void): number => timeCalls(fn, { blocks: reps, callsPerBlock: 1 }).medianMs;

export const topologyBenchmark: Benchmark = {
  name: 'topology',
  summary: 'generation time per kind/density (784-300-100-10) and spectral metrics of 784x300 @10%',
  async run({ quick, log }) {
    const reps = quick ? 1 : 5;
    const densities = quick ? [0.1] : [0.01, 0.1, 0.5, 1];
    const generation = [];
    for (const kind of topologyKinds) for (const density of densities) {
      let edges = 0;
      const ms = timeMs(reps, () => {
        edges = 0;
        layerShapes(ARCH).forEach(([nIn, nOut], l) => { edges += nnz(generate({ kind, density, seed: l }, nIn, nOut)); });
      });
      generation.push({ kind, density, nnz: edges, ms: +ms.toFixed(2), underTarget: ms < 100 });
    }
    log(`generation of all layers of ${ARCH.join('-')} (median of ${reps}, target < 100 ms)`);
    log('kind            density  nnz      ms');
    generation.forEach(r => log(`${r.kind.padEnd(16)}${String(r.density).padEnd(9)}${String(r.nnz).padEnd(9)}${r.ms}`));

    const spectral = [];
    for (const kind of topologyKinds) {
      const csr = generate({ kind, density: 0.1, seed: 1 }, 784, 300);
      let gap = 0, conn = 0;
      const gapMs = timeMs(reps, () => { gap = spectralGap(csr, { seed: 1 }); });
      const connMs = timeMs(reps, () => { conn = algebraicConnectivity(csr, { seed: 1 }); });
      spectral.push({ kind, spectralGap: gap, algebraicConnectivity: conn, gapMs: +gapMs.toFixed(1), connectivityMs: +connMs.toFixed(1),
        underTarget: gapMs + connMs < 2000 });
    }
    log('');
    log(`spectral metrics of 784x300 at density 0.1 (median of ${reps}, target < 2000 ms for both)`);
    log('kind            gap      gap ms   alg.conn  conn ms');
    spectral.forEach(r => log(`${r.kind.padEnd(16)}${r.spectralGap.toFixed(4).padEnd(9)}${String(r.gapMs).padEnd(9)}`
      + `${r.algebraicConnectivity.toFixed(3).padEnd(10)}${r.connectivityMs}`));
    return { generation, spectral };
  },
};
