// About how much memory a training run needs, from what it really holds: its connections (a sparse layer costs per
// edge, not per possible edge), the per-position arrays some methods keep (a masked kernel, pruning's dense start,
// SET's and RigL's occupancy and dense gradients) and its activations (batch × the widths of all layers). A sparse
// 784-100000-100000-10 network at fan-in 20 holds about 4M connections and fits in a few hundred MB; its dense twin
// holds 10^10 weights and is refused. Checked before any work (npm run train, npm run sweep) against the memory
// available (lib/base/available-memory.ts). Deliberately generous: the point is to refuse what cannot fit, not to
// squeeze runs into the last megabyte.
import { formatBytes } from '../base/format-bytes';
import { allocateDensities } from '../topology/allocation';
import { expectedNnz, generators } from '../topology/registry';
import { startSpecs } from '../sparsity/index';
import { effectiveSparsity, isPruneMethod } from '../sparsity/config';
import { LENET5_CHANNELS, layerSizes, type TrainConfig } from './config';
import { channelTable } from '../topology/channel-table';
import { lenet5ConvEdgeBound, lenet5FullyConnectedSpecs, lenet5NetworkUnits } from './lenet5-network';
import { DATASET_SHAPES } from '../data/datasets';
import type { TopologySpec } from '../topology/spec';

/** Per connection of a CSR layer: value, gradient, Adam's two moments, best-epoch copy (float32); index, CSC (int32). */
export const BYTES_PER_CONNECTION = 48;
/** Per kernel position of a masked layer: kernel, mask, masked product, gradient, two moments, best-epoch copy. */
export const BYTES_PER_MASKED_POSITION = 28;
/** Per position of a layer rewired by SET (occupancy byte, free-position index) or RigL (plus a dense gradient pass). */
export const BYTES_PER_POSITION = { set: 5, rigl: 25 } as const;
/** Per unit of every layer per training example: output, pre-activation, gradient, a tfjs temporary (float32). */
export const BYTES_PER_ACTIVATION = 16;
/** Per unit per evaluated example (no gradients): output and pre-activation. */
export const BYTES_PER_EVAL_ACTIVATION = 8;
/** The 70,000 MNIST/Fashion-MNIST images as bytes and float32, the runtime (node, tfjs, wasm) and its heaps. */
export const FIXED_BYTES = 70_000 * 784 * 5 + 300 * 2 ** 20;
/** Examples per evaluation batch (lib/train/evaluate.ts). */
const EVAL_BATCH = 1000;

export interface RunMemory {
  sizes: number[];
  /** Connections the run starts with (pruning starts dense). */
  connections: number;
  bytes: number;
}

/**
 * The estimate for a validated config. Connections come from the generators' exact edge-count formulas, not from
 * building anything, and no layer shape is refused here: whether today's generators can build a shape is a separate
 * question (runBuildProblem), so a wider-capable engine needs no change here.
 */
export function estimateRunMemory(config: TrainConfig, { features, classes } = DATASET_SHAPES[config.dataset]): RunMemory {
  if (config.model === 'lenet5') return estimateLenet5Memory(config);
  const sizes = layerSizes(config, features, classes);
  const densities = allocateDensities(sizes, config.density, config.allocation, { denseOutput: config.denseOutput });
  const specs = startSpecs(config, densities);
  const method = effectiveSparsity(config).method;
  let connections = 0, bytes = FIXED_BYTES;
  specs.forEach((spec, l) => {
    const nIn = sizes[l], nOut = sizes[l + 1];
    const nnz = generators[spec.kind].nnz(nIn, nOut, spec.density);
    connections += nnz;
    const positions = nIn * nOut;
    if (config.mode === 'masked') bytes += positions * BYTES_PER_MASKED_POSITION;
    else bytes += nnz * BYTES_PER_CONNECTION;
    if ((method === 'set' || method === 'rigl') && densities[l] < 1) bytes += positions * BYTES_PER_POSITION[method];
  });
  const units = sizes.reduce((s, n) => s + n, 0);
  bytes += Math.max(config.batchSize * BYTES_PER_ACTIVATION, EVAL_BATCH * BYTES_PER_EVAL_ACTIVATION) * units;
  return { sizes, connections, bytes };
}

