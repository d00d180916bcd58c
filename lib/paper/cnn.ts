// Section 6.4: LeNet-5 with sparse channel tables and sparse fully connected layers (preset `cnn`), against the sparse
// MLPs of the paper's grid on the same axes. Configurations are the summary's groups (one per dataset, channel table,
// fully connected graph and density, over seeds); the dense reference of each family is its own dense network.
import type { StoredResult } from '../experiments/result-store';
import { flattenResult, groupRuns } from '../experiments/summary';
import { isDenseReference } from '../experiments/run-fields';
import { meanSd, type MeanSd } from '../base/stats';
import type { Figure } from '../plot/figure';
import { lineChart, type LineSeries } from '../plot/builders/lines';
import { count, densityLabel, markdownTable, percent, points } from './prose';
import type { SectionPart } from './section';

/** The MLP the CNNs are set beside: the paper grid's 784-300-100-10 (the fashion preset trains only it). */
export const CNN_PEER_ARCH = '784-300-100-10';
/** How close to its family's dense network a sparse configuration must stay to count as holding its accuracy. */
export const HOLD_WITHIN = 0.005;

export type Family = 'LeNet-5' | 'MLP';

export interface NetworkConfig {
  family: Family;
  dataset: string;
  /** 'C3 c3, fc dense' for a CNN, 'random 10%' for an MLP. */
  label: string;
  channelTable: string;
  /** The fully connected layers' graph: 'dense' or 'random 10%'. */
  fc: string;
  connections: number;
  params: number;
  accuracy: MeanSd;
  dense: boolean;
}

const fcLabel = (topology: string, density: number) => (topology === 'dense' ? 'dense' : `${topology} ${densityLabel(density)}`);

/** One entry per configuration over its seeds: the CNNs of `cnn`, and the fixed-graph MLPs of CNN_PEER_ARCH. */
export function networkConfigs(cnn: readonly StoredResult[], mlp: readonly StoredResult[]): NetworkConfig[] {
  const peers = mlp.filter(r => {
    const f = flattenResult(r);
    return f.arch === CNN_PEER_ARCH && f.sparsity === 'fixed' && f.allocation === 'uniform' && f.mode === 'sparse';
  });
  const configs = (runs: readonly StoredResult[], family: Family) =>
    [...groupRuns(runs, ['dataset', 'channelTable', 'topology', 'density']).values()].map((g): NetworkConfig => {
      const f = flattenResult(g[0]);
      const fc = fcLabel(f.topology, f.density);
      return {
        family, dataset: f.dataset, channelTable: f.channelTable, fc,
        label: family === 'LeNet-5' ? `C3 ${f.channelTable}, fc ${fc}` : fc,
        connections: meanSd(g.map(r => r.record.connections)).mean, params: meanSd(g.map(r => r.record.params)).mean,
        accuracy: meanSd(g.map(r => r.record.testAccuracy)),
        dense: isDenseReference(f) && (family === 'MLP' || f.channelTable === 'dense'),
      };
    });
  return [...configs(cnn.filter(r => r.record.config.model === 'lenet5'), 'LeNet-5'), ...configs(peers, 'MLP')];
}

const pm = (a: MeanSd) => `${percent(a.mean)} ± ${a.sd === null ? '—' : percent(a.sd)}`;
const datasetsOf = (configs: readonly NetworkConfig[]) =>
  [...new Set(configs.map(c => c.dataset))].sort((a, b) => Number(b === 'mnist') - Number(a === 'mnist') || a.localeCompare(b));

/** The best accuracy reached with at most x of the measure: each point is a configuration no smaller one beats. */
export function frontier(configs: readonly NetworkConfig[], measure: 'connections' | 'params'): NetworkConfig[] {
  const out: NetworkConfig[] = [];
  for (const c of [...configs].sort((a, b) => a[measure] - b[measure] || b.accuracy.mean - a.accuracy.mean)) {
    if (out.length === 0 || c.accuracy.mean > out[out.length - 1].accuracy.mean) out.push(c);
  }
  return out;
}

