// The native engine at scale: 784-100000-100000-10, the two hidden layers random-regular with fan-in 20, a dense
// 100000→10 output layer (about 5 M connections), trained for ONE MNIST epoch (469 steps, batch 128). Prints the
// epoch's seconds and the process's peak RSS against issue #15's targets (≤ 2 min, ≤ 2 GB), the test accuracy
// after the epoch (it does learn), and the time of one RigL grow step per sparse layer (dense gradient on one batch,
// block-wise top-k of 30% of the layer's edges outside its kept 70%: the 100000×100000 layer ranks 10^10 positions).
import type { Benchmark } from './benchmark';
import { loadDataset } from '../data/datasets';
import { epochOrder } from '../data/batches';
import { layerSeed } from '../topology/network';
import type { Csr } from '../topology/csr';
import { generateRegular } from '../topology/generators/regular';
import { generateDense } from '../topology/generators/dense';
import { heUniformFanIn } from '../layers/init';
import { topK } from '../sparsity/select';
import { loadEngine, NativeTrainer, peakFlops, type EngineLayer } from '../engine/native';
import { trainFlopsPerStep } from './native-train';

const SIZES = [784, 100000, 100000, 10];
const FAN_IN = 20;
const BATCH = 128;
const DROP_FRACTION = 0.3;
const TARGET_SECONDS = 120;
const TARGET_RSS_BYTES = 2 * 1024 ** 3;

/** The generators directly: the registry refuses layers of more than 2^31 positions (100000×100000 has 10^10). */
function scaleLayers(): EngineLayer[] {
  const graphs = [
    generateRegular(SIZES[0], SIZES[1], FAN_IN / SIZES[0], layerSeed(1, 0)),
    generateRegular(SIZES[1], SIZES[2], FAN_IN / SIZES[1], layerSeed(1, 1)),
    generateDense(SIZES[2], SIZES[3]),
  ];
  return graphs.map((csr, l) => ({ csr, values: heUniformFanIn(csr, layerSeed(1, l)), bias: new Float32Array(csr.nOut), activation: l < 2 ? 'relu' : 'linear' }));
}

/**
 * The `keep` largest-magnitude edges of a graph as a CSR (ties → lower edge index, i.e. lower position). Ranks edge
 * indices, not positions j·nIn + i: a 100000×100000 layer's positions overflow the Int32 positions of select.ts.
 */
function keptGraph(csr: Csr, values: Float32Array, keep: number): Csr {
  const edges = Int32Array.from({ length: values.length }, (_, k) => k);
  const kept = topK(edges, Float64Array.from(values, Math.abs), keep);
  const rowPtr = new Int32Array(csr.nOut + 1);
  const colIdx = new Int32Array(kept.length);
  for (let j = 0, t = 0; j < csr.nOut; j++) {
    while (t < kept.length && kept[t] < csr.rowPtr[j + 1]) colIdx[t] = csr.colIdx[kept[t++]];
    rowPtr[j + 1] = t;
  }
  return { nIn: csr.nIn, nOut: csr.nOut, rowPtr, colIdx };
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

export const scaleBenchmark: Benchmark = {
  name: 'scale',
  summary: 'native engine, 784-100000-100000-10 at fan-in 20 (~5 M connections): one MNIST epoch (s, peak RSS), RigL grow step',
  async run({ quick, log }) {
    const engine = loadEngine();
    if (!engine.ok) throw new Error(`the scale benchmark needs the native engine: ${engine.reason}`);
    const data = loadDataset('mnist');
    const built = performance.now();
    const layers = scaleLayers();
    const nnz = layers.map(l => l.csr.colIdx.length);
    log(`${SIZES.join('-')}: ${nnz.join(' + ')} = ${nnz.reduce((s, n) => s + n, 0)} connections (built in ${((performance.now() - built) / 1000).toFixed(1)} s)`);
    const peak = peakFlops(0.1);
    const trainer = new NativeTrainer(layers, { learningRate: 1e-3 });
    try {
      const order = epochOrder(data.train.count, 1, 1);
      const steps = quick ? 20 : Math.ceil(data.train.count / BATCH);
      const chunk = 50;
      let lossSum = 0, seen = 0;
      const started = performance.now();
      for (let first = 0; first < steps; first += chunk) {
        const r = trainer.trainBatches(data.train, order, first, Math.min(chunk, steps - first), BATCH);
        if (r.stoppedAt !== null) throw new Error(`scale: loss became non-finite at batch ${r.stoppedAt}`);
        lossSum += r.lossSum;
        seen += r.seen;
        log(`  step ${first + r.steps}/${steps}: ${((performance.now() - started) / 1000).toFixed(1)} s, mean loss ${(lossSum / seen).toFixed(4)}`);
      }
      const seconds = (performance.now() - started) / 1000;
      const gflops = trainFlopsPerStep(nnz, BATCH) * steps / seconds / 1e9;
      const evaluation = trainer.evaluate(data.test);
      const rssAfterEpoch = process.resourceUsage().maxRSS * 1024;
      log(`epoch (${steps} steps): ${seconds.toFixed(1)} s (${(seconds * 1000 / steps).toFixed(1)} ms/step, ${gflops.toFixed(1)} GFLOP/s of a ${peak.gflops.toFixed(0)} GFLOP/s peak); `
        + `test accuracy ${(100 * evaluation.accuracy).toFixed(2)}%; peak RSS ${gib(rssAfterEpoch)}`);

      const grow = [];
      const batch = order.slice(0, BATCH);
      for (const l of quick ? [0] : [0, 1]) {
        const csr = trainer.csr(l);
        const k = Math.round(DROP_FRACTION * nnz[l]);
        const kept = keptGraph(csr, trainer.values(l), nnz[l] - k);
        const t0 = performance.now();
        const candidates = trainer.growCandidates(l, data.train, batch, k, kept);
        const growSeconds = (performance.now() - t0) / 1000;
        const positions = csr.nIn * csr.nOut;
        grow.push({ layer: l, nIn: csr.nIn, nOut: csr.nOut, positions, k, returned: candidates.rows.length, seconds: growSeconds,
          gflops: 2 * BATCH * positions / growSeconds / 1e9 });
        log(`RigL grow, layer ${l} (${csr.nIn}×${csr.nOut} = ${positions.toExponential(2)} positions, top ${k}): ${growSeconds.toFixed(2)} s `
          + `(dense gradient at ${(2 * BATCH * positions / growSeconds / 1e9).toFixed(1)} GFLOP/s)`);
      }
      const maxRssBytes = process.resourceUsage().maxRSS * 1024;
      const met = { seconds: !quick && seconds <= TARGET_SECONDS, rss: maxRssBytes <= TARGET_RSS_BYTES };
      log(`targets: epoch ≤ ${TARGET_SECONDS} s → ${quick ? 'not measured (--quick)' : met.seconds ? 'met' : 'MISSED'}; `
        + `peak RSS ${gib(maxRssBytes)} ≤ ${gib(TARGET_RSS_BYTES)} → ${met.rss ? 'met' : 'MISSED'}`);
      return {
        sizes: SIZES, fanIn: FAN_IN, connections: nnz, batch: BATCH, steps, seconds, msPerStep: seconds * 1000 / steps, gflops, peak,
        trainLoss: lossSum / seen, testAccuracy: evaluation.accuracy, maxRssBytes, rssAfterEpochBytes: rssAfterEpoch, grow,
        targets: { seconds: TARGET_SECONDS, rssBytes: TARGET_RSS_BYTES, met },
      };
    } finally {
      trainer.dispose();
    }
  },
};
