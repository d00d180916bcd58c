// The native training engine: a whole sparse MLP trained inside the addon (lib/engine/native/*.cc), many Adam steps
// per call with no JS↔C++ traffic between them. It computes what the tfjs path computes (buildModel + trainStep +
// HostAdam: ReLU hidden layers, linear logits, softmax cross-entropy averaged over the batch, tfjs's Adam rule in
// double precision), so the tfjs path stays the oracle it is tested against (test/engine-native.test.ts).
// Optional by design: the addon may be missing or older than this file, and nothing else in lib/ requires it;
// callers check engineAvailable() (or loadEngine().reason) and fall back to the tfjs trainer.
import type { DataSplit } from '../data/datasets';
import { loadNative } from '../kernels/native';
import { edgeSourceIndex } from '../layers/edge-values';
import { nnz, validateCsr, type Csr } from '../topology/csr';

/** Hidden layers are ReLU, the output layer linear (its logits feed the loss). */
export type EngineActivation = 'relu' | 'linear';

export interface EngineLayer {
  /** The layer's graph: one row per output unit, sorted columns (lib/topology/csr.ts). */
  csr: Csr;
  /** One weight per edge, CSR order (e.g. heUniformFanIn(csr, seed), as SparseDense initialises). */
  values: Float32Array;
  /** nOut biases. */
  bias: Float32Array;
  activation: EngineActivation;
  /**
   * Shared weights (a convolution as a graph, lib/topology/conv-graph.ts): edge k's weight is params[tie[k]] and output
   * j's bias biasParams[biasTie[j]]; training updates the shared values (their gradient is the sum over their edges),
   * and `values`/`bias` above are read back as the per-edge copies. Such a layer's graph is fixed (no rewiring).
   */
  tied?: SharedWeights;
  /** Never updated (a fixed averaging layer): gradients flow through it to the layers below. Its graph is fixed. */
  frozen?: boolean;
}

export interface SharedWeights {
  tie: Int32Array;
  params: Float32Array;
  biasTie: Int32Array;
  biasParams: Float32Array;
}

export interface AdamSettings {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  /** Default 1e-7: tf.backend().epsilon() of every float32 tfjs backend, which HostAdam uses. */
  epsilon?: number;
}

export interface TrainBatchesOptions {
  /** One learning rate per step (a schedule); otherwise the trainer's current rate for every step. */
  learningRates?: Float64Array;
  /** Also return each batch's mean loss (as trainStep returns it). */
  stepLoss?: boolean;
}

export interface TrainBatchesResult {
  /** Σ over trained examples of the per-example cross-entropy. */
  lossSum: number;
  /** Trained examples whose first arg-max logit is the label (tf.argMax's tie rule). */
  correct: number;
  seen: number;
  /** Batches applied. */
  steps: number;
  /** Batch index (into the order) whose loss was not finite: training stopped there, its update not applied. */
  stoppedAt: number | null;
  stepLoss?: Float64Array;
}

export interface EngineEvaluation {
  lossSum: number;
  correct: number;
  seen: number;
  /** lossSum / seen and correct / seen, as lib/train/evaluate.ts reports them. */
  loss: number;
  accuracy: number;
}

/** RigL grow candidates of one layer, ascending by position j·nIn + i. */
export interface GrowCandidates {
  rows: Int32Array;
  cols: Int32Array;
  /** |dL/dW| at each candidate. */
  scores: Float32Array;
}

export interface AdamMoments {
  m: Float32Array;
  v: Float32Array;
  biasM: Float32Array;
  biasV: Float32Array;
}

/** The machine's arithmetic peak measured by the addon (FMA chains on every pool thread, at the engine's ISA). */
export interface PeakFlops {
  gflops: number;
  threads: number;
  isa: string;
}

interface NativeEngineObject {
  train(images: Float32Array, labels: Uint8Array, order: Int32Array, firstBatch: number, steps: number,
    batchSize: number, stepLoss: Float64Array | null, learningRates: Float64Array | null):
    { lossSum: number; correct: number; seen: number; steps: number; stoppedAt: number };
  evaluate(images: Float32Array, labels: Uint8Array, indices: Int32Array, batchSize: number):
    { lossSum: number; correct: number; seen: number };
  values(l: number): Float32Array;
  bias(l: number): Float32Array;
  moments(l: number): AdamMoments;
  setValues(l: number, v: Float32Array): void;
  setBias(l: number, v: Float32Array): void;
  setTopology(l: number, rowPtr: Int32Array, colIdx: Int32Array, sourceIndex: Int32Array): void;
  growCandidates(l: number, images: Float32Array, labels: Uint8Array, indices: Int32Array, k: number,
    keptRowPtr: Int32Array, keptColIdx: Int32Array): GrowCandidates;
  denseGradient(l: number, images: Float32Array, labels: Uint8Array, indices: Int32Array): Float32Array;
  setLearningRate(lr: number): void;
  state(): { step: number; learningRate: number; nnz: number[] };
  releaseBuffers(): void;
  dispose(): void;
}

