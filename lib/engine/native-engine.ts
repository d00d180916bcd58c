// The native engine as a TrainingEngine: NativeTrainer (lib/engine/native.ts) holding the run's network, with the same
// graphs and initial weights the tfjs engine builds (generate + heUniformFanIn per spec, zero biases), so a seed gives
// the same run on either engine. tfjs is loaded only if the trained network is asked for as a tfjs model.
import type * as tf from '@tensorflow/tfjs';
import type { DataSplit } from '../data/datasets';
import { heUniformFanIn } from '../layers/init';
import type { RewirableLayer, StepBatch } from '../sparsity/network';
import { nnz, type Csr } from '../topology/csr';
import { generate } from '../topology/registry';
import type { TopologySpec } from '../topology/spec';
import type { EngineSnapshot, Evaluation, StepsResult, TrainingEngine } from './engine';
import { NativeTrainer, type EngineLayer } from './native';

/** Layers for the engine from graph specs: the graphs and He-uniform fan-in weights SparseDense would build. */
export function engineLayersFromSpecs(sizes: number[], specs: TopologySpec[]): EngineLayer[] {
  return specs.map((spec, l) => {
    const csr = generate(spec, sizes[l], sizes[l + 1]);
    return { csr, values: heUniformFanIn(csr, spec.seed), bias: new Float32Array(sizes[l + 1]), activation: l < specs.length - 1 ? 'relu' : 'linear' };
  });
}

// Evaluation buffers hold batch × widest layer floats: about 16 M floats (64 MB) at most, and 1000 examples where that fits.
const evaluationBatch = (widest: number) => Math.max(64, Math.min(1000, Math.floor((1 << 24) / widest)));

/** What a tfjs model of the network names each layer by: its init seed and graph class. */
export interface LayerLabel {
  seed: number;
  kind: string;
}

export class NativeEngine implements TrainingEngine {
  readonly name = 'native';
  readonly kernel = 'native';
  readonly layers: RewirableLayer[];
  private readonly trainer: NativeTrainer;
  private readonly sizes: number[];

  /** The MLP of `specs`, with the graphs and initial weights the tfjs engine builds from them. */
  static fromSpecs(sizes: number[], specs: TopologySpec[], learningRate: number): NativeEngine {
    return new NativeEngine(engineLayersFromSpecs(sizes, specs), specs, learningRate);
  }

  /** Any chain of engine layers (an MLP, or a CNN as tied and frozen graphs: lib/engine/lenet5.ts). */
  constructor(layers: EngineLayer[], private readonly labels: readonly LayerLabel[], learningRate: number) {
    this.sizes = [layers[0].csr.nIn, ...layers.map(l => l.csr.nOut)];
    this.trainer = new NativeTrainer(layers, { learningRate });
    const trainer = this.trainer;
    this.layers = layers.map((_, l) => ({
      get csr() { return trainer.csr(l); },
      get nnz() { return nnz(trainer.csr(l)); },
      edgeValues: () => trainer.values(l),
      setTopology: (csr: Csr) => trainer.setTopology(l, csr),
    }));
  }

  get learningRate(): number { return this.trainer.learningRate; }
  set learningRate(lr: number) { this.trainer.learningRate = lr; }

  trainSteps(split: DataSplit, order: Int32Array, firstBatch: number, steps: number, batchSize: number, learningRates?: Float64Array): StepsResult {
    const r = this.trainer.trainBatches(split, order, firstBatch, steps, batchSize, learningRates ? { learningRates } : {});
    return { lossSum: r.lossSum, correct: r.correct, seen: r.seen, steps: r.steps, stoppedAt: r.stoppedAt };
  }

  evaluate(split: DataSplit, indices?: Int32Array): Evaluation {
    const r = this.trainer.evaluate(split, indices, evaluationBatch(Math.max(...this.sizes)));
    return { loss: r.loss, accuracy: r.accuracy };
  }

  growEdges(l: number, batch: StepBatch, kept: Csr, k: number) {
    const c = this.trainer.growCandidates(l, batch.split, batch.indices, k, kept);
    return { rows: c.rows, cols: c.cols };
  }

  snapshot(): EngineSnapshot {
    const layers = this.labels.map((_, l) => l);
    return { graphs: layers.map(l => this.trainer.csr(l)), values: layers.map(l => this.trainer.values(l)), biases: layers.map(l => this.trainer.bias(l)) };
  }

  restore(s: EngineSnapshot): void {
    s.graphs.forEach((graph, l) => {
      if (graph !== this.trainer.csr(l)) this.trainer.setTopology(l, graph);
      this.trainer.setValues(l, s.values[l]);
      this.trainer.setBias(l, s.biases[l]);
    });
  }

  /**
   * The trained network as SparseDense layers in sparse mode with a softmax output (the tfjs backend must be ready).
   * Every hidden layer is ReLU there: a CNN's pooling layers average ReLU outputs, which the ReLU leaves as they are.
   */
  toModel(): tf.Sequential {
    // Required here, not imported: a run on the native engine never loads tfjs unless a model is asked for.
    const { modelFromSnapshot } = require('./tfjs-model') as typeof import('./tfjs-model');
    return modelFromSnapshot(this.sizes, this.snapshot(), this.labels, 'sparse', 'softmax');
  }

  dispose(): void {
    this.trainer.dispose();
  }
}
