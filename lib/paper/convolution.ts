// Section 2.3: a convolution is a sparse, weight-tied graph. A small convolution drawn as the adjacency of its graph
// beside the graph classes, LeCun's C3 channel table, and LeNet-5 layer by layer: connections and trainable
// parameters against a dense layer of the same shape (all computed live from lib/engine/lenet5.ts; it is cheap).
import type { Figure } from '../plot/figure';
import { adjacencyHeatmap } from '../plot/builders/matrix';
import { lenet5Layers, type CnnLayer } from '../engine/lenet5';
import { channelTable, type ChannelTopology } from '../topology/channel-table';
import { convGraph } from '../topology/conv-graph';
import { nnz } from '../topology/csr';
import { networkSpecs } from '../topology/network';
import { paperTable } from './tables';
import { count, percent } from './prose';

/** The drawn convolution: one 6×6 map into two 3×3-kernel maps with padding 1 (36 inputs, 72 outputs). */
export const DEMO_CONV = { inChannels: 1, height: 6, width: 6, outChannels: 2, kernel: 3, padding: 1 } as const;

export function convolutionFigures(): Figure[] {
  const g = convGraph(DEMO_CONV);
  const c3 = channelTable('c3', 6, 16, 1, 1);
  return [
    adjacencyHeatmap(g.csr, {
      name: 'construction-convolution', topology: 'local', width: 640, height: 640,
      title: `3×3 convolution, 1 → 2 maps of 6×6: ${nnz(g.csr)} edges, ${g.params} shared weights`,
      caption: `A convolution as a layer graph: output unit (map, row, column) reads the 3×3 window around its pixel (padding 1), `
        + `so each output row holds up to 9 edges, and the ${nnz(g.csr)} edges share ${g.params} weights (9 per map) and 2 biases.`,
    }),
    adjacencyHeatmap(c3, {
      name: 'construction-c3-table', topology: 'regular', width: 420, height: 520,
      title: 'LeNet-5 C3 channel table: 60 of 96 map pairs',
      caption: 'LeCun et al. 1998, table I: which of the 6 S2 maps (columns) each of the 16 C3 maps (rows) reads.',
    }),
  ];
}

/** LeNet-5 on MNIST with the given C3 table and dense fully connected layers (the paper's network, ReLU and averaging). */
export function lenet5Demo(table: ChannelTopology = 'c3'): CnnLayer[] {
  return lenet5Layers({
    image: [28, 28], channels: [6, 16], channelTable: channelTable(table, 6, 16, 1, 1), hidden: [120, 84], classes: 10,
    fullyConnected: networkSpecs('dense', [1, 1, 1], 1), seed: 1,
  });
}

const LAYER_NAMES = ['C1 conv 5×5', 'S2 average 2×2', 'C3 conv 5×5', 'S4 average 2×2', 'F5', 'F6', 'output'];

/** Per layer: shape, connections and their density, trainable parameters and their share of a dense layer's. */
export function lenet5CostTable(layers: readonly CnnLayer[]): Figure {
  const rows = layers.map((l, i) => {
    const { nIn, nOut } = l.engine.csr, edges = nnz(l.engine.csr), dense = nIn * nOut;
    return [LAYER_NAMES[i], `${count(nIn)} → ${count(nOut)}`, count(edges), percent(edges / dense, 3), count(l.params),
      l.kind === 'pool' ? '— (fixed)' : percent(l.params / (dense + nOut), 3)];
  });
  return paperTable(['layer', 'units in → out', 'connections', 'of a dense layer', 'parameters', 'of a dense layer\'s'], rows, {
    name: 'construction-lenet5', width: 1000, columnWidths: [1.2, 1.1, 0.9, 0.9, 0.9, 1],
    caption: 'LeNet-5 (C3 with LeCun\'s table) as layer graphs: a convolution keeps a few percent of the connections of a '
      + 'dense layer of its shape and, sharing its weights, a far smaller share of the parameters. Pools average 2×2 windows '
      + 'with fixed weights.',
  });
}

/** The network's totals in words: connections and parameters against the dense MLP of the same layer sizes. */
export function lenet5Findings(layers: readonly CnnLayer[]): string {
  const learning = layers.filter(l => l.kind !== 'pool');
  const edges = learning.reduce((s, l) => s + nnz(l.engine.csr), 0), params = layers.reduce((s, l) => s + l.params, 0);
  const denseEdges = learning.reduce((s, l) => s + l.engine.csr.nIn * l.engine.csr.nOut, 0);
  const c3 = layers[2];
  return [
    `- LeNet-5 holds ${count(edges)} connections and ${count(params)} trainable parameters; dense layers of the same `
      + `sizes would hold ${count(denseEdges)} connections (${(denseEdges / edges).toFixed(0)}× as many).`,
    `- C3 alone: ${count(nnz(c3.engine.csr))} connections (${percent(nnz(c3.engine.csr) / (c3.engine.csr.nIn * c3.engine.csr.nOut))} of a dense `
      + `${count(c3.engine.csr.nIn)} × ${count(c3.engine.csr.nOut)} layer) carried by ${count(c3.params)} parameters: `
      + `each weight serves ${(nnz(c3.engine.csr) / (c3.params - 16)).toFixed(0)} connections.`,
  ].join('\n');
}