interface EngineAddon {
  TrainEngine: new (layers: object[], adam: object) => NativeEngineObject;
  peakFlops(seconds: number): PeakFlops;
}

// `reason?: undefined` on the ok side so `l.reason` type-checks without narrowing (tslab, see lib/kernels/native.ts).
export type EngineLoad = { ok: true; addon: EngineAddon; reason?: undefined } | { ok: false; reason: string };

/** Whether the addon has the engine; never throws (the reason says why not). */
export function loadEngine(): EngineLoad {
  const l = loadNative();
  if (!l.ok) return { ok: false, reason: l.reason };
  const addon = l.addon as unknown as Partial<EngineAddon>;
  if (typeof addon.TrainEngine !== 'function' || typeof addon.peakFlops !== 'function') {
    return { ok: false, reason: `the addon at ${l.file} has no training engine (rebuild it: npm run install)` };
  }
  return { ok: true, addon: addon as EngineAddon };
}

export function engineAvailable(): boolean {
  return loadEngine().ok;
}

function requireEngine(): EngineAddon {
  const l = loadEngine();
  if (!l.ok) throw new Error(`native training engine unavailable: ${l.reason}`);
  return l.addon;
}

/** FMA peak of this machine over about `seconds` (default 0.1 s) on all pool threads. */
export function peakFlops(seconds = 0.1): PeakFlops {
  return requireEngine().peakFlops(seconds);
}

/** Positions j·nIn + i of grow candidates (for lib/sparsity/select.ts), when they fit an Int32Array. */
export function candidatePositions(c: GrowCandidates, nIn: number, nOut: number): Int32Array {
  if (nIn * nOut > 2 ** 31 - 1) throw new RangeError(`candidatePositions: ${nIn}×${nOut} positions overflow int32`);
  return Int32Array.from(c.rows, (j, t) => j * nIn + c.cols[t]);
}

/**
 * A network trained by the engine. It owns its weights, Adam state and buffers (copied in at construction); read
 * them back with values/bias. Call dispose() when done: the buffers of a wide network are large.
 */
export class NativeTrainer {
  private engine: NativeEngineObject | null;
  private readonly graphs: Csr[];

  constructor(layers: EngineLayer[], adam: AdamSettings) {
    const addon = requireEngine();
    layers.forEach((l, i) => {
      validateCsr(l.csr);
      if (l.activation !== 'relu' && l.activation !== 'linear') throw new Error(`NativeTrainer: layer ${i}: unknown activation '${l.activation}'`);
    });
    this.graphs = layers.map(l => copyCsr(l.csr));
    this.engine = new addon.TrainEngine(layers.map(l => ({
      nIn: l.csr.nIn, nOut: l.csr.nOut, relu: l.activation === 'relu', frozen: l.frozen === true,
      rowPtr: l.csr.rowPtr, colIdx: l.csr.colIdx,
      ...(l.tied ? { tie: l.tied.tie, params: l.tied.params, biasTie: l.tied.biasTie, biasParams: l.tied.biasParams } : { values: l.values, bias: l.bias }),
    })), { learningRate: adam.learningRate, beta1: adam.beta1 ?? 0.9, beta2: adam.beta2 ?? 0.999, epsilon: adam.epsilon ?? 1e-7 });
  }

  private get native(): NativeEngineObject {
    if (!this.engine) throw new Error('NativeTrainer: disposed');
    return this.engine;
  }

  get layerCount(): number { return this.graphs.length; }
  /** Adam steps taken so far (the t of the bias corrections). */
  get step(): number { return this.native.state().step; }
  get learningRate(): number { return this.native.state().learningRate; }
  /** Takes effect from the next step (a per-epoch schedule sets it between calls). */
  set learningRate(lr: number) { this.native.setLearningRate(lr); }

