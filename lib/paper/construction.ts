// Section 2: what a sparse layer is. Every graph class drawn on one small layer (adjacency, degrees, metrics — all
// computed live, it is cheap), and the cost of a whole network at a given density in parameters, MACs and bytes.
import type { Figure } from '../plot/figure';
import { adjacencyHeatmap } from '../plot/builders/matrix';
import { histogram } from '../plot/builders/distribution';
import { paperTable } from './tables';
import { generate, topologyKinds, generators } from '../topology/registry';
import type { Csr } from '../topology/csr';
import { fanIns, fanOuts, layerMetrics, type LayerMetrics } from '../topology/metrics';
import { allocatedCostTable, type CostRow } from '../topology/cost';
import type { TopologyKind } from '../topology/spec';
import { bytes, count, densityLabel } from './prose';

/**
 * The demonstration layer: small enough to see every edge, dense enough that each class shows its structure. Its
 * inputs form a 4×8 image, so the classes built on an image's geometry (local, small-world) draw their 2-D form.
 */
export const DEMO_LAYER: DemoLayer = { nIn: 32, nOut: 16, density: 0.25, seed: 1, inputShape: [4, 8] };

export type DemoLayer = { nIn: number; nOut: number; density: number; seed: number; inputShape?: [number, number] };

/** The sparse graph classes (every kind but dense), in registry order. */
export const sparseKinds = (): TopologyKind[] => topologyKinds.filter(k => k !== 'dense');

export interface DemoGraph {
  kind: TopologyKind;
  csr: Csr;
  metrics: LayerMetrics;
}

export function demoGraphs(layer: DemoLayer = DEMO_LAYER, kinds: readonly TopologyKind[] = sparseKinds()): DemoGraph[] {
  return kinds.map(kind => {
    const shaped = layer.inputShape && generators[kind].usesInputShape ? { inputShape: layer.inputShape } : {};
    const csr = generate({ kind, density: layer.density, seed: layer.seed, ...shaped }, layer.nIn, layer.nOut);
    return { kind, csr, metrics: layerMetrics(csr) };
  });
}

const shape = (g: DemoGraph) => `${g.csr.nIn} in × ${g.csr.nOut} out`;

/** One adjacency heatmap per class, then fan-in and fan-out histograms (one panel per class). */
export function demoFigures(graphs: readonly DemoGraph[], layer: DemoLayer = DEMO_LAYER): Figure[] {
  const at = `${shape(graphs[0])} at ${densityLabel(layer.density)}`;
  const heatmaps = graphs.map(g => adjacencyHeatmap(g.csr, {
    name: `construction-adjacency-${g.kind}`, topology: g.kind, width: 640, height: 420,
    caption: `Adjacency of a ${g.kind} layer, ${at} (row = output unit, column = input unit).`,
    title: `${g.kind}: ${g.metrics.nnz} edges, ${at}`,
  }));
  const degrees = (which: 'fan-in' | 'fan-out', f: (csr: Csr) => Int32Array) => histogram(
    graphs.map(g => ({ name: g.kind, topology: g.kind, values: Array.from(f(g.csr)) })),
    { name: `construction-${which}`, caption: `${which} of each unit of the demonstration layer (${at}), per graph class.`,
      title: `${which} per unit (${at})`, xTitle: which, facet: true });
  return [...heatmaps, degrees('fan-in', fanIns), degrees('fan-out', fanOuts)];
}

const metricColumns = ['class', 'edges', 'fan-in min/mean/max', 'fan-out min/mean/max', 'dead in/out', 'spectral gap', 'algebraic conn.'];

const minMeanMax = (s: { min: number; mean: number; max: number }) => `${s.min} / ${s.mean.toFixed(2)} / ${s.max}`;

export function demoMetricsTable(graphs: readonly DemoGraph[], layer: DemoLayer = DEMO_LAYER): Figure {
  return paperTable(metricColumns, graphs.map(({ kind, metrics: m }) => [
    kind, m.nnz, minMeanMax(m.fanIn), minMeanMax(m.fanOut), `${m.deadInputs} / ${m.deadOutputs}`,
    m.spectralGap.toFixed(3), m.algebraicConnectivity.toFixed(3),
  ]), {
    name: 'construction-metrics', columnWidths: [1.1, 0.6, 1.3, 1.3, 0.9, 0.9, 1],
    caption: `Graph metrics of the demonstration layer (${shape(graphs[0])} at ${densityLabel(layer.density)}) per class.`,
  });
}

