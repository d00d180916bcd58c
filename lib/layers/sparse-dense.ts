// SparseDense: a Dense layer whose kernel is restricted to a bipartite graph (CSR, one row per output unit).
// Modelled on tfjs-layers' Dense (core.ts). Two interchangeable modes with identical maths and identical init:
//  - 'masked': dense kernel variable [nIn, units] times a fixed 0/1 mask in call() (works on any backend). The mask
//    multiply also zeroes the kernel's gradient at masked positions, so Adam never moves them off their initial 0
//    (after a topology change, only if their Adam moments are zeroed too: setTopology returns the map for that).
//  - 'sparse': a `values` variable [nnz] in CSR edge order and the sparseMatMul custom op: O(batch·nnz) per call.
// The layer's current graph is one replaceable thing (`setTopology`), so pruning / SET / RigL (lib/sparsity) rewire it,
// in either mode, and any nnz: sparse mode then re-creates its `values` variable at the new length under the same name.
import * as tf from '@tensorflow/tfjs';
import type { DisposeResult, LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { validateCsr, type Csr } from '../topology/csr';
import type { TopologySpec } from '../topology/spec';
import type { LayerMode } from './mode';
import { getActivation, type ActivationFn, type ActivationIdentifier } from './activation';
import { carryOverValues, edgeSourceIndex, gatherFromKernel, kernelMask, scatterToKernel } from './edge-values';
import { heUniformFanIn } from './init';
import { sparseMatMul } from './sparse-matmul';
import { csrToConfig, isTopologySpec, resolveTopology, type TopologyConfig } from './topology-config';

export interface SparseDenseArgs extends LayerArgs {
  /** Output units (nOut). */
  units: number;
  /** A generator spec (realised at build time, when nIn is known) or an explicit CSR. */
  topology: TopologyConfig;
  activation?: ActivationIdentifier;
  useBias?: boolean;
  /** Default 'sparse'. */
  mode?: LayerMode;
  /** Init seed; defaults to the spec's seed (init uses its own rng stream). Required with an explicit CSR. */
  seed?: number;
  /** Provenance only: the spec an explicit CSR came from. getConfig() emits it; it is never regenerated. */
  topologySpec?: TopologySpec | null;
  /** False when the input is data (a first layer): sparse mode then skips the input-gradient kernel. Default true. */
  inputGradient?: boolean;
}

/** What a topology change did to the layer's connection variable, for optimizers that keep per-entry state. */
export interface TopologyChange {
  /** Registered name of the variable holding the connection weights (sparse mode: values; masked mode: kernel). */
  variable: string;
  /**
   * For every entry of that variable after the change: its index before the change, or -1 where the entry is not a
   * kept connection (a new edge, or in masked mode any position off the new graph). HostAdam.remapState takes this:
   * kept edges keep their moments, new edges start at zero, and masked positions get zero moments, so Adam's
   * leftover momentum cannot move a pruned kernel entry off 0.
   */
  sourceIndex: Int32Array;
}

export class SparseDense extends tf.layers.Layer {
  /** @nocollapse */
  static className = 'SparseDense';
  readonly units: number;
  readonly mode: LayerMode;
  readonly useBias: boolean;
  readonly seed: number;
  readonly inputGradient: boolean;
  private readonly activationId: ActivationIdentifier;
  private readonly activation: ActivationFn;
  private readonly topologyArg: TopologyConfig;
  private readonly topologySpec: TopologySpec | null;
  private topo: Csr | null = null;
  /** masked mode: kernel [nIn, units] and its 0/1 mask (a plain tensor: derived from the topology, never saved). */
  private kernelVar: tf.LayerVariable | null = null;
  private mask: tf.Tensor2D | null = null;
  /** sparse mode: one value per edge, CSR order. */
  private valuesVar: tf.LayerVariable | null = null;
  private biasVar: tf.LayerVariable | null = null;

  constructor(args: SparseDenseArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1) throw new Error(`SparseDense: units must be a positive integer (got ${args.units})`);
    this.units = args.units;
    this.mode = args.mode ?? 'sparse';
    if (this.mode !== 'sparse' && this.mode !== 'masked') throw new Error(`SparseDense: unknown mode '${this.mode}'`);
    this.useBias = args.useBias ?? true;
    this.inputGradient = args.inputGradient ?? true;
    this.activationId = args.activation ?? 'linear';
    this.activation = getActivation(this.activationId);
    this.topologyArg = args.topology;
    const spec = isTopologySpec(args.topology) ? args.topology : null;
    this.topologySpec = spec ?? args.topologySpec ?? null;
    const seed = args.seed ?? spec?.seed;
    if (seed == null) throw new Error('SparseDense: `seed` is required when the topology is an explicit CSR');
    this.seed = seed;
    this.inputSpec = [new tf.InputSpec({ ndim: 2 })];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = exactlyOneShape(inputShape);
    const nIn = shape[shape.length - 1];
    if (nIn == null) throw new Error('SparseDense: the last input dimension must be known');
    const csr = resolveTopology(this.topologyArg, nIn, this.units);
    const zeros = tf.initializers.zeros();
    // Variables start at zero and are overwritten by applyTopology with the fan-in-aware draw.
    if (this.mode === 'masked') this.kernelVar = this.addWeight('kernel', [nIn, this.units], 'float32', zeros);
    else this.valuesVar = this.addWeight('values', [csr.rowPtr[csr.nOut]], 'float32', zeros);
    if (this.useBias) this.biasVar = this.addWeight('bias', [this.units], 'float32', zeros);
    this.applyTopology(csr, heUniformFanIn(csr, this.seed));
    this.inputSpec = [new tf.InputSpec({ ndim: 2, axes: { [-1]: nIn } })];
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const out = exactlyOneShape(inputShape).slice();
    out[out.length - 1] = this.units;
    return out;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      const x = exactlyOneTensor(inputs) as tf.Tensor2D;
      const y: tf.Tensor2D = this.mode === 'masked'
        ? tf.matMul(x, tf.mul(this.kernelVar!.read(), this.mask!))
        : sparseMatMul(x, this.valuesVar!.read() as tf.Tensor1D, this.topo!, this.inputGradient);
      return this.biasAndActivation(y);
    });
  }

  /**
   * The rest of this layer's function after its linear part: bias and activation of y = x·W. With y computed from an
   * explicit dense kernel, differentiating a loss w.r.t. that kernel gives the DENSE gradient Xᵀ·dY at every
   * position, absent connections included: what RigL ranks to grow connections (lib/sparsity/dense-gradient.ts).
   */
  applyBiasAndActivation(y: tf.Tensor2D): tf.Tensor2D {
    this.requireBuilt();
    return this.biasAndActivation(y);
  }

  /**
   * Replace the layer's graph (same nIn → units), in either mode and with any nnz. `values` are per edge in the new
   * CSR order; without them, edges kept from the old graph keep their weights and new edges start at 0. Returns the
   * entry map of the connection variable, which an optimizer with per-entry state must apply (lib/sparsity/rewire.ts).
   */
  setTopology(csr: Csr, values?: ArrayLike<number>): TopologyChange {
    const old = this.requireBuilt();
    validateCsr(csr);
    if (csr.nIn !== old.nIn || csr.nOut !== old.nOut) {
      throw new Error(`SparseDense.setTopology: ${csr.nIn}→${csr.nOut} given for a ${old.nIn}→${old.nOut} layer`);
    }
    const own: Csr = { nIn: csr.nIn, nOut: csr.nOut, rowPtr: csr.rowPtr.slice(), colIdx: csr.colIdx.slice() };
    const v = values != null ? Float32Array.from(values) : carryOverValues(old, this.edgeValues(), own);
    const change = this.mode === 'sparse'
      ? { variable: this.valuesVar!.name, sourceIndex: edgeSourceIndex(old, own) }
      : { variable: this.kernelVar!.name, sourceIndex: keptKernelPositions(old, own) };
    this.applyTopology(own, v);
    return change;
  }

  /** The current graph (owned by the layer: do not mutate; use setTopology). */
  get csr(): Csr {
    return this.requireBuilt();
  }

  get nnz(): number {
    const csr = this.requireBuilt();
    return csr.rowPtr[csr.nOut];
  }

  /** The weights at the edges, CSR order (both modes). */
  edgeValues(): Float32Array {
    const csr = this.requireBuilt();
    if (this.mode === 'sparse') return Float32Array.from(this.valuesVar!.read().dataSync());
    return gatherFromKernel(csr, this.kernelVar!.read().dataSync());
  }

  /** The biases (a copy; zeros when the layer has none). */
  biasValues(): Float32Array {
    this.requireBuilt();
    return this.biasVar ? Float32Array.from(this.biasVar.read().dataSync()) : new Float32Array(this.units);
  }

  /** Overwrite the biases (a best-epoch restore, a model built from another engine's weights). */
  setBiasValues(bias: ArrayLike<number>): void {
    this.requireBuilt();
    if (!this.biasVar) throw new Error(`SparseDense '${this.name}' has no bias`);
    if (bias.length !== this.units) throw new Error(`SparseDense.setBiasValues: ${bias.length} values for ${this.units} units`);
    tf.tidy(() => { this.biasVar!.write(tf.tensor1d(Float32Array.from(bias))); });
  }

  /** The kernel the layer actually applies, in Dense layout [nIn, units], exact zeros off the graph. */
  effectiveKernel(): tf.Tensor2D {
    const csr = this.requireBuilt();
    if (this.mode === 'masked') return tf.tidy(() => tf.mul(this.kernelVar!.read(), this.mask!) as tf.Tensor2D);
    return tf.tensor2d(scatterToKernel(csr, this.edgeValues()), [csr.nIn, csr.nOut]);
  }

  /** The realised CSR goes into the config, so a saved model restores this exact graph (even after rewiring, and
   *  even if a generator changes later); the spec travels along as provenance only. */
  override getConfig(): tf.serialization.ConfigDict {
    const topology = this.topo != null ? csrToConfig(this.topo)
      : isTopologySpec(this.topologyArg) ? this.topologyArg
        : csrToConfig({ ...this.topologyArg, rowPtr: Int32Array.from(this.topologyArg.rowPtr), colIdx: Int32Array.from(this.topologyArg.colIdx) });
    const config: tf.serialization.ConfigDict = {
      units: this.units,
      activation: this.activationId,
      useBias: this.useBias,
      mode: this.mode,
      seed: this.seed,
      inputGradient: this.inputGradient,
      topology: topology as unknown as tf.serialization.ConfigDict,
      topologySpec: this.topologySpec as unknown as tf.serialization.ConfigDict | null,
    };
    Object.assign(config, super.getConfig());
    return config;
  }

  private biasAndActivation(y: tf.Tensor2D): tf.Tensor2D {
    const out = this.biasVar != null ? tf.add(y, this.biasVar.read()) : y;
    return this.activation.apply(out) as tf.Tensor2D;
  }

  override dispose(): DisposeResult {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0 && this.mask != null) {
      this.mask.dispose();
      this.mask = null;
    }
    return result;
  }

  private applyTopology(csr: Csr, values: Float32Array): void {
    const nnz = csr.rowPtr[csr.nOut];
    if (values.length !== nnz) throw new Error(`SparseDense: ${values.length} values for ${nnz} edges`);
    if (this.mode === 'sparse') {
      tf.tidy(() => {
        const t = tf.tensor1d(values);
        if (this.valuesVar!.shape[0] === nnz) this.valuesVar!.write(t);
        else resizeVariable(this.valuesVar!, t);
      });
    } else {
      // Stored kernel is exactly 0 off the graph, so kernel and effective kernel agree.
      tf.tidy(() => { this.kernelVar!.write(tf.tensor2d(scatterToKernel(csr, values), [csr.nIn, csr.nOut])); });
      const old = this.mask;
      this.mask = tf.keep(tf.tensor2d(kernelMask(csr), [csr.nIn, csr.nOut]));
      old?.dispose();
    }
    this.topo = csr;
  }

  private requireBuilt(): Csr {
    if (this.topo == null) throw new Error(`SparseDense '${this.name}' is not built yet`);
    return this.topo;
  }
}
tf.serialization.registerClass(SparseDense);

