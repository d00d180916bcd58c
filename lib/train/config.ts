// What a training run is (its config) and what it leaves behind (its record): the contract between the trainer,
// the `train` CLI, the sweep runner and the result store.
import type { TopologyKind } from '../topology/spec';
import type { DatasetName } from '../data/datasets';
import type { AllocationMethod } from '../topology/allocation';
import type { SparsityConfig } from '../sparsity/config';
import type { LayerMetrics } from '../topology/metrics';
import type { LayerMode } from '../layers/mode';
import { MODEL_FAMILIES, type EngineName, type ModelFamily } from '../engine/engine';
import type { LearningRateSchedule } from './lr-schedule';
import type { ChannelTopology } from '../topology/channel-table';

export type { DatasetName, SparsityConfig, LayerMode, ChannelTopology };
export { MODEL_FAMILIES, type ModelFamily };
/** LeNet-5's feature maps in C1 and C3, and the widths of its fully connected layers F5 and F6. */
export const LENET5_CHANNELS: readonly [number, number] = [6, 16];
export const LENET5_HIDDEN: readonly number[] = [120, 84];
export type Allocation = AllocationMethod;

export interface TrainConfig {
  dataset: DatasetName;
  /**
   * Absent: an MLP ('mlp' is written as no field, so configs from before CNNs keep their run keys). 'lenet5': LeNet-5's
   * convolutions and pools (lib/engine/lenet5.ts) before fully connected layers of widths `arch`; topology, density and
   * allocation then describe the fully connected layers, channelTopology and channelDensity C3's channel table.
   */
  model?: ModelFamily;
  /** LeNet-5: which S2 maps each C3 map reads, a graph class at channelDensity or LeCun's 'c3' table (absent: dense). */
  channelTopology?: ChannelTopology;
  /** LeNet-5: density of the channel table for the graph classes (absent: 1; c3 and dense ignore it). */
  channelDensity?: number;
  /** LeNet-5: feature maps of C1 and C3 (absent: 6 and 16). */
  channels?: [number, number];
  /** Hidden layer sizes, e.g. [300, 100] for 784-300-100-10 (LeNet-5: its fully connected layers, [120, 84]). */
  arch: number[];
  topology: TopologyKind;
  /** Options of the graph class (small-world's `rewire` probability); absent: the class's defaults. */
  topologyOptions?: Record<string, string | number>;
  /**
   * A seeded permutation of the input pixels, the same for training and test images: it destroys the images' locality
   * and leaves everything else equal (the control for local graphs). Absent: the pixels in their own order.
   */
  permutePixels?: number;
  /** Target fraction of connections over the whole network, in (0, 1]. */
  density: number;
  allocation: Allocation;
  /** Keep the last (output) layer fully connected. */
  denseOutput: boolean;
  mode: LayerMode;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Fraction of the training set held out for validation (seeded split). */
  validationFraction: number;
  seed: number;
  /** Use only the first N training examples (after the validation split); for quick presets. */
  trainLimit?: number;
  /** Stop after this many epochs without a validation-accuracy improvement; 0 or absent = never. */
  earlyStopPatience?: number;
  /** How the learning rate changes over the run's steps (lib/train/lr-schedule); absent = 'constant', and omitted
   *  rather than written so configs from before the field keep their run keys. */
  learningRateSchedule?: LearningRateSchedule;
  /**
   * How the graph changes during training (lib/sparsity): absent means 'fixed', and is omitted rather than written
   * as { method: 'fixed' } so old configs keep their run keys. Prune methods start dense and end at `density`;
   * set/rigl start at `density` with `topology` and keep that edge count.
   */
  sparsity?: SparsityConfig;
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
  seconds: number;
}

export interface LayerSummary {
  nIn: number;
  nOut: number;
  nnz: number;
  density: number;
  /** The generator of the layer's starting graph ('dense' at density 1). With a dynamic `sparsity` the graph ends
   *  elsewhere (nnz and density above are the final graph's); prune methods report 'random', their only allowed kind.
   *  A convolution reports its channel table's class, a pool 'average'. */
  topology: TopologyKind | ChannelTopology | 'average';
  /** A CNN's convolution or pooling layer (absent: fully connected). */
  kind?: 'conv' | 'pool';
  /** A convolution's trainable weights (shared: each counted once) and biases (one per map). */
  params?: number;
  /**
   * The final graph's structure and expansion, recorded only when training changed the graph (a dynamic `sparsity`)
   * and the layer is sparse: a fixed graph is measured again from its spec, a rewired one exists nowhere else.
   */
  finalGraph?: FinalGraphMetrics;
}

export type FinalGraphMetrics = Pick<LayerMetrics, 'spectralGap' | 'algebraicConnectivity' | 'deadInputs' | 'deadOutputs' | 'fanIn' | 'fanOut'>;

export interface RunRecord {
  config: TrainConfig;
  status: 'ok' | 'failed';
  error?: string;
  epochs: EpochMetrics[];
  epochSeconds: number[];
  /** 1-based epoch with the best validation accuracy. */
  bestEpoch: number;
  testAccuracy: number;
  testLoss: number;
  /** Trainable parameters (connections + biases; a convolution's shared weights and biases counted once each). */
  params: number;
  /** Connections (edges that carry a trainable weight) summed over layers: a CNN's pooling edges are not counted. */
  connections: number;
  layers: LayerSummary[];
  /** The tfjs backend of a run on the tfjs engine ('none' on the native engine, which does not load tfjs). */
  backend: string;
  /** The engine that trained the run (absent in records from before the native engine: tfjs). */
  engine?: EngineName;
  kernel: 'native' | 'typescript' | 'masked';
  versions: Record<string, string>;
  gitCommit: string;
  startedAt: string;
  wallSeconds: number;
}

/** Layer widths including input and output, e.g. [784, 300, 100, 10]. */
export function layerSizes(config: Pick<TrainConfig, 'arch'>, features: number, classes: number): number[] {
  return [features, ...config.arch, classes];
}