export interface NetworkCost {
  kind: TopologyKind;
  total: CostRow;
  layers: CostRow[];
}

/** Whole-network cost per class at one density (uniform allocation), the dense network first. */
export function networkCosts(sizes: number[], density: number, denseOutput: boolean, kinds: readonly TopologyKind[] = topologyKinds): NetworkCost[] {
  return kinds.map(kind => {
    const rows = allocatedCostTable(sizes, kind === 'dense' ? 1 : density, 'uniform', kind, { denseOutput });
    return { kind, layers: rows.slice(0, -1), total: rows[rows.length - 1] };
  });
}

const costColumns = ['network', 'connections', 'MACs / image', 'MACs, masked mode', 'bytes dense format', 'bytes CSR', 'bytes by seed', 'first layer Big-O'];

/** The cost table as a figure; a masked layer computes (and stores) the dense kernel whatever its graph. */
export function costTableFigure(costs: readonly NetworkCost[], sizes: number[], density: number): Figure {
  const denseMacs = costs.find(c => c.kind === 'dense')?.total.macs ?? NaN;
  return paperTable(costColumns, costs.map(({ kind, total, layers }) => [
    kind === 'dense' ? 'dense' : `${kind} ${densityLabel(density)}`, count(total.nnz), count(total.macs),
    count(Number.isNaN(denseMacs) ? total.macs : denseMacs), bytes(total.denseBytes), bytes(total.csrBytes), bytes(total.seedBytes),
    layers[0].complexity,
  ]), {
    name: 'construction-cost', width: 1100, columnWidths: [1.4, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 2],
    caption: `Cost of ${sizes.join('-')} per graph class at ${densityLabel(density)} of the connections (uniform allocation): `
      + 'connections, multiply-adds per image (sparse and masked mode), storage dense / CSR / values-only with the graph regenerated from its seed.',
  });
}

/** What the demonstration layer shows, in numbers: dead units and the extremes of the two expansion measures. */
export function demoFindings(graphs: readonly DemoGraph[]): string {
  const by = (f: (g: DemoGraph) => number) => [...graphs].sort((a, b) => f(b) - f(a));
  const gap = by(g => g.metrics.spectralGap), conn = by(g => g.metrics.algebraicConnectivity);
  const dead = graphs.filter(g => g.metrics.deadInputs + g.metrics.deadOutputs > 0);
  const fmt = (g: DemoGraph, v: number) => `${g.kind} (${v.toFixed(3)})`;
  return [
    `- Largest spectral gap: ${fmt(gap[0], gap[0].metrics.spectralGap)}; smallest: ${fmt(gap[gap.length - 1], gap[gap.length - 1].metrics.spectralGap)}.`,
    `- Largest algebraic connectivity: ${fmt(conn[0], conn[0].metrics.algebraicConnectivity)}; smallest: ${fmt(conn[conn.length - 1], conn[conn.length - 1].metrics.algebraicConnectivity)}.`,
    dead.length
      ? `- Units left without any edge: ${dead.map(g => `${g.kind} ${g.metrics.deadInputs} input(s) / ${g.metrics.deadOutputs} output(s)`).join('; ')}.`
      : '- No class leaves a unit without edges at this size.',
  ].join('\n');
}

/** Each sparse class's storage relative to the dense network, in words. */
export function costFindings(costs: readonly NetworkCost[]): string {
  const dense = costs.find(c => c.kind === 'dense');
  if (!dense) return '';
  const share = (v: number) => `${(100 * v / dense.total.denseBytes).toFixed(1)}%`;
  return costs.filter(c => c.kind !== 'dense').map(c => `- ${c.kind}: ${count(c.total.nnz)} of ${count(dense.total.nnz)} connections; `
    + `CSR ${bytes(c.total.csrBytes)} (${share(c.total.csrBytes)} of the dense ${bytes(dense.total.denseBytes)}), `
    + `values only ${bytes(c.total.seedBytes)} (${share(c.total.seedBytes)}).`).join('\n');
}