  /**
   * `steps` Adam steps on batches firstBatch, firstBatch+1, … of `order` (batch b = order[b·batchSize ..], the
   * last batch of an order may be short), exactly as that many trainStep calls on those batches.
   */
  trainBatches(split: DataSplit, order: Int32Array, firstBatch: number, steps: number, batchSize: number,
    opts: TrainBatchesOptions = {}): TrainBatchesResult {
    const stepLoss = opts.stepLoss ? new Float64Array(steps) : null;
    const r = this.native.train(split.images, split.labels, order, firstBatch, steps, batchSize, stepLoss, opts.learningRates ?? null);
    return { ...r, stoppedAt: r.stoppedAt < 0 ? null : r.stoppedAt, ...(stepLoss ? { stepLoss: stepLoss.subarray(0, r.steps) } : {}) };
  }

  /** Loss and accuracy over `indices` (default: the whole split), forward only. */
  evaluate(split: DataSplit, indices?: Int32Array, batchSize = 1000): EngineEvaluation {
    const idx = indices ?? Int32Array.from({ length: split.count }, (_, i) => i);
    const r = this.native.evaluate(split.images, split.labels, idx, batchSize);
    return { ...r, loss: r.seen ? r.lossSum / r.seen : NaN, accuracy: r.seen ? r.correct / r.seen : NaN };
  }

  /** Copies of layer l's weights (CSR order) and biases: for snapshots (best epoch) and tests. */
  values(l: number): Float32Array { return this.native.values(l); }
  bias(l: number): Float32Array { return this.native.bias(l); }
  setValues(l: number, values: Float32Array): void { this.native.setValues(l, values); }
  setBias(l: number, bias: Float32Array): void { this.native.setBias(l, bias); }
  /** Copies of layer l's Adam moments (a tied layer's: of its shared weights and biases). */
  moments(l: number): AdamMoments { return this.native.moments(l); }
  /** Layer l's current graph (a copy held here; do not mutate). */
  csr(l: number): Csr { return this.graphs[l]; }

  /**
   * Install a new graph for layer l, the one rewiring mechanism on the engine: kept edges keep their weight and Adam
   * moments, new edges start at 0 with zero moments, the bias is untouched. `sourceIndex[k]` is the old edge of new
   * edge k or -1 (default: edgeSourceIndex(current graph, csr), as SparseDense.setTopology + HostAdam.remapState).
   */
  setTopology(l: number, csr: Csr, sourceIndex?: Int32Array): void {
    validateCsr(csr);
    const old = this.graphs[l];
    if (!old) throw new RangeError(`NativeTrainer.setTopology: no layer ${l}`);
    if (csr.nIn !== old.nIn || csr.nOut !== old.nOut) throw new Error(`NativeTrainer.setTopology: ${csr.nIn}→${csr.nOut} given for a ${old.nIn}→${old.nOut} layer`);
    const own = copyCsr(csr);
    this.native.setTopology(l, own.rowPtr, own.colIdx, sourceIndex ?? edgeSourceIndex(old, own));
    this.graphs[l] = own;
  }

  /**
   * RigL's grow step for layer l: the k positions of largest |dL/dW| on the batch `indices` of `split` (current
   * weights, no update), among positions that are not edges of `kept`. Ties go to the lower position; fewer than k
   * come back when fewer positions are free. Block-wise: memory O(batch·nIn + k), never nOut·nIn.
   */
  growCandidates(l: number, split: DataSplit, indices: Int32Array, k: number, kept: Csr): GrowCandidates {
    return this.native.growCandidates(l, split.images, split.labels, indices, k, kept.rowPtr, kept.colIdx);
  }

  /** dL/dW of layer l at every position, row-major nOut × nIn (entry j·nIn + i): small layers and tests only. */
  denseGradient(l: number, split: DataSplit, indices: Int32Array): Float32Array {
    return this.native.denseGradient(l, split.images, split.labels, indices);
  }

  /** Edges per layer as the engine holds them. */
  nnz(): number[] { return this.graphs.map(nnz); }

  /** Frees the activation buffers until the next call (weights and Adam state stay). */
  releaseBuffers(): void { this.native.releaseBuffers(); }

  dispose(): void {
    this.engine?.dispose();
    this.engine = null;
  }
}

function copyCsr(c: Csr): Csr {
  return { nIn: c.nIn, nOut: c.nOut, rowPtr: c.rowPtr.slice(), colIdx: c.colIdx.slice() };
}
