// A lenet5 run's network from its config: C3's channel table from the config's channel class, the fully connected
// layers' graphs allocated over their sizes as an MLP's are (density, allocation, dense output), seeds per layer.
import { DATASET_SHAPES } from '../data/datasets';
import { LENET5_KERNEL, LENET5_POOL, lenet5FullyConnectedSizes, lenet5Layers, lenet5Units, type CnnLayer } from '../engine/lenet5';
import { allocateDensities } from '../topology/allocation';
import { channelTable } from '../topology/channel-table';
import { layerSeed, networkSpecs } from '../topology/network';
import { nnz } from '../topology/csr';
import type { TopologyKind, TopologySpec } from '../topology/spec';
import { LENET5_CHANNELS, type LayerSummary, type TrainConfig } from './config';

// Layer indices of the network (C1 0, S2 1, C3 2, S4 3, then the fully connected layers): each layer's seed is
// layerSeed(seed, index), so the channel table, the kernels and the fully connected graphs never share a stream.
const TABLE_LAYER = 2, FIRST_FC_LAYER = 4;

export function lenet5Network(config: TrainConfig): CnnLayer[] {
  const { image, classes } = DATASET_SHAPES[config.dataset];
  const channels = config.channels ?? LENET5_CHANNELS;
  const fullyConnected = lenet5FullyConnectedSpecs(config).specs;
  const table = channelTable(config.channelTopology ?? 'dense', channels[0], channels[1], config.channelDensity ?? 1, layerSeed(config.seed, TABLE_LAYER));
  return lenet5Layers({ image, channels, channelTable: table, hidden: config.arch, classes, fullyConnected, seed: config.seed });
}

/** The record's view of each layer: its kind, graph class (C3's table class, 'average' for a pool) and parameters. */
export function lenet5Summaries(config: TrainConfig, layers: CnnLayer[]): LayerSummary[] {
  return layers.map(({ kind, engine: { csr }, label, params }, l) => ({
    nIn: csr.nIn, nOut: csr.nOut, nnz: nnz(csr), density: nnz(csr) / (csr.nIn * csr.nOut),
    topology: kind === 'pool' ? 'average' : kind === 'fc' ? label as TopologyKind : l === TABLE_LAYER ? config.channelTopology ?? 'dense' : 'dense',
    ...(kind === 'fc' ? {} : { kind, params }),
  }));
}

/** Units of every layer, input first (784, C1·28², C1·14², C3·10², C3·5², ...arch, classes), known without building. */
export function lenet5NetworkUnits(config: TrainConfig): number[] {
  const { image, classes } = DATASET_SHAPES[config.dataset];
  return [image[0] * image[1], ...lenet5Units({ image, channels: config.channels ?? LENET5_CHANNELS, hidden: config.arch, classes })];
}

/** At most how many edges the convolutions and pools hold (every window whole, C3 reading every map). */
export function lenet5ConvEdgeBound(config: TrainConfig): number {
  const units = lenet5NetworkUnits(config);
  const [c1] = config.channels ?? LENET5_CHANNELS;
  const k2 = LENET5_KERNEL ** 2, p2 = LENET5_POOL ** 2;
  return units[1] * k2 + units[2] * p2 + units[3] * c1 * k2 + units[4] * p2;
}

/** The fully connected layers' graph specs (for edge counts before building: lib/train/memory-estimate.ts). */
export function lenet5FullyConnectedSpecs(config: TrainConfig): { sizes: number[]; specs: TopologySpec[] } {
  const { image, classes } = DATASET_SHAPES[config.dataset];
  const sizes = lenet5FullyConnectedSizes({ image, channels: config.channels ?? LENET5_CHANNELS, hidden: config.arch, classes });
  const densities = allocateDensities(sizes, config.density, config.allocation, { denseOutput: config.denseOutput });
  const specs = networkSpecs(config.topology, densities, config.seed, config.topologyOptions)
    .map((spec, l) => ({ ...spec, seed: layerSeed(config.seed, FIRST_FC_LAYER + l) }));
  return { sizes, specs };
}