/** Accuracy against connections or parameters: each family's frontier per dataset (MNIST solid, Fashion-MNIST dashed). */
export function frontierFigure(configs: readonly NetworkConfig[], measure: 'connections' | 'params'): Figure {
  const series: LineSeries[] = [];
  for (const [i, dataset] of datasetsOf(configs).entries()) {
    for (const family of ['LeNet-5', 'MLP'] as const) {
      const f = frontier(configs.filter(c => c.family === family && c.dataset === dataset), measure);
      if (f.length) series.push({ name: `${family} (${dataset})`, dash: i === 0 ? 'solid' : 'dash',
        x: f.map(c => c[measure]), y: f.map(c => c.accuracy.mean) });
    }
  }
  const what = measure === 'connections' ? 'connections' : 'trainable parameters';
  return lineChart(series, {
    name: `future-cnn-frontier-${measure}`, title: `Best test accuracy within a budget of ${what}`,
    caption: `For each family and dataset, the best mean test accuracy (over seeds) of any configuration with at most that many ${what}: `
      + `LeNet-5 with every channel table and fully connected graph of preset cnn, the MLP ${CNN_PEER_ARCH} with every fixed graph class and density `
      + `of presets paper and fashion. MNIST solid, Fashion-MNIST dashed.`,
    xTitle: what, yTitle: 'test accuracy', logX: true, yTickformat: '.1%',
  });
}

interface Holding {
  family: Family;
  dataset: string;
  dense: NetworkConfig;
  /** The holding configurations with the fewest connections and the fewest parameters. */
  connections: NetworkConfig;
  params: NetworkConfig;
}

/** Per family and dataset, the smallest configurations within HOLD_WITHIN of the family's dense network. */
export function holdings(configs: readonly NetworkConfig[]): Holding[] {
  return datasetsOf(configs).flatMap(dataset => (['LeNet-5', 'MLP'] as const).flatMap(family => {
    const mine = configs.filter(c => c.family === family && c.dataset === dataset);
    const dense = mine.find(c => c.dense);
    if (!dense) return [];
    const holding = mine.filter(c => c.accuracy.mean >= dense.accuracy.mean - HOLD_WITHIN);
    const fewest = (m: 'connections' | 'params') => [...holding].sort((a, b) => a[m] - b[m])[0];
    return [{ family, dataset, dense, connections: fewest('connections'), params: fewest('params') }];
  }));
}

/**
 * Per dataset, how far each family's sparsity goes before it falls more than HOLD_WITHIN below its dense network;
 * then, per family with both datasets, the one where it stops holding at more connections (it fails first there).
 */
export function holdingLines(configs: readonly NetworkConfig[]): string[] {
  const all = holdings(configs);
  const share = (h: Holding, m: 'connections' | 'params') => h[m][m] / h.dense[m];
  const lines = datasetsOf(configs).flatMap(dataset => {
    const parts = all.filter(h => h.dataset === dataset).map(h => `${h.family} (dense ${pm(h.dense.accuracy)}): down to `
      + `${count(h.connections.connections)} connections (${percent(share(h, 'connections'), 1)} of its dense net's; ${h.connections.label}) `
      + `and ${count(h.params.params)} parameters (${percent(share(h, 'params'), 1)}; ${h.params.label})`);
    return parts.length ? [`**${dataset}**, within ${points(HOLD_WITHIN, 1)} of dense: ${parts.join('; ')}.`] : [];
  });
  for (const family of ['LeNet-5', 'MLP'] as const) {
    const mine = all.filter(h => h.family === family).sort((a, b) => share(b, 'connections') - share(a, 'connections'));
    if (mine.length < 2) continue;
    lines.push(`${family} stops holding first on ${mine[0].dataset}: it needs ${percent(share(mine[0], 'connections'), 1)} of its connections there, `
      + `${mine.slice(1).map(h => `${percent(share(h, 'connections'), 1)} on ${h.dataset}`).join(', ')}.`);
  }
  return lines;
}

