// The deployment targets of 784-300-100-10 at 10%, measured paired: the sparse predictor and ONNX Runtime on the same
// network dense take turns, round after round, and each round gives one ratio; the median ratio over rounds is what
// is reported. On a shared 2-core machine a burst of someone else's work can slow one whole measurement of a table
// (the density sweep in infer.ts measures each contender once); a ratio within a round sees the same machine twice.
// Also the browser deployment's bytes: the predictor's ES module (minified) plus the committed 10% model.
import { statSync } from 'node:fs';
import { median } from '../base/stats';
import { timeAsyncCalls, timeCalls } from '../base/timing';
import { buildPredictorModule } from '../infer/browser/build';
import { SparsePredictor } from '../infer/predictor';
import { onnxModel } from '../infer/onnx/to-onnx';
import { randomSparseModel } from '../infer/random-model';
import type { OrtLoad } from './peers/onnxruntime';

const SIZES = [784, 300, 100, 10];
export const TARGETS = { batch1: 4, batch256: 3, browserBytes: 150_000 };

export interface PairedTarget {
  batch: number;
  /** Median over rounds of each side's µs per call, and of the per-round ratio ORT dense / sparse. */
  sparseUs: number;
  ortDenseUs: number;
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  target: number;
}

export interface DeploymentTargets {
  rounds: number;
  paired: PairedTarget[];
  browser: { moduleBytes: number; modelBytes: number; totalBytes: number; target: number };
}

/**
 * `rounds` rounds per batch size; in each, the 10% predictor, then ONNX Runtime's dense network at 1 and at 2 threads
 * (its faster one counts), each for `blocks` blocks of ≥ minBlockMs after a warm-up.
 */
export async function deploymentTargets(ort: Extract<OrtLoad, { ok: true }>, examples: Float32Array[], batchInput: Float32Array,
  modelFile: string, opts: { rounds: number; blocks: number; minBlockMs: number }): Promise<DeploymentTargets> {
  const sparse = new SparsePredictor(randomSparseModel(SIZES, 0.1));
  const denseOnnx = onnxModel(randomSparseModel(SIZES, 1));
  const sessions = [await ort.create(denseOnnx, 1), await ort.create(denseOnnx, 2)];
  const timing = { blocks: opts.blocks, minBlockMs: opts.minBlockMs, warmup: 200 };
  const paired: PairedTarget[] = [];
  try {
    for (const [batch, target] of [[1, TARGETS.batch1], [256, TARGETS.batch256]] as const) {
      const input = (i: number) => (batch === 1 ? examples[i % examples.length] : batchInput.subarray(0, batch * SIZES[0]));
      const s: number[] = [], o: number[] = [], r: number[] = [];
      for (let round = 0; round < opts.rounds; round++) {
        const sparseUs = 1000 * timeCalls(i => sparse.logits(input(i), batch), timing).medianMs;
        let ortUs = Infinity;
        for (const session of sessions) ortUs = Math.min(ortUs, 1000 * (await timeAsyncCalls(i => session.run(input(i), batch), timing)).medianMs);
        s.push(sparseUs);
        o.push(ortUs);
        r.push(ortUs / sparseUs);
      }
      paired.push({ batch, sparseUs: median(s), ortDenseUs: median(o), ratio: median(r), ratioMin: Math.min(...r), ratioMax: Math.max(...r), target });
    }
  } finally {
    for (const session of sessions) await session.release();
  }
  const moduleBytes = Buffer.byteLength(await buildPredictorModule());
  const modelBytes = statSync(modelFile).size;
  return { rounds: opts.rounds, paired, browser: { moduleBytes, modelBytes, totalBytes: moduleBytes + modelBytes, target: TARGETS.browserBytes } };
}
