// The tfjs engine: the run's network as SparseDense layers (lib/layers) on the tfjs backend, trained one tfjs step at a
// time with HostAdam. It trains masked and sparse mode alike and is the oracle the native engine is tested against.
import type * as tf from '@tensorflow/tfjs';
import type { DataSplit } from '../data/datasets';
import { allocBatch, fillBatch, type BatchBuffers } from '../data/batches';
import { sparseKernels } from '../kernels/index';
import type { LayerMode } from '../layers/mode';
import type { SparseDense } from '../layers/sparse-dense';
import { HostAdam } from '../optim/host-adam';
import type { RewirableLayer, StepBatch } from '../sparsity/network';
import { growByGradient } from '../sparsity/select';
import type { Csr } from '../topology/csr';
import type { TopologySpec } from '../topology/spec';
import type { EngineSnapshot, Evaluation, StepsResult, TrainingEngine } from './engine';
import { denseKernelGradients } from './tfjs-dense-gradient';
import { evaluate } from './tfjs-evaluate';
import { buildModel, modelFromSnapshot, sparseLayers } from './tfjs-model';
import { rewire } from './tfjs-rewire';
import { trainStep } from './tfjs-step';

export class TfjsEngine implements TrainingEngine {
  readonly name = 'tfjs';
  readonly kernel: TrainingEngine['kernel'];
  readonly layers: RewirableLayer[];
  private readonly model: tf.Sequential;
  private readonly sparse: SparseDense[];
  private readonly optimizer: HostAdam;
  private readonly buffers: Map<number, BatchBuffers> = new Map();
  /** RigL asks for each layer's grow edges on one batch before changing any: one dense gradient serves them all. */
  private gradients: { batch: StepBatch; perLayer: Float32Array[] } | undefined;

  /** The backend must be initialised (initBackend) first. */
  constructor(private readonly sizes: number[], private readonly specs: TopologySpec[], private readonly mode: LayerMode, learningRate: number) {
    this.model = buildModel(sizes, specs, mode);
    this.sparse = sparseLayers(this.model);
    this.optimizer = new HostAdam(learningRate);
    this.kernel = mode === 'masked' ? 'masked' : sparseKernels().name;
    this.layers = this.sparse.map(layer => ({
      get csr() { return layer.csr; },
      get nnz() { return layer.nnz; },
      edgeValues: () => layer.edgeValues(),
      setTopology: (csr: Csr) => { this.gradients = undefined; rewire(layer, csr, this.optimizer); },
    }));
  }

  get learningRate(): number { return this.optimizer.learningRate; }
  set learningRate(lr: number) { this.optimizer.learningRate = lr; }

  trainSteps(split: DataSplit, order: Int32Array, firstBatch: number, steps: number, batchSize: number, learningRates?: Float64Array): StepsResult {
    this.gradients = undefined;
    const buf = this.batchBuffers(batchSize, split);
    let lossSum = 0, correct = 0, seen = 0;
    for (let s = 0; s < steps; s++) {
      const size = fillBatch(split, order, (firstBatch + s) * batchSize, buf);
      if (learningRates) this.optimizer.learningRate = learningRates[s];
      const [loss, hits] = trainStep(this.model, this.optimizer, buf.xs, buf.ys, size, split.features, buf.numClasses);
      if (!Number.isFinite(loss)) return { lossSum, correct, seen, steps: s, stoppedAt: firstBatch + s };
      lossSum += loss * size; correct += hits; seen += size;
    }
    return { lossSum, correct, seen, steps, stoppedAt: null };
  }

  evaluate(split: DataSplit, indices?: Int32Array): Evaluation {
    return evaluate(this.model, split, indices);
  }

  growEdges(l: number, batch: StepBatch, kept: Csr, k: number) {
    if (this.gradients?.batch !== batch) {
      const buf = this.batchBuffers(batch.indices.length, batch.split);
      const size = fillBatch(batch.split, batch.indices, 0, buf);
      this.gradients = { batch, perLayer: denseKernelGradients(this.sparse, { xs: buf.xs, ys: buf.ys, size, features: batch.split.features, numClasses: buf.numClasses }) };
    }
    return growByGradient(kept, this.gradients.perLayer[l], k);
  }

  snapshot(): EngineSnapshot {
    return { graphs: this.sparse.map(l => l.csr), values: this.sparse.map(l => l.edgeValues()), biases: this.sparse.map(l => l.biasValues()) };
  }

  restore(s: EngineSnapshot): void {
    this.sparse.forEach((layer, l) => {
      layer.setTopology(s.graphs[l], s.values[l]);
      layer.setBiasValues(s.biases[l]);
    });
  }

  /** A new model holding the trained network with a softmax output: probabilities, as tfjs users expect of predict/fit. */
  toModel(): tf.Sequential {
    return modelFromSnapshot(this.sizes, this.snapshot(), this.specs, this.mode, 'softmax');
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }

  private batchBuffers(batchSize: number, split: DataSplit): BatchBuffers {
    let buf = this.buffers.get(batchSize);
    if (!buf) this.buffers.set(batchSize, buf = allocBatch(batchSize, split.features));
    return buf;
  }
}