/**
 * Give a LayerVariable a new shape and value. tfjs fixes a LayerVariable's shape at creation, and creating a new one
 * would get a new unique name ('values_1'); instead its backing tf.Variable is replaced by one registered under the
 * SAME name. The LayerVariable object stays the one in the layer's weight lists, so model.trainableWeights,
 * getWeights/setWeights, save/load (by originalName) and optimizers (by variable name) all see the new variable.
 * This touches two fields tfjs declares readonly (val, shape); tfjs is pinned (4.22) and a test covers the round trip.
 */
function resizeVariable(variable: tf.LayerVariable, value: tf.Tensor): void {
  const internals = variable as unknown as { val: tf.Variable; shape: tf.Shape };
  const trainable = internals.val.trainable;
  internals.val.dispose(); // unregisters the name
  internals.val = tf.variable(value, trainable, variable.name, variable.dtype);
  internals.shape = value.shape;
}

/** Masked mode's entry map over kernel positions [nIn, nOut]: a position keeps its index if it is an edge of both graphs. */
function keptKernelPositions(prev: Csr, next: Csr): Int32Array {
  const before = kernelMask(prev), after = kernelMask(next);
  const out = new Int32Array(after.length);
  for (let p = 0; p < out.length; p++) out[p] = after[p] === 1 && before[p] === 1 ? p : -1;
  return out;
}

/** Factory in the style of tf.layers.dense. */
export function sparseDense(args: SparseDenseArgs): SparseDense {
  return new SparseDense(args);
}

function exactlyOneShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
  if (Array.isArray(shape[0])) {
    if (shape.length !== 1) throw new Error(`SparseDense expects one input, got ${shape.length}`);
    return shape[0] as tf.Shape;
  }
  return shape as tf.Shape;
}

function exactlyOneTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (!Array.isArray(inputs)) return inputs;
  if (inputs.length !== 1) throw new Error(`SparseDense expects one input, got ${inputs.length}`);
  return inputs[0];
}