// LeNet-5: every conv and pool edge at a connection's cost (a bound: windows at the border are cut, C3 may read fewer
// maps), the fully connected layers from their generators' edge counts, activations of every layer as for an MLP.
function estimateLenet5Memory(config: TrainConfig): RunMemory {
  const sizes = lenet5NetworkUnits(config);
  const fc = lenet5FullyConnectedSpecs(config);
  const connections = lenet5ConvEdgeBound(config) + fc.specs.reduce((s, spec, l) => s + generators[spec.kind].nnz(fc.sizes[l], fc.sizes[l + 1], spec.density), 0);
  const units = sizes.reduce((s, n) => s + n, 0);
  const bytes = FIXED_BYTES + connections * BYTES_PER_CONNECTION
    + Math.max(config.batchSize * BYTES_PER_ACTIVATION, EVAL_BATCH * BYTES_PER_EVAL_ACTIVATION) * units;
  return { sizes, connections, bytes };
}

/** A short name for messages, e.g. "784-300-100-10 random at 10%, sparse mode, batch 128". */
export function runLabel(config: TrainConfig): string {
  const method = effectiveSparsity(config).method;
  const { features, classes } = DATASET_SHAPES[config.dataset];
  if (config.model === 'lenet5') {
    const [c1, c3] = config.channels ?? LENET5_CHANNELS;
    return `lenet5 ${c1}-${c3} maps (C3 table ${config.channelTopology ?? 'dense'}${config.channelDensity !== undefined && config.channelDensity < 1 ? ` at ${+(config.channelDensity * 100).toFixed(3)}%` : ''}), `
      + `fully connected ${lenet5FullyConnectedSpecs(config).sizes.join('-')} ${config.topology}${config.density < 1 ? ` at ${+(config.density * 100).toFixed(3)}%` : ''}, batch ${config.batchSize}`;
  }
  return `${layerSizes(config, features, classes).join('-')} ${config.topology}${config.density < 1 ? ` at ${+(config.density * 100).toFixed(3)}%` : ''}`
    + `${method !== 'fixed' ? ` by ${method}${isPruneMethod(method) ? ' (starts dense)' : ''}` : ''}, ${config.mode} mode, batch ${config.batchSize}`;
}

/** Why today's generators cannot build one of the run's layers (e.g. more than 2^31-1 possible edges), or undefined. */
export function runBuildProblem(config: TrainConfig, { features, classes } = DATASET_SHAPES[config.dataset]): string | undefined {
  if (config.model === 'lenet5') return lenet5BuildProblem(config);
  const sizes = layerSizes(config, features, classes);
  const densities = allocateDensities(sizes, config.density, config.allocation, { denseOutput: config.denseOutput });
  return layersProblem(startSpecs(config, densities), sizes, 'layer');
}

/** The first layer whose graph the generators cannot build, named `${what} N (nIn→nOut)`, or undefined. */
function layersProblem(specs: readonly TopologySpec[], sizes: readonly number[], what: string): string | undefined {
  for (let l = 0; l < specs.length; l++) {
    try { expectedNnz(specs[l], sizes[l], sizes[l + 1]); } catch (err) { return `${what} ${l + 1} (${sizes[l]}→${sizes[l + 1]}): ${(err as Error).message}`; }
  }
  return undefined;
}

/** Why the run cannot fit in `availableBytes` ("needs about … but … is available"), or undefined. */
export function runMemoryProblem(config: TrainConfig, availableBytes: number): string | undefined {
  const m = estimateRunMemory(config);
  if (m.bytes <= availableBytes) return undefined;
  return `needs about ${formatBytes(m.bytes)} of memory (${m.connections.toLocaleString('en-US')} connections) but ${formatBytes(availableBytes)} is available`;
}

// The channel table is a few dozen pairs: built here to check it; the fully connected layers as an MLP's are checked.
function lenet5BuildProblem(config: TrainConfig): string | undefined {
  const [c1, c3] = config.channels ?? LENET5_CHANNELS;
  try { channelTable(config.channelTopology ?? 'dense', c1, c3, config.channelDensity ?? 1, 1); } catch (err) { return `C3 channel table: ${(err as Error).message}`; }
  const { sizes, specs } = lenet5FullyConnectedSpecs(config);
  return layersProblem(specs, sizes, 'fully connected layer');
}