/** LeNet-5 with dense fully connected layers: every channel table, largest first, with its gap to the dense table. */
export function channelTableRows(configs: readonly NetworkConfig[]): string[][] {
  const rows: string[][] = [];
  for (const dataset of datasetsOf(configs)) {
    const mine = configs.filter(c => c.family === 'LeNet-5' && c.dataset === dataset && c.fc === 'dense');
    const dense = mine.find(c => c.channelTable === 'dense');
    for (const c of [...mine].sort((a, b) => b.connections - a.connections || a.channelTable.localeCompare(b.channelTable))) {
      rows.push([dataset, c.channelTable, count(c.connections), count(c.params), `${pm(c.accuracy)} (n = ${c.accuracy.n})`,
        dense ? points(dense.accuracy.mean - c.accuracy.mean) : '—']);
    }
  }
  return rows;
}

/** C3 against the graph classes at its own density (62.5% of the map pairs), dense fully connected layers. */
export function c3Lines(configs: readonly NetworkConfig[]): string[] {
  return datasetsOf(configs).flatMap(dataset => {
    const mine = configs.filter(c => c.family === 'LeNet-5' && c.dataset === dataset && c.fc === 'dense');
    const c3 = mine.find(c => c.channelTable === 'c3');
    const peers = mine.filter(c => c.channelTable.endsWith(' 62.5%'));
    if (!c3 || peers.length === 0) return [];
    return [`${dataset}: C3 ${pm(c3.accuracy)}; at the same density ${peers.map(p => `${p.channelTable.replace(' 62.5%', '')} ${pm(p.accuracy)} `
      + `(${points(p.accuracy.mean - c3.accuracy.mean)} against C3)`).join(', ')}.`];
  });
}

/** Section 6.4: the tables, the frontiers on both axes, and where each family holds its dense accuracy. */
export function cnnSection(cnn: readonly StoredResult[], mlp: readonly StoredResult[]): SectionPart[] {
  if (!cnn.some(r => r.record.config.model === 'lenet5')) {
    return [{ markdown: '_Not yet: no `cnn` results (`npm run sweep -- --preset cnn`). Nothing here says how far a CNN\'s sparsity can go._' }];
  }
  const configs = networkConfigs(cnn, mlp);
  const c3 = c3Lines(configs);
  return [
    { markdown: `**Channel tables** (fully connected layers dense; mean ± sd over seeds; gap: dense table − this table)\n\n`
      + markdownTable(['dataset', 'C3 table', 'connections', 'parameters', 'test accuracy', 'gap'], channelTableRows(configs)) },
    ...(c3.length ? [{ markdown: `**LeCun's C3 against the graph classes at its density** (60 of 96 map pairs; random draws 60 pairs too; regular, circulant and pseudo-random give each C3 map round(0.625 · 6) = 4 inputs, 64 pairs):\n\n${c3.map(l => `- ${l}`).join('\n')}` }] : []),
    { figures: [frontierFigure(configs, 'connections'), frontierFigure(configs, 'params')] },
    { markdown: holdingLines(configs).map(l => `- ${l}`).join('\n') },
  ];
}

/** Section 6.4 in a few lines for the conclusion: how far each family's sparsity goes on each dataset. */
export function cnnInBrief(cnn: readonly StoredResult[], mlp: readonly StoredResult[]): string {
  const lines = cnn.some(r => r.record.config.model === 'lenet5') ? holdingLines(networkConfigs(cnn, mlp)) : [];
  return lines.length ? ['- Convolutional networks (section 6.4), LeNet-5 beside the MLP:', ...lines.map(l => `  - ${l}`)].join('\n')
    : '- Convolutional networks: no `cnn` results yet.';
}
