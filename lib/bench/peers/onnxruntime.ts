// ONNX Runtime (onnxruntime-node, CPU execution provider) as the inference peer: what a user would deploy a network
// with instead of this project's predictor. It is a dependency, installed with its bundled CPU binary (the project
// .npmrc skips its install script, which would download GPU binaries from a host these machines cannot reach); still
// loaded lazily, so a machine where it failed to install runs every other benchmark.
import type * as Ort from 'onnxruntime-node';

export interface OrtSession {
  /** Outputs of `batch` rows of `x` (batch × nIn float32). */
  run(x: Float32Array, batch: number): Promise<Float32Array>;
  release(): Promise<void>;
}

export type OrtLoad = { ok: true; version: string; create(onnx: Uint8Array, threads: number): Promise<OrtSession>; reason?: undefined } | { ok: false; reason: string };

export function loadOnnxRuntime(): OrtLoad {
  let ort: typeof Ort;
  try {
    ort = require('onnxruntime-node') as typeof Ort;
  } catch (err) {
    return { ok: false, reason: `onnxruntime-node does not load (${(err as Error).message.split('\n')[0]}); run npm ci` };
  }
  return {
    ok: true,
    version: ort.env.versions.node ?? 'unknown',
    async create(onnx, threads) {
      // One model run at a time, its operators on `threads` threads, every graph optimisation on: ORT at its best.
      const session = await ort.InferenceSession.create(onnx, {
        intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
      });
      const [input] = session.inputNames, [output] = session.outputNames;
      return {
        async run(x, batch) {
          const out = await session.run({ [input]: new ort.Tensor('float32', x, [batch, x.length / batch]) });
          return out[output].data as Float32Array;
        },
        release: () => session.release(),
      };
    },
  };
}
