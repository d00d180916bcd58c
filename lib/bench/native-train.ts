// Native-engine rows of the training benchmark: whole MNIST epochs (469 steps, batch 128) trained by NativeTrainer,
// repeated, with the achieved GFLOP/s beside the machine's measured FMA peak.
import type { DataSplit } from '../data/datasets';
import { epochOrder } from '../data/batches';
import { timeCalls } from '../base/timing';
import { NativeTrainer, type EngineLayer } from '../engine/native';

/**
 * Floating-point operations of one training step: 2·nnz·B for the forward pass and for dW of every layer, and for
 * dX of every layer but the first (its input is data). Biases, ReLU, loss and Adam are not counted.
 */
export function trainFlopsPerStep(nnzPerLayer: number[], batch: number): number {
  const all = nnzPerLayer.reduce((s, n) => s + n, 0);
  return 2 * batch * (2 * all + (all - nnzPerLayer[0]));
}

export interface NativeRow {
  density: number;
  connections: number;
  msPerStep: number;
  msPerStepMin: number;
  secondsPerEpoch: number;
  secondsPerEpochMin: number;
  gflops: number;
  repeats: number;
}

/** `repeats` epochs after `warmup` steps; each epoch's own time, reported as median and min. */
export function measureNativeEpochs(split: DataSplit, layers: EngineLayer[], density: number, batch: number,
  warmup: number, repeats: number): NativeRow {
  const trainer = new NativeTrainer(layers, { learningRate: 1e-3 });
  try {
    const steps = Math.ceil(split.count / batch);
    trainer.trainBatches(split, epochOrder(split.count, 1, 0), 0, Math.min(warmup, steps), batch);
    const orders = Array.from({ length: repeats }, (_, r) => epochOrder(split.count, 1, r + 1));
    const epoch = timeCalls(r => trainer.trainBatches(split, orders[r], 0, steps, batch), { blocks: repeats, callsPerBlock: 1 });
    const connections = trainer.nnz().reduce((s, n) => s + n, 0);
    const secondsPerEpoch = epoch.medianMs / 1000, secondsPerEpochMin = epoch.minMs / 1000;
    const msPerStep = secondsPerEpoch * 1000 / steps;
    return {
      density, connections, msPerStep, msPerStepMin: secondsPerEpochMin * 1000 / steps, secondsPerEpoch, secondsPerEpochMin,
      gflops: trainFlopsPerStep(trainer.nnz(), batch) / (msPerStep * 1e6), repeats,
    };
  } finally {
    trainer.dispose();
  }
}
